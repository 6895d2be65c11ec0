/**
 * A minimal SSE reader over a fetch body (tests and tools; the browser's ingest worker has
 * its own). Parses `id`, `event` and `data` fields and comment lines per the WHATWG
 * EventSource parsing rules for the subset the relay sends.
 */
export interface SseEvent {
	/** '' for comment lines (keepalives), else the event name ('message' when unnamed). */
	event: string;
	id?: string;
	data: string;
	comment?: string;
}

export class SseReader {
	private reader: ReadableStreamDefaultReader<Uint8Array>;
	private decoder = new TextDecoder();
	private buffer = '';
	private queue: SseEvent[] = [];
	private ended = false;

	constructor(body: ReadableStream<Uint8Array>) {
		this.reader = body.getReader();
	}

	/** The next event, or undefined when the stream ended. */
	async next(): Promise<SseEvent | undefined> {
		while (this.queue.length === 0 && !this.ended) {
			const { done, value } = await this.reader.read();
			if (done) this.ended = true;
			else this.parse(this.decoder.decode(value, { stream: true }));
		}
		return this.queue.shift();
	}

	/** Reads events until `stop` says so (inclusive), returning all of them. */
	async until(stop: (event: SseEvent, all: SseEvent[]) => boolean): Promise<SseEvent[]> {
		const all: SseEvent[] = [];
		for (;;) {
			const event = await this.next();
			if (!event) return all;
			all.push(event);
			if (stop(event, all)) return all;
		}
	}

	async cancel(): Promise<void> {
		await this.reader.cancel().catch(() => undefined);
	}

	private parse(text: string): void {
		this.buffer += text;
		let end: number;
		while ((end = this.buffer.indexOf('\n\n')) >= 0) {
			const block = this.buffer.slice(0, end);
			this.buffer = this.buffer.slice(end + 2);
			const event: SseEvent = { event: 'message', data: '' };
			const data: string[] = [];
			let onlyComments = true;
			for (const line of block.split('\n')) {
				if (line.startsWith(':')) {
					event.comment = line.slice(1).trim();
					continue;
				}
				onlyComments = false;
				const colon = line.indexOf(':');
				const field = colon < 0 ? line : line.slice(0, colon);
				const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
				if (field === 'event') event.event = value;
				else if (field === 'id') event.id = value;
				else if (field === 'data') data.push(value);
			}
			if (onlyComments) event.event = '';
			event.data = data.join('\n');
			this.queue.push(event);
		}
	}
}

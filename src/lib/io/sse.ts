/**
 * A small Server-Sent Events parser (the WHATWG "event stream interpretation"), fed with
 * decoded text as it arrives. Lines end with LF, CRLF or CR (also when a CRLF is split
 * across chunks); `data` lines join with "\n"; `:` lines are comments; an event is
 * dispatched at a blank line when it has data. Each piece is scanned once; the text after
 * its last line break is kept as pieces and joined once, when the line ends, so a 1 MB batch
 * arriving in 64 KB pieces is copied once (appending to one buffer made the engine flatten
 * the growing string at every scan: 12 % of the ingest worker's time in Chromium here).
 */

export interface SseEvent {
	/** `message` when the event had no `event:` field. */
	event: string;
	data: string;
	/** The `id:` of this event, when it had one. */
	id?: string;
	/** Reconnection time the server asked for, ms. */
	retry?: number;
}

export class SseParser {
	/** Text after the last line break, in the pieces it came in. */
	private pending: string[] = [];
	private skipLeadingLf = false;
	private eventType = '';
	private data: string[] = [];
	private id: string | undefined;
	private retry: number | undefined;
	private readonly lineEnd = /[\r\n]/g;

	constructor(
		private readonly onEvent: (event: SseEvent) => void,
		private readonly onComment: (text: string) => void = () => {}
	) {}

	push(text: string): void {
		if (text.length === 0) return;
		if (this.skipLeadingLf) {
			this.skipLeadingLf = false;
			if (text.charCodeAt(0) === 10) text = text.slice(1);
		}
		let lineStart = 0;
		this.lineEnd.lastIndex = 0;
		for (let match = this.lineEnd.exec(text); match; match = this.lineEnd.exec(text)) {
			const end = match.index;
			let line = text.slice(lineStart, end);
			if (this.pending.length > 0) {
				this.pending.push(line);
				line = this.pending.join('');
				this.pending = [];
			}
			this.line(line);
			if (text.charCodeAt(end) === 13) {
				if (end + 1 === text.length) {
					// a CR at the very end: a LF may start the next chunk
					this.skipLeadingLf = true;
					lineStart = end + 1;
					break;
				}
				lineStart = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
			} else lineStart = end + 1;
			this.lineEnd.lastIndex = lineStart;
		}
		if (lineStart < text.length) this.pending.push(text.slice(lineStart));
	}

	/** Text after the last line break is an incomplete line: discarded, as the spec says. */
	end(): void {
		this.pending = [];
		this.skipLeadingLf = false;
		this.reset();
	}

	private line(line: string): void {
		if (line === '') {
			this.dispatch();
			return;
		}
		if (line.charCodeAt(0) === 58) {
			this.onComment(line.slice(1).trimStart());
			return;
		}
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.charCodeAt(0) === 32) value = value.slice(1);
		switch (field) {
			case 'event':
				this.eventType = value;
				break;
			case 'data':
				this.data.push(value);
				break;
			case 'id':
				if (!value.includes('\u0000')) this.id = value;
				break;
			case 'retry':
				if (/^\d+$/.test(value)) this.retry = Number(value);
				break;
		}
	}

	private dispatch(): void {
		if (this.data.length > 0) {
			const event: SseEvent = { event: this.eventType || 'message', data: this.data.join('\n') };
			if (this.id !== undefined) event.id = this.id;
			if (this.retry !== undefined) event.retry = this.retry;
			this.onEvent(event);
		}
		this.reset();
	}

	private reset(): void {
		this.eventType = '';
		this.data = [];
		this.id = undefined;
		this.retry = undefined;
	}
}

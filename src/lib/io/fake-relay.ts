/**
 * An in-process stand-in for the relay's `/api/stream` (protocol/stream.ts), for Node tests
 * of the stream client and ingest engine: a `fetch` that answers with a streamed SSE body.
 * Not a mock of our own code: it plays the other side of the wire contract.
 */
import type { TelemetryBatch } from '../protocol/records';
import type { StreamGap } from '../protocol/stream';

export interface FakeRequest {
	url: string;
	after: number;
	lastEventId: string | null;
	authorization: string | null;
}

type Answer = { status: number; retryAfterSec?: number; body?: string } | 'stream' | 'silent';

export class FakeRelay {
	epoch = 'e1';
	batches: TelemetryBatch[] = [];
	/** Seqs below this were evicted: a client asking for older ones gets a gap event. */
	firstSeq = 1;
	requests: FakeRequest[] = [];
	/** Answers for the next requests, in order; then 'stream'. */
	answers: Answer[] = [];
	/** Split SSE text into pieces of this many characters (tests chunk boundaries). */
	pieceChars = 97;
	/** Extra raw SSE text sent after the replay on the next stream. */
	rawAfterReplay = '';
	private open = new Set<ReadableStreamDefaultController<Uint8Array>>();
	private readonly encoder = new TextEncoder();

	append(batch: TelemetryBatch): void {
		this.batches.push(batch);
		for (const controller of this.open) this.send(controller, this.batchEvent(batch));
	}

	/** Ends every open stream with a network error. */
	dropConnections(): void {
		for (const controller of this.open) controller.error(new TypeError('network error'));
		this.open.clear();
	}

	get openStreams(): number {
		return this.open.size;
	}

	fetch: typeof fetch = async (input, init) => {
		const url = String(input);
		const headers = new Headers(init?.headers);
		const after = Number(new URL(url, 'http://relay').searchParams.get('after') ?? headers.get('Last-Event-ID') ?? 0);
		this.requests.push({ url, after, lastEventId: headers.get('Last-Event-ID'), authorization: headers.get('Authorization') });
		const answer = this.answers.shift() ?? 'stream';
		if (typeof answer === 'object') {
			const h = new Headers();
			if (answer.retryAfterSec !== undefined) h.set('Retry-After', String(answer.retryAfterSec));
			return new Response(answer.body ?? '', { status: answer.status, headers: h });
		}
		let self: ReadableStreamDefaultController<Uint8Array> | undefined;
		const body = new ReadableStream<Uint8Array>({
			start: (controller) => {
				self = controller;
				if (answer === 'silent') return;
				const last = this.batches.at(-1)?.seq ?? 0;
				this.send(controller, `event: hello\ndata: ${JSON.stringify({ epoch: this.epoch, firstSeq: this.firstSeq, lastSeq: last, nowMs: 1_700_000_000_000 })}\n\n`);
				if (after + 1 < this.firstSeq) {
					const gap: StreamGap = { fromSeq: after + 1, toSeq: this.firstSeq - 1, fromMs: 1, toMs: 2 };
					this.send(controller, `event: gap\nid: ${gap.toSeq}\ndata: ${JSON.stringify(gap)}\n\n`);
				}
				for (const b of this.batches) if (b.seq > after && b.seq >= this.firstSeq) this.send(controller, this.batchEvent(b));
				if (this.rawAfterReplay) {
					this.send(controller, this.rawAfterReplay);
					this.rawAfterReplay = '';
				}
				this.open.add(controller);
			},
			cancel: () => {
				if (self) this.open.delete(self);
			}
		});
		init?.signal?.addEventListener('abort', () => {
			if (self) this.open.delete(self);
			try {
				self?.error(init.signal!.reason);
			} catch {
				// already closed
			}
		});
		return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
	};

	private batchEvent(batch: TelemetryBatch): string {
		return `id: ${batch.seq}\nevent: batch\ndata: ${JSON.stringify(batch)}\n\n`;
	}

	private send(controller: ReadableStreamDefaultController<Uint8Array>, text: string): void {
		for (let i = 0; i < text.length; i += this.pieceChars) controller.enqueue(this.encoder.encode(text.slice(i, i + this.pieceChars)));
	}
}

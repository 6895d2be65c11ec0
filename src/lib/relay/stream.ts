/**
 * `GET /api/stream`: one SSE connection reading the replay log by cursor
 * (src/lib/protocol/stream.ts has the event contract).
 *
 * Memory bound per client: the body is a pull-driven ReadableStream with a byte
 * high-water mark (`clientBufferBytes`, default 1 MiB). Frames are taken from the shared
 * log only when the client has read what it was given, so a slow client costs at most its
 * buffer plus one frame; it never makes the relay queue on its behalf. If it falls so far
 * behind that its position is evicted, it receives a gap event and continues from the
 * oldest held batch.
 */
import type { StreamHello } from '../protocol/stream';
import type { ReplayLog } from './replay-log';
import { gapFrame, helloFrame, keepaliveFrame } from './sse';

export interface StreamLimits {
	/** Comment line interval, so proxies and clients see a live connection; default 15 s. */
	keepaliveMs: number;
	/** Concurrent stream clients; more get 503 with Retry-After. Default 64. */
	maxClients: number;
	/** Bytes a client may have buffered in the relay before reading stops; default 1 MiB. */
	clientBufferBytes: number;
}

export const defaultStreamLimits: StreamLimits = {
	keepaliveMs: 15_000,
	maxClients: 64,
	clientBufferBytes: 1024 * 1024
};

export const sseHeaders = {
	'content-type': 'text/event-stream; charset=utf-8',
	'cache-control': 'no-cache, no-transform',
	// nginx and similar proxies buffer responses unless told not to
	'x-accel-buffering': 'no'
};

/**
 * The SSE body for a client whose cursor is `after` (undefined: start from the oldest held
 * batch). `onClose` runs once when the client goes away or the log closes.
 */
export function openStream(options: {
	log: ReplayLog;
	after: number | undefined;
	limits: StreamLimits;
	now: () => number;
	onClose: () => void;
}): ReadableStream<Uint8Array> {
	const { log, limits } = options;
	let cursor = options.after ?? (log.firstSeq ? log.firstSeq - 1 : log.lastSeq);
	let finished = false;
	let cancelWait: (() => void) | undefined;
	const finish = () => {
		if (finished) return;
		finished = true;
		cancelWait?.();
		options.onClose();
	};
	return new ReadableStream<Uint8Array>(
		{
			start(controller) {
				const hello: StreamHello = { epoch: log.epoch, firstSeq: log.firstSeq, lastSeq: log.lastSeq, nowMs: options.now() };
				controller.enqueue(helloFrame(hello));
			},
			async pull(controller) {
				while (!finished) {
					const gap = log.gapFor(cursor);
					if (gap) {
						controller.enqueue(gapFrame(gap));
						cursor = gap.toSeq;
					}
					const entry = log.nextAfter(cursor);
					if (entry) {
						controller.enqueue(entry.frame);
						cursor = entry.seq;
						if ((controller.desiredSize ?? 0) <= 0) return;
						continue;
					}
					if (log.isClosed) break;
					const wait = log.waitForAppend(limits.keepaliveMs);
					cancelWait = wait.cancel;
					const reason = await wait.promise;
					cancelWait = undefined;
					if (reason === 'timeout') {
						log.evictExpired();
						controller.enqueue(keepaliveFrame);
						return;
					}
					if (reason === 'closed') break;
				}
				if (!finished) {
					finish();
					controller.close();
				}
			},
			cancel() {
				finish();
			}
		},
		{ highWaterMark: limits.clientBufferBytes, size: (chunk) => chunk.byteLength }
	);
}

/** Cursor from `?after=SEQ` (wins) or `Last-Event-ID`; undefined when neither is given; NaN when malformed. */
export function cursorOf(req: Request, url: URL): number | undefined {
	const raw = url.searchParams.get('after') ?? req.headers.get('last-event-id');
	if (raw === null || raw === '') return undefined;
	return /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
}

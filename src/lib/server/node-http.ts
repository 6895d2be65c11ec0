/**
 * Node http ⇄ web-standard Request/Response, so the relay's handlers stay platform-free.
 * Response bodies are written with backpressure (await 'drain'), and a client that goes
 * away cancels the body stream, which ends an SSE stream's subscription at once.
 *
 * A handler that stops reading a request body early (413, 429, 401) cancels it; the rest
 * of the body is then read and discarded, never reset: a client still sending a large body
 * must be able to read the answer (an OTLP exporter retries a 429 only if it sees it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `fallbackOrigin` is used when the Host header does not form a valid URL. */
export function toRequest(req: IncomingMessage, fallbackOrigin: string): Request {
	let url: URL;
	try {
		url = new URL(req.url ?? '/', `http://${req.headers.host ?? ''}`);
	} catch {
		url = new URL(req.url ?? '/', fallbackOrigin);
	}
	const headers = new Headers();
	for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
	const method = req.method ?? 'GET';
	const hasBody = method !== 'GET' && method !== 'HEAD';
	const controller = new AbortController();
	req.once('close', () => {
		if (!req.complete) controller.abort();
	});
	return new Request(url, {
		method,
		headers,
		body: hasBody ? bodyStream(req) : undefined,
		signal: controller.signal,
		duplex: 'half'
	} as RequestInit);
}

/** Body bytes buffered ahead of the handler before the socket is paused. */
const bodyBufferBytes = 256 * 1024;

/**
 * The request body as a byte stream with backpressure. Cancelling it (the handler answered
 * early) keeps the connection: the remaining bytes are discarded as they arrive, so the
 * response reaches the client; Node's server then reuses or closes the connection as usual.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
	let done = false;
	const onData = (chunk: Buffer) => {
		if (done) return;
		controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
		if ((controller.desiredSize ?? 0) <= 0) req.pause();
	};
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	return new ReadableStream<Uint8Array>(
		{
			start(c) {
				controller = c;
				req.on('data', onData);
				req.once('end', () => {
					if (done) return;
					done = true;
					controller.close();
				});
				req.once('error', (error) => {
					if (done) return;
					done = true;
					controller.error(error);
				});
			},
			pull() {
				req.resume();
			},
			cancel() {
				done = true;
				req.off('data', onData);
				// no 'data' listener: a flowing stream drops what arrives
				req.resume();
			}
		},
		{ highWaterMark: bodyBufferBytes, size: (chunk) => chunk.byteLength }
	);
}

export async function sendResponse(response: Response, res: ServerResponse): Promise<void> {
	const headers: Record<string, string | string[]> = {};
	response.headers.forEach((value, key) => {
		if (key === 'set-cookie') return;
		headers[key] = value;
	});
	const cookies = response.headers.getSetCookie();
	if (cookies.length > 0) headers['set-cookie'] = cookies;
	res.writeHead(response.status, headers);
	if (!response.body) {
		res.end();
		return;
	}
	// SSE must reach the client now, not when a buffer fills
	if (response.headers.get('content-type')?.startsWith('text/event-stream')) res.flushHeaders();
	const reader = response.body.getReader();
	let gone = false;
	const onClose = () => {
		gone = true;
		reader.cancel().catch(() => undefined);
	};
	res.once('close', onClose);
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done || gone) break;
			if (!res.write(value)) {
				await new Promise<void>((resolve) => {
					const resume = () => {
						res.off('drain', resume);
						res.off('close', resume);
						resolve();
					};
					res.once('drain', resume);
					res.once('close', resume);
				});
			}
		}
	} catch {
		// the body stream failed or was cancelled by the client leaving
	} finally {
		res.off('close', onClose);
		if (!res.writableEnded) res.end();
	}
}

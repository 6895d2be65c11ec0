/**
 * Node http ⇄ web-standard Request/Response, so the relay's handlers stay platform-free.
 * Response bodies are written with backpressure (await 'drain'), and a client that goes
 * away cancels the body stream, which ends an SSE stream's subscription at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

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
		body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
		signal: controller.signal,
		duplex: 'half'
	} as RequestInit);
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

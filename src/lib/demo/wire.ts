/**
 * Request and Response across a worker boundary. Neither is structured-cloneable; their
 * parts are. A response body stays a ReadableStream, transferred (not copied), so the
 * relay core's SSE stream flows from the demo worker to msw chunk by chunk and a cancel
 * from the reader (the ingest worker aborting its fetch) reaches the relay core.
 */

export interface WireRequest {
	method: string;
	url: string;
	headers: [string, string][];
	/** null for GET/HEAD or an empty body. */
	body: ArrayBuffer | null;
}

export interface WireResponse {
	status: number;
	statusText: string;
	headers: [string, string][];
	body: ReadableStream<Uint8Array> | null;
}

export async function toWireRequest(request: Request): Promise<WireRequest> {
	const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
	return {
		method: request.method,
		url: request.url,
		headers: [...request.headers],
		body: body && body.byteLength > 0 ? body : null
	};
}

export function fromWireRequest(wire: WireRequest, signal?: AbortSignal): Request {
	return new Request(wire.url, { method: wire.method, headers: wire.headers, body: wire.body, signal });
}

export function toWireResponse(response: Response): WireResponse {
	return {
		status: response.status,
		statusText: response.statusText,
		headers: [...response.headers],
		body: response.body
	};
}

/** Statuses that must not carry a body (the Response constructor throws otherwise). */
const nullBodyStatuses = new Set([101, 204, 205, 304]);

export function fromWireResponse(wire: WireResponse): Response {
	return new Response(nullBodyStatuses.has(wire.status) ? null : wire.body, {
		status: wire.status,
		statusText: wire.statusText,
		headers: wire.headers
	});
}

/** Transferables of a wire message (postMessage's second argument). */
export function transferablesOf(wire: WireRequest | WireResponse): Transferable[] {
	return wire.body ? [wire.body as unknown as Transferable] : [];
}

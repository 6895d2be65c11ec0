import { describe, expect, it } from 'vitest';
import { fromWireRequest, fromWireResponse, toWireRequest, toWireResponse, transferablesOf } from './wire';

describe('request wire format', () => {
	it('carries method, url, headers and body through structured clone', async () => {
		const original = new Request('http://app.local/v1/traces', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
			body: JSON.stringify({ resourceSpans: [] })
		});
		const wire = structuredClone(await toWireRequest(original));
		const rebuilt = fromWireRequest(wire);
		expect(rebuilt.method).toBe('POST');
		expect(rebuilt.url).toBe('http://app.local/v1/traces');
		expect(rebuilt.headers.get('authorization')).toBe('Bearer t');
		expect(await rebuilt.json()).toEqual({ resourceSpans: [] });
	});

	it('sends no body for GET and keeps Last-Event-ID', async () => {
		const wire = await toWireRequest(new Request('http://app.local/api/stream?after=7', { headers: { 'last-event-id': '7' } }));
		expect(wire.body).toBeNull();
		expect(transferablesOf(wire)).toEqual([]);
		expect(fromWireRequest(wire).headers.get('last-event-id')).toBe('7');
	});
});

describe('response wire format', () => {
	it('streams the body chunk by chunk', async () => {
		const encoder = new TextEncoder();
		let pull = 0;
		const source = new ReadableStream<Uint8Array>({
			pull(controller) {
				pull += 1;
				if (pull <= 3) controller.enqueue(encoder.encode(`id: ${pull}\ndata: {}\n\n`));
				else controller.close();
			}
		});
		const wire = toWireResponse(new Response(source, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
		expect(transferablesOf(wire)).toHaveLength(1);
		const rebuilt = fromWireResponse(wire);
		expect(rebuilt.headers.get('content-type')).toBe('text/event-stream');
		expect(await rebuilt.text()).toBe('id: 1\ndata: {}\n\nid: 2\ndata: {}\n\nid: 3\ndata: {}\n\n');
	});

	it('passes a cancel from the reader back to the source', async () => {
		let cancelled: unknown = null;
		const source = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(new Uint8Array([1]));
			},
			cancel(reason) {
				cancelled = reason ?? 'cancelled';
			}
		});
		const rebuilt = fromWireResponse(toWireResponse(new Response(source)));
		const reader = rebuilt.body!.getReader();
		await reader.read();
		await reader.cancel('client gone');
		expect(cancelled).toBe('client gone');
	});

	it('drops a body on a null-body status instead of throwing', () => {
		const rebuilt = fromWireResponse({ status: 204, statusText: '', headers: [], body: new Response('x').body });
		expect(rebuilt.status).toBe(204);
		expect(rebuilt.body).toBeNull();
	});

	it('keeps error statuses and their text', async () => {
		const wire = toWireResponse(new Response('bad token', { status: 401, headers: { 'www-authenticate': 'Bearer' } }));
		const rebuilt = fromWireResponse(wire);
		expect(rebuilt.status).toBe(401);
		expect(rebuilt.headers.get('www-authenticate')).toBe('Bearer');
		expect(await rebuilt.text()).toBe('bad token');
	});
});

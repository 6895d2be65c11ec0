import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendResponse, toRequest } from './node-http';

let server: Server | undefined;
afterEach(async () => {
	await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	server = undefined;
});

/** A Node server around a web-standard handler, on a free loopback port. */
async function serve(handler: (req: Request) => Promise<Response>): Promise<string> {
	server = createServer(async (req, res) => sendResponse(await handler(toRequest(req, 'http://127.0.0.1')), res));
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Node http adapter', () => {
	it('streams a request body to the handler whole', async () => {
		const url = await serve(async (req) => new Response(String((await req.arrayBuffer()).byteLength)));
		const body = new Uint8Array(3 * 1024 * 1024).fill(7);
		expect(await (await fetch(url, { method: 'POST', body })).text()).toBe(String(body.byteLength));
	});

	it('delivers an early answer to a client still sending a large body, and keeps serving', async () => {
		const url = await serve(async (req) => {
			if (req.method === 'GET') return new Response('still here');
			// as the relay reads OTLP bodies: through a transform, stopping part way
			const reader = req.body!.pipeThrough(new TransformStream<Uint8Array, Uint8Array>()).getReader();
			for (let held = 0; held < 256 * 1024; ) held += (await reader.read()).value?.byteLength ?? Infinity;
			await reader.cancel();
			return new Response('busy', { status: 429, headers: { 'retry-after': '1' } });
		});
		const body = new Uint8Array(1024 * 1024);
		const answers = await Promise.all(
			Array.from({ length: 24 }, async () => {
				const res = await fetch(url, { method: 'POST', body });
				return `${res.status} ${res.headers.get('retry-after')} ${await res.text()}`;
			})
		);
		expect(answers).toEqual(Array.from({ length: 24 }, () => '429 1 busy'));
		expect(await (await fetch(url)).text()).toBe('still here');
	}, 30_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { makeOfficialPayloads, type OfficialPayloads } from '../../../test/fixtures/otlp/official';
import { decodeExportResponse, decodeRpcStatus } from '../domain/otlp/index';
import type { TelemetryBatch } from '../protocol/records';
import type { RelayHealth, StreamGap, StreamHello } from '../protocol/stream';
import { createRelay, type RelayOptions } from './relay';
import { SseReader, type SseEvent } from './sse-reader';

let official: OfficialPayloads;
beforeAll(async () => {
	official = await makeOfficialPayloads();
});

const base = 'http://127.0.0.1:4318';
const protobuf = { 'content-type': 'application/x-protobuf' };
const json = { 'content-type': 'application/json' };

function post(path: string, body: BodyInit | null, headers: Record<string, string>): Request {
	return new Request(base + path, { method: 'POST', body, headers });
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function openStream(relay: ReturnType<typeof createRelay>, query = '', headers: Record<string, string> = {}) {
	const res = await relay.handle(new Request(`${base}/api/stream${query}`, { headers }));
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/event-stream');
	return new SseReader(res.body!);
}

const batchesOf = (events: SseEvent[]) => events.filter((e) => e.event === 'batch').map((e) => JSON.parse(e.data) as TelemetryBatch);

async function spanBatch(relay: ReturnType<typeof createRelay>, name: string) {
	const now = Date.now() * 1e6;
	const body = JSON.stringify({
		resourceSpans: [
			{
				resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
				scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name, startTimeUnixNano: now, endTimeUnixNano: now + 1e6 }] }]
			}
		]
	});
	const res = await relay.handle(post('/v1/traces', body, json));
	expect(res.status).toBe(200);
}

describe('OTLP/HTTP receiver', () => {
	it('accepts the official protobuf export and streams it as one normalised batch', async () => {
		const relay = createRelay();
		const res = await relay.handle(post('/v1/traces', official.traces.protobuf as BodyInit, protobuf));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/x-protobuf');
		expect(decodeExportResponse('traces', new Uint8Array(await res.arrayBuffer()))).toEqual({});
		const stream = await openStream(relay);
		const events = await stream.until((e) => e.event === 'batch');
		await stream.cancel();
		const hello = JSON.parse(events[0].data) as StreamHello;
		expect(events[0].event).toBe('hello');
		expect(hello).toMatchObject({ epoch: relay.log.epoch, firstSeq: 1, lastSeq: 1 });
		const [batch] = batchesOf(events);
		expect(events[1].id).toBe('1');
		expect(batch.seq).toBe(1);
		expect(batch.spans.map((s) => s.name).sort()).toEqual(official.spans.map((s) => s.name).sort());
		expect(batch.resources[0].service).toBe('loan-service');
		await relay.close();
	});

	it('accepts JSON, gzip-compressed protobuf and gzip-compressed JSON for every signal', async () => {
		const relay = createRelay();
		for (const signal of ['traces', 'metrics', 'logs'] as const) {
			const cases = [
				post(`/v1/${signal}`, official[signal].json as BodyInit, json),
				post(`/v1/${signal}`, (await gzip(official[signal].protobuf)) as BodyInit, { ...protobuf, 'content-encoding': 'gzip' }),
				post(`/v1/${signal}`, (await gzip(official[signal].json)) as BodyInit, { ...json, 'content-encoding': 'gzip' })
			];
			for (const req of cases) {
				const res = await relay.handle(req);
				expect(res.status).toBe(200);
			}
		}
		const health = relay.health();
		expect(health.accepted.batches).toBe(9);
		expect(health.accepted.spans).toBe(3 * official.spans.length);
		expect(health.accepted.logRecords).toBe(3 * official.logRecords.length);
		expect(health.lastSeq).toBe(9);
		await relay.close();
	});

	it('answers partial success with the rejected count and reasons, keeping the valid items', async () => {
		const relay = createRelay();
		const now = Date.now() * 1e6;
		const good = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'ok', startTimeUnixNano: now, endTimeUnixNano: now + 10 };
		const body = JSON.stringify({
			resourceSpans: [{ scopeSpans: [{ spans: [good, { ...good, spanId: 'zz' }, { ...good, endTimeUnixNano: now - 5000 }] }] }]
		});
		const res = await relay.handle(post('/v1/traces', body, json));
		expect(res.status).toBe(200);
		const answer = await res.json();
		expect(answer.partialSuccess.rejectedSpans).toBe('2');
		expect(answer.partialSuccess.errorMessage).toContain('invalid spanId');
		expect(relay.health().accepted.spans).toBe(1);
		expect(relay.health().rejected.spans).toBe(2);

		const protoRes = await relay.handle(
			post('/v1/traces', (await import('../domain/otlp/index')).encodeTraceRequest(JSON.parse(body)) as BodyInit, protobuf)
		);
		const decoded = decodeExportResponse('traces', new Uint8Array(await protoRes.arrayBuffer()));
		expect(decoded.partialSuccess?.rejectedSpans).toBe(2);
		await relay.close();
	});

	it('refuses malformed bodies with 400 and a google.rpc.Status in the request encoding', async () => {
		const relay = createRelay();
		const truncated = official.traces.protobuf.subarray(0, official.traces.protobuf.length - 3);
		const res = await relay.handle(post('/v1/traces', truncated as BodyInit, protobuf));
		expect(res.status).toBe(400);
		const status = decodeRpcStatus(new Uint8Array(await res.arrayBuffer()));
		expect(status.code).toBe(3);
		expect(status.message).toMatch(/Malformed OTLP payload \((truncated|length-past-end)\)/);

		const jsonRes = await relay.handle(post('/v1/logs', '{"resourceLogs": {}}', json));
		expect(jsonRes.status).toBe(400);
		expect(await jsonRes.json()).toEqual({ code: 3, message: 'Malformed OTLP payload (bad-field): resourceLogs: expected an array, got {}' });

		const notGzip = await relay.handle(post('/v1/traces', official.traces.protobuf as BodyInit, { ...protobuf, 'content-encoding': 'gzip' }));
		expect(notGzip.status).toBe(400);
		expect(decodeRpcStatus(new Uint8Array(await notGzip.arrayBuffer())).message).toContain('not valid gzip');

		// nothing bad reached the log, and the relay still serves
		expect(relay.log.lastSeq).toBe(0);
		expect((await relay.handle(post('/v1/traces', official.traces.protobuf as BodyInit, protobuf))).status).toBe(200);
		expect(relay.health().rejected.requests).toBe(3);
		await relay.close();
	});

	it('refuses other content types and encodings with 415', async () => {
		const relay = createRelay();
		const text = await relay.handle(post('/v1/traces', 'hello', { 'content-type': 'text/plain' }));
		expect(text.status).toBe(415);
		expect((await text.json()).message).toContain('text/plain');
		const brotli = await relay.handle(post('/v1/traces', 'x', { ...json, 'content-encoding': 'br' }));
		expect(brotli.status).toBe(415);
		await relay.close();
	});

	it('refuses bodies over the wire limit with 413, declared or not', async () => {
		const relay = createRelay({ bodyLimits: { maxBodyBytes: 1000 } });
		const big = new Uint8Array(5000);
		const declared = await relay.handle(post('/v1/traces', big as BodyInit, { ...protobuf, 'content-length': '5000' }));
		expect(declared.status).toBe(413);
		const chunked = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(500));
				controller.close();
			}
		});
		const streamed = await relay.handle(
			new Request(base + '/v1/traces', { method: 'POST', body: chunked, headers: json, duplex: 'half' } as RequestInit)
		);
		expect(streamed.status).toBe(413);
		expect((await streamed.json()).message).toContain('1000 bytes');
		await relay.close();
	});

	it('stops inflating a gzip bomb at the decompressed limit and keeps serving', async () => {
		const relay = createRelay({ bodyLimits: { maxDecodedBytes: 1024 * 1024 } });
		const bomb = await gzip(new Uint8Array(64 * 1024 * 1024));
		expect(bomb.length).toBeLessThan(100_000);
		const res = await relay.handle(post('/v1/traces', bomb as BodyInit, { ...protobuf, 'content-encoding': 'gzip' }));
		expect(res.status).toBe(413);
		expect(decodeRpcStatus(new Uint8Array(await res.arrayBuffer())).message).toContain('Decompressed body exceeds');
		expect((await relay.handle(post('/v1/traces', official.traces.protobuf as BodyInit, protobuf))).status).toBe(200);
		await relay.close();
	});

	it('answers a CORS preflight on the OTLP paths only', async () => {
		const relay = createRelay();
		const res = await relay.handle(
			new Request(base + '/v1/traces', {
				method: 'OPTIONS',
				headers: { origin: 'https://shop.example', 'access-control-request-headers': 'content-type' }
			})
		);
		expect(res.status).toBe(204);
		expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
		expect(res.headers.get('access-control-allow-methods')).toContain('POST');
		const health = await relay.handle(new Request(base + '/api/health', { headers: { origin: 'https://evil.example' } }));
		expect(health.headers.get('access-control-allow-origin')).toBeNull();
		await relay.close();
	});

	it('answers 429 with Retry-After when concurrent bodies exceed the in-flight budget', async () => {
		const relay = createRelay({ bodyLimits: { maxInflightBytes: 1000 } });
		// a body that is still arriving holds its bytes from the budget
		let finishSlow!: () => void;
		const slow = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(new Uint8Array(800));
				finishSlow = () => controller.close();
			}
		});
		const pending = relay.handle(new Request(base + '/v1/traces', { method: 'POST', body: slow, headers: protobuf, duplex: 'half' } as RequestInit));
		await new Promise((r) => setTimeout(r, 10));
		const second = await relay.handle(post('/v1/traces', new Uint8Array(500) as BodyInit, protobuf));
		expect(second.status).toBe(429);
		expect(second.headers.get('retry-after')).toBe('1');
		finishSlow();
		expect((await pending).status).toBe(400); // 800 zero bytes are not a valid request
		// the budget is released: a 900-byte body is read again (and refused for its content, not its size)
		const third = await relay.handle(post('/v1/traces', new Uint8Array(900) as BodyInit, protobuf));
		expect(third.status).toBe(400);
		expect(relay.health().throttled).toBe(1);
		await relay.close();
	});

	it('answers 503 with Retry-After when the log cannot take more', async () => {
		const relay = createRelay();
		await relay.close();
		const res = await relay.handle(post('/v1/traces', official.traces.protobuf as BodyInit, protobuf));
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe('5');
		expect(relay.health().throttled).toBe(1);
	});
});

describe('stream', () => {
	it('resumes after ?after=SEQ or Last-Event-ID with exactly the missed batches', async () => {
		const relay = createRelay();
		for (let i = 1; i <= 5; i++) await spanBatch(relay, `op${i}`);
		const fromQuery = await openStream(relay, '?after=2');
		const q = await fromQuery.until((e) => e.id === '5');
		expect(batchesOf(q).map((b) => b.seq)).toEqual([3, 4, 5]);
		expect(batchesOf(q).map((b) => b.spans[0].name)).toEqual(['op3', 'op4', 'op5']);
		const fromHeader = await openStream(relay, '', { 'last-event-id': '4' });
		await fromHeader.next(); // hello
		// a batch appended while connected arrives live
		await spanBatch(relay, 'op6');
		const h = await fromHeader.until((e) => e.id === '6');
		expect(batchesOf(h).map((b) => b.seq)).toEqual([5, 6]);
		await fromQuery.cancel();
		await fromHeader.cancel();
		const bad = await relay.handle(new Request(`${base}/api/stream?after=-1`));
		expect(bad.status).toBe(400);
		await relay.close();
	});

	it('tells a client whose position was evicted about the gap, with its time range', async () => {
		const relay = createRelay({ logLimits: { maxBytes: 1500 } });
		for (let i = 1; i <= 6; i++) await spanBatch(relay, `op${i}`);
		const held = relay.log.batches;
		expect(held).toBeLessThan(6);
		const stream = await openStream(relay, '?after=1');
		const events = await stream.until((e) => e.id === '6');
		await stream.cancel();
		const gapEvent = events.find((e) => e.event === 'gap')!;
		const gap = JSON.parse(gapEvent.data) as StreamGap;
		expect(gap.fromSeq).toBe(2);
		expect(gap.toSeq).toBe(6 - held);
		expect(gapEvent.id).toBe(String(gap.toSeq));
		expect(gap.fromMs).toBeLessThanOrEqual(gap.toMs);
		expect(batchesOf(events).map((b) => b.seq)).toEqual(Array.from({ length: held }, (_, i) => 7 - held + i));
		await relay.close();
	});

	it('does not queue for a client that stops reading: it finds a gap when it resumes', async () => {
		const relay = createRelay({ logLimits: { maxBytes: 2000 }, streamLimits: { clientBufferBytes: 1 } });
		await spanBatch(relay, 'first');
		const res = await relay.handle(new Request(`${base}/api/stream?after=0`));
		const reader = new SseReader(res.body!);
		expect((await reader.next())!.event).toBe('hello');
		for (let i = 0; i < 20; i++) await spanBatch(relay, `later${i}`);
		const rest = await reader.until((e) => e.id === '21');
		await reader.cancel();
		expect(rest.some((e) => e.event === 'gap')).toBe(true);
		const seqs = batchesOf(rest).map((b) => b.seq);
		expect(seqs[seqs.length - 1]).toBe(21);
		expect(seqs.length).toBeLessThan(20);
		await relay.close();
	});

	it('sends keepalive comments while idle and ends when the relay closes', async () => {
		const relay = createRelay({ streamLimits: { keepaliveMs: 20 } });
		const stream = await openStream(relay);
		const events = await stream.until((e) => e.event === '');
		expect(events.map((e) => e.event)).toEqual(['hello', '']);
		expect(events[1].comment).toBe('keepalive');
		expect(relay.health().clients).toBe(1);
		await relay.close();
		expect(await stream.until(() => false)).toEqual(expect.any(Array));
		expect(relay.health().clients).toBe(0);
	});

	it('limits concurrent clients with 503 and Retry-After', async () => {
		const relay = createRelay({ streamLimits: { maxClients: 1 } });
		const first = await openStream(relay);
		const second = await relay.handle(new Request(`${base}/api/stream`));
		expect(second.status).toBe(503);
		expect(second.headers.get('retry-after')).toBe('5');
		await first.cancel();
		await new Promise((r) => setTimeout(r, 0));
		const third = await relay.handle(new Request(`${base}/api/stream`));
		expect(third.status).toBe(200);
		await third.body!.cancel();
		await relay.close();
	});
});

describe('tokens, routes and health', () => {
	const withTokens: RelayOptions = { ingestToken: 'in-secret', viewToken: 'view-secret' };

	it('requires the ingest token on /v1 and the view token on /api', async () => {
		const relay = createRelay(withTokens);
		const send = (auth?: string) =>
			relay.handle(post('/v1/traces', official.traces.protobuf as BodyInit, auth ? { ...protobuf, authorization: auth } : protobuf));
		const none = await send();
		expect(none.status).toBe(401);
		expect(decodeRpcStatus(new Uint8Array(await none.arrayBuffer())).message).toContain('requires a token');
		expect((await send('Bearer wrong')).status).toBe(401);
		expect((await send('Bearer view-secret')).status).toBe(401);
		expect((await send('Bearer in-secret')).status).toBe(200);

		const health = (auth?: string) => relay.handle(new Request(`${base}/api/health`, { headers: auth ? { authorization: auth } : {} }));
		expect((await health()).status).toBe(401);
		expect((await health('Bearer in-secret')).status).toBe(401);
		const ok = await health('Bearer view-secret');
		expect(ok.status).toBe(200);
		expect(((await ok.json()) as RelayHealth).auth).toBe(true);

		expect((await relay.handle(new Request(`${base}/api/stream`))).status).toBe(401);
		const viaQuery = await relay.handle(new Request(`${base}/api/stream?token=view-secret`));
		expect(viaQuery.status).toBe(200);
		await viaQuery.body!.cancel();
		await relay.close();
	});

	it('mounts extra routes by prefix behind the view token', async () => {
		const seen: string[] = [];
		const relay = createRelay({
			viewToken: 'v',
			routes: {
				'/api/sync': async (req) => {
					seen.push(new URL(req.url).pathname);
					return new Response('synced');
				},
				'/api/db': async () => new Response('db')
			}
		});
		const get = (path: string, token = true) =>
			relay.handle(new Request(base + path, { headers: token ? { authorization: 'Bearer v' } : {} }));
		expect(await (await get('/api/sync/boards')).text()).toBe('synced');
		expect(await (await get('/api/db/mysql/status')).text()).toBe('db');
		expect((await get('/api/sync', false)).status).toBe(401);
		expect((await get('/api/synchronise')).status).toBe(404);
		expect(seen).toEqual(['/api/sync/boards']);
		relay.mount('/api/sync/special', async () => new Response('more specific'));
		expect(await (await get('/api/sync/special/x')).text()).toBe('more specific');
		await relay.close();
	});

	it('refuses non-loopback Host names when asked to (DNS rebinding)', async () => {
		const relay = createRelay({ loopbackHostsOnly: true });
		const evil = await relay.handle(new Request('http://evil.example:3000/api/health'));
		expect(evil.status).toBe(403);
		expect((await relay.handle(new Request('http://localhost:3000/api/health'))).status).toBe(200);
		expect((await relay.handle(new Request('http://127.0.0.1:3000/api/health'))).status).toBe(200);
		await relay.close();
	});

	it('appends in-process records as a batch and counts them', async () => {
		const relay = createRelay({ demo: true });
		const batch = relay.append({
			resources: [{ id: 'r1', service: 'mysql', instance: 'db1', attrs: {} }],
			metrics: [{ resourceId: 'r1', service: 'mysql', instance: 'db1', name: 'mysql.threads', unit: '1', type: 'gauge', timeUs: 1, attrs: {}, value: 3 }]
		});
		expect(batch.seq).toBe(1);
		const health = relay.health();
		expect(health).toMatchObject({ demo: true, lastSeq: 1, accepted: { batches: 1, metricPoints: 1 } });
		expect(health.log.batches).toBe(1);
		expect(health.log.bytes).toBeGreaterThan(100);
		await relay.close();
	});

	it('answers unknown paths with 404 and a reason', async () => {
		const relay = createRelay();
		const res = await relay.handle(post('/v1/profiles', '{}', json));
		expect(res.status).toBe(404);
		expect((await res.json()).message).toContain('/v1/traces');
		expect((await relay.handle(new Request(base + '/api/nothing'))).status).toBe(404);
		await relay.close();
	});
});

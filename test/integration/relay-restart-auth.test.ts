/**
 * The relay process across a restart with the same data directory (acknowledged batches,
 * epoch and seq survive), and bound to a non-loopback address with tokens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TelemetryBatch } from '../../src/lib/protocol/records';
import type { RelayHealth, StreamHello } from '../../src/lib/protocol/stream';
import { SseReader } from '../../src/lib/relay/sse-reader';
import { startRelay, type RunningRelay } from '../support/relay';

const running: RunningRelay[] = [];
const dirs: string[] = [];
afterAll(async () => {
	for (const r of running) await r.stop();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(args: string[]): Promise<RunningRelay> {
	const relay = await startRelay({ args });
	running.push(relay);
	return relay;
}

function spanBody(name: string): string {
	const nowNs = BigInt(Date.now()) * 1_000_000n;
	return JSON.stringify({
		resourceSpans: [
			{
				resource: { attributes: [{ key: 'service.name', value: { stringValue: 'restart-test' } }] },
				scopeSpans: [{ spans: [{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), name, startTimeUnixNano: String(nowNs), endTimeUnixNano: String(nowNs + 5n) }] }]
			}
		]
	});
}

async function sendSpan(otlpUrl: string, name: string, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(`${otlpUrl}/v1/traces`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: spanBody(name)
	});
}

describe('restart with the same data directory', () => {
	it('keeps every acknowledged batch, the epoch and seq continuity', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meridian-relay-'));
		dirs.push(dir);
		const first = await start(['--data-dir', dir]);
		for (const name of ['one', 'two', 'three']) expect((await sendSpan(first.otlpUrl, name)).status).toBe(200);
		const before = (await (await fetch(`${first.appUrl}/api/health`)).json()) as RelayHealth;
		expect(before.lastSeq).toBe(3);
		expect(before.persistence?.kind).toBe('disk');

		// a connected stream must not keep the process from stopping
		const live = new SseReader((await fetch(`${first.appUrl}/api/stream`)).body!);
		await live.next();
		await first.stop();
		expect(first.child.exitCode).toBe(0);
		expect(await live.until(() => false)).toBeDefined();

		const second = await start(['--data-dir', dir]);
		const after = (await (await fetch(`${second.appUrl}/api/health`)).json()) as RelayHealth;
		expect(after.epoch).toBe(before.epoch);
		expect([after.firstSeq, after.lastSeq]).toEqual([1, 3]);
		expect((await sendSpan(second.otlpUrl, 'four')).status).toBe(200);

		const reader = new SseReader((await fetch(`${second.appUrl}/api/stream?after=0`)).body!);
		const events = await reader.until((e) => e.id === '4');
		await reader.cancel();
		expect((JSON.parse(events[0].data) as StreamHello).epoch).toBe(before.epoch);
		const batches = events.filter((e) => e.event === 'batch').map((e) => JSON.parse(e.data) as TelemetryBatch);
		expect(batches.map((b) => [b.seq, b.spans[0].name])).toEqual([
			[1, 'one'],
			[2, 'two'],
			[3, 'three'],
			[4, 'four']
		]);
	});

	it('starts a new epoch for a new data directory', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meridian-relay-'));
		dirs.push(dir);
		const a = await start(['--data-dir', dir]);
		const b = await start([]);
		const [ha, hb] = await Promise.all([a, b].map(async (r) => (await fetch(`${r.appUrl}/api/health`)).json() as Promise<RelayHealth>));
		expect(ha.epoch).not.toBe(hb.epoch);
	});
});

describe('bound to a non-loopback address', () => {
	it('refuses to start without both tokens', async () => {
		await expect(startRelay({ args: ['--host', '0.0.0.0', '--ingest-token', 'only-one'] })).rejects.toThrow(/without tokens/);
	});

	it('requires the ingest token on OTLP and the view token on the API', async () => {
		const relay = await start(['--host', '0.0.0.0', '--ingest-token', 'send-secret', '--view-token', 'view-secret']);
		expect(relay.appUrl).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
		const appUrl = relay.appUrl.replace('0.0.0.0', '127.0.0.1');
		const otlpUrl = relay.otlpUrl.replace('0.0.0.0', '127.0.0.1');

		expect((await sendSpan(otlpUrl, 'anonymous')).status).toBe(401);
		expect((await sendSpan(otlpUrl, 'wrong', { authorization: 'Bearer view-secret' })).status).toBe(401);
		expect((await sendSpan(otlpUrl, 'ok', { authorization: 'Bearer send-secret' })).status).toBe(200);

		expect((await fetch(`${appUrl}/api/health`)).status).toBe(401);
		expect((await fetch(`${appUrl}/api/stream`)).status).toBe(401);
		const health = await fetch(`${appUrl}/api/health`, { headers: { authorization: 'Bearer view-secret' } });
		expect(health.status).toBe(200);
		expect(((await health.json()) as RelayHealth)).toMatchObject({ auth: true, lastSeq: 1 });

		const stream = await fetch(`${appUrl}/api/stream?after=0`, { headers: { authorization: 'Bearer view-secret' } });
		const reader = new SseReader(stream.body!);
		const events = await reader.until((e) => e.event === 'batch');
		await reader.cancel();
		expect(JSON.parse(events[1].data).spans[0].name).toBe('ok');

		// the app itself is served without a token; the data behind it is not
		expect((await fetch(`${appUrl}/`)).status).not.toBe(401);
	});
});

import { afterEach, describe, expect, it } from 'vitest';
import { makeSpan } from '../domain/telemetry/test-spans';
import type { StorageNotice } from '../domain/telemetry/types';
import { FakeRelay } from './fake-relay';
import { IngestEngine, type IngestEngineOptions } from './ingest';
import { MemoryTelemetryStore } from './memory-store';
import { backoffDelayMs, defaultBackoff } from './stream-client';
import { batch, t0 } from './telemetry-store.contract';

const engines: IngestEngine[] = [];
afterEach(async () => {
	await Promise.all(engines.splice(0).map((e) => e.stop()));
});

/** Polls until `check` passes; fails the test after `tries` polls (no wall-clock assertion). */
async function eventually(check: () => boolean | Promise<boolean>, tries = 400): Promise<void> {
	for (let i = 0; i < tries; i++) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 5));
	}
	throw new Error('condition not reached');
}

function batches(from: number, to: number) {
	const out = [];
	for (let seq = from; seq <= to; seq++) out.push(batch(seq, [makeSpan({ endMs: t0 + seq, traceId: seq.toString(16).padStart(32, '0') })]));
	return out;
}

function engine(relay: FakeRelay, store: MemoryTelemetryStore, extra: Partial<IngestEngineOptions> = {}) {
	const delays: number[] = [];
	const e = new IngestEngine({
		store,
		url: '/api/stream',
		fetch: relay.fetch,
		random: () => 0.5,
		sleep: async (ms) => {
			delays.push(ms);
			await new Promise((r) => setTimeout(r, 1));
		},
		...extra
	});
	engines.push(e);
	return { engine: e, delays };
}

async function storedSeqs(store: MemoryTelemetryStore, from: number, to: number): Promise<number[]> {
	const seqs: number[] = [];
	for (let seq = from; seq <= to; seq++) {
		const spans = await store.traceSpans(seq.toString(16).padStart(32, '0'));
		for (const _ of spans) seqs.push(seq);
	}
	return seqs;
}

describe('IngestEngine with the stream client', () => {
	it('replays the whole log for a new browser, then follows live batches', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 5);
		const store = new MemoryTelemetryStore();
		const { engine: e } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 5);
		relay.append(batches(6, 6)[0]);
		await eventually(async () => (await store.readCursor())?.seq === 6);
		expect(relay.requests[0].after).toBe(0);
		expect(relay.requests[0].lastEventId).toBeNull();
		expect(await storedSeqs(store, 1, 6)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(e.status().connection.state).toBe('connected');
		expect(e.status().ingest.writtenBatches).toBe(6);
	});

	it('resumes a reloaded page from the stored cursor with Last-Event-ID: no holes, no duplicates', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 6);
		const store = new MemoryTelemetryStore();
		await store.writeBatches('e1', batches(1, 3));
		const { engine: e } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 6);
		expect(relay.requests[0]).toMatchObject({ after: 3, lastEventId: '3' });
		expect(await storedSeqs(store, 1, 6)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('reconnects after a dropped connection from the last batch received, with growing jittered delays', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 2);
		relay.answers = ['stream', { status: 503, body: 'busy' }, { status: 502 }];
		const store = new MemoryTelemetryStore();
		const { engine: e, delays } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 2);
		relay.dropConnections();
		relay.batches.push(...batches(3, 4));
		await eventually(async () => (await store.readCursor())?.seq === 4);
		expect(relay.requests.map((r) => r.after)).toEqual([0, 2, 2, 2]);
		// random() = 0.5 with jitter 0.5: 75 % of 500, 1000, 2000 ms
		expect(delays).toEqual([375, 750, 1500]);
		expect(await storedSeqs(store, 1, 4)).toEqual([1, 2, 3, 4]);
	});

	it('honours Retry-After and reports a refused token', async () => {
		const relay = new FakeRelay();
		relay.answers = [{ status: 429, retryAfterSec: 7 }, { status: 401 }];
		const store = new MemoryTelemetryStore();
		const states: string[] = [];
		const { engine: e, delays } = engine(relay, store, {
			token: 'secret',
			onStatus: (s) => {
				if (s.connection.state === 'unauthorized') states.push(`${s.connection.lastErrorCode}: ${s.connection.lastError}`);
			}
		});
		await e.start();
		await eventually(() => relay.requests.length >= 3);
		expect(delays[0]).toBe(7_000);
		expect(states[0]).toMatch(/^unauthorized: .*token/);
		expect(relay.requests[0].authorization).toBe('Bearer secret');
	});

	it('says a token is needed, not refused, when none is set', async () => {
		const relay = new FakeRelay();
		relay.answers = [{ status: 401 }];
		const states: string[] = [];
		const { engine: e } = engine(relay, new MemoryTelemetryStore(), {
			onStatus: (s) => {
				if (s.connection.state === 'unauthorized') states.push(`${s.connection.lastErrorCode}: ${s.connection.lastError}`);
			}
		});
		await e.start();
		await eventually(() => states.length > 0);
		expect(states[0]).toBe('tokenMissing: The relay requires a view token. Enter it in Settings.');
		expect(relay.requests[0].authorization).toBeNull();
	});

	it('records a gap when the relay evicted what the cursor asks for, and moves past it', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 8);
		relay.firstSeq = 5;
		const store = new MemoryTelemetryStore();
		await store.writeBatches('e1', batches(1, 2));
		const { engine: e } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 8);
		const gaps = await store.gaps({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
		expect(gaps.map((g) => [g.reason, g.fromSeq, g.toSeq])).toEqual([['relay-evicted', 3, 4]]);
		expect(await storedSeqs(store, 1, 8)).toEqual([1, 2, 5, 6, 7, 8]);
	});

	it('does not call the history a new browser never had a gap', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 8);
		relay.firstSeq = 5;
		const store = new MemoryTelemetryStore();
		const { engine: e } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 8);
		expect(await store.gaps({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER })).toEqual([]);
	});

	it('resets the cursor when the relay log has a new epoch, and records it', async () => {
		const relay = new FakeRelay();
		relay.epoch = 'e2';
		relay.batches = batches(1, 2);
		const store = new MemoryTelemetryStore();
		await store.writeBatches('e1', batches(1, 5).map((b) => ({ ...b, spans: [] })));
		const { engine: e } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.epoch === 'e2' && (await store.readCursor())?.seq === 2);
		expect(relay.requests.map((r) => r.after)).toEqual([5, 0]);
		const gaps = await store.gaps({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
		expect(gaps.map((g) => [g.reason, g.epoch, g.fromSeq])).toEqual([['epoch-reset', 'e1', 6]]);
		expect(await storedSeqs(store, 1, 2)).toEqual([1, 2]);
	});

	it('reconnects when no bytes arrive for twice the keepalive interval', async () => {
		const relay = new FakeRelay();
		relay.answers = ['silent'];
		const store = new MemoryTelemetryStore();
		const codes: (string | undefined)[] = [];
		const { engine: e } = engine(relay, store, { keepaliveMs: 10, onStatus: (s) => codes.push(s.connection.lastErrorCode) });
		await e.start();
		await eventually(() => relay.requests.length >= 2 && relay.openStreams === 1);
		expect(e.status().connection.state).toBe('connected');
		expect(codes).toContain('keepalive');
	});

	it('records an unreadable batch as a gap and keeps going', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 1);
		relay.rawAfterReplay = 'id: 2\nevent: batch\ndata: {"seq": 2, oops\n\n';
		const store = new MemoryTelemetryStore();
		const { engine: e } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 2);
		relay.append(batches(3, 3)[0]);
		await eventually(async () => (await store.readCursor())?.seq === 3);
		const [gap] = await store.gaps({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
		expect(gap).toMatchObject({ reason: 'unreadable', fromSeq: 2, toSeq: 2 });
		expect(gap.detail).toMatch(/JSON/);
	});

	it('pauses reading while the queue is full and loses nothing', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 30);
		const store = new MemoryTelemetryStore();
		let open!: () => void;
		const gate = new Promise<void>((r) => (open = r));
		const write = store.writeBatches.bind(store);
		store.writeBatches = async (epoch, list) => {
			await gate;
			return write(epoch, list);
		};
		const { engine: e } = engine(relay, store, { maxQueuedRecords: 5, writeGroupRecords: 2 });
		await e.start();
		await eventually(() => e.status().ingest.paused);
		expect(e.status().ingest.queuedRecords).toBeLessThanOrEqual(5);
		open();
		await eventually(async () => (await store.readCursor())?.seq === 30);
		expect(await storedSeqs(store, 1, 30)).toHaveLength(30);
	});

	it('evicts the oldest data on a quota error and retries the same batches', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(11, 12);
		let failures = 1;
		const store = new MemoryTelemetryStore({
			beforeWrite: () => {
				if (failures > 0 && relay.requests.length > 0) {
					failures--;
					throw new DOMException('full', 'QuotaExceededError');
				}
			}
		});
		await store.writeBatches('e1', batches(1, 10));
		const notices: StorageNotice[] = [];
		const { engine: e } = engine(relay, store, { onNotice: (n) => notices.push(n) });
		relay.batches = [...batches(1, 10), ...relay.batches];
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 12);
		expect(notices[0]).toMatchObject({ kind: 'quota', removed: { spanChunks: 1 } });
		expect(await storedSeqs(store, 11, 12)).toEqual([11, 12]);
	});
});

describe('backoffDelayMs', () => {
	it('doubles from 500 ms up to 30 s, shortened by up to half at random', () => {
		expect([0, 1, 2, 6, 7, 12].map((a) => backoffDelayMs(a, defaultBackoff, () => 0))).toEqual([500, 1000, 2000, 30000, 30000, 30000]);
		expect(backoffDelayMs(3, defaultBackoff, () => 0.999)).toBe(2002);
	});
});

describe('IngestEngine hand-over to the store', () => {
	it('gives the store each span-only batch with the event text it was parsed from', async () => {
		const relay = new FakeRelay();
		relay.batches = batches(1, 4);
		// a batch with metric points is stored as objects: its text is not held for the store
		const point = { resourceId: 'r', service: 's', instance: 'i', name: 'm', unit: '1', type: 'gauge' as const, timeUs: t0 * 1000, attrs: {}, value: 1 };
		relay.batches.push(batch(5, [makeSpan({ endMs: t0 + 5 })], { metrics: [point] }));
		const store = new MemoryTelemetryStore();
		const seen: { seq: number; text: string | undefined }[] = [];
		const write = store.writeBatches.bind(store);
		store.writeBatches = async (epoch, list, texts) => {
			list.forEach((b, i) => seen.push({ seq: b.seq, text: texts?.[i] }));
			return write(epoch, list, texts);
		};
		const { engine: e } = engine(relay, store);
		await e.start();
		await eventually(async () => (await store.readCursor())?.seq === 5);
		expect(seen.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5]);
		for (const s of seen.slice(0, 4)) expect(JSON.parse(s.text!)).toEqual(relay.batches[s.seq - 1]);
		expect(seen[4].text).toBeUndefined();
	});
});

/**
 * The transactions table's part of the store contract (memory-store.test.ts and
 * dexie-store.test.ts run it beside telemetry-store.contract.ts): what `spanChunks` and
 * `spanChunksAfter` return for transactions and entries equals the filter over the raw
 * chunks held, through writes, eviction and failed writes.
 */
import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanKindCode, type SpanRecord } from '../protocol/records';
import { isTransaction } from '../domain/telemetry/transactions';
import { hex, makeSpan } from '../domain/telemetry/test-spans';
import { seededRandom } from '../domain/telemetry/test-random';
import { batch, t0, type ContractHarness } from './telemetry-store.contract';
import type { SpanChunkQuery, TelemetryDatabase } from './telemetry-store';

let traceCounter = 0;

/**
 * `traces` traces ending over `seconds` from `startMs`: a root (SERVER, or INTERNAL for a
 * job), CLIENT / INTERNAL / PRODUCER children and SERVER / CONSUMER children in other
 * services. About a quarter of the spans are transactions.
 */
export function mixedTraces(options: { traces: number; startMs: number; seconds: number; seed: number }): SpanRecord[] {
	const random = seededRandom(options.seed);
	const spans: SpanRecord[] = [];
	for (let t = 0; t < options.traces; t++) {
		const traceId = hex(++traceCounter, 32);
		const endMs = options.startMs + random() * options.seconds * 1000;
		const root = makeSpan({ traceId, service: 'gateway', route: '/api/r' + (t % 5), kind: random() < 0.1 ? SpanKind.Internal : SpanKind.Server, endMs, durationMs: 50 });
		spans.push(root);
		const children: [string, SpanKindCode][] = [
			['gateway', SpanKind.Client],
			['svc-' + (t % 3), SpanKind.Server],
			['svc-' + (t % 3), SpanKind.Internal],
			['svc-' + (t % 3), SpanKind.Client],
			['svc-' + (t % 3), random() < 0.5 ? SpanKind.Producer : SpanKind.Client],
			['notify', random() < 0.5 ? SpanKind.Consumer : SpanKind.Internal]
		];
		for (const [service, kind] of children) {
			spans.push(makeSpan({ traceId, service, kind, parentSpanId: root.spanId, endMs: endMs - random() * 40, durationMs: 5 }));
		}
	}
	return spans;
}

async function collect(iterable: AsyncIterable<SpanRecord[]>): Promise<SpanRecord[][]> {
	const out: SpanRecord[][] = [];
	for await (const chunk of iterable) out.push(chunk);
	return out;
}

const bySpanId = (a: SpanRecord, b: SpanRecord) => (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
const isEntry = (s: SpanRecord) => s.parentSpanId === '';

/** Every span of the range from the raw chunks, filtered as `query` asks. */
async function rawFilter(store: TelemetryDatabase, query: SpanChunkQuery): Promise<SpanRecord[]> {
	const all = (await collect(store.spanChunks({ fromMs: query.fromMs, toMs: query.toMs, services: query.services, maxChunkId: query.maxChunkId }))).flat();
	return all.filter(query.entriesOnly ? isEntry : isTransaction).sort(bySpanId);
}

async function expectEqualToRaw(store: TelemetryDatabase, query: SpanChunkQuery): Promise<SpanRecord[][]> {
	const steps = await collect(store.spanChunks(query));
	expect(steps.flat().sort(bySpanId)).toEqual(await rawFilter(store, query));
	expect(steps.every((c) => c.length > 0 && c.length <= 1_000)).toBe(true);
	return steps;
}

async function follow(store: TelemetryDatabase, afterId: number, options: { entriesOnly?: boolean; transactionsOnly?: boolean }, maxSteps = Infinity) {
	const steps: { id: number; spans: SpanRecord[] }[] = [];
	for await (const step of store.spanChunksAfter(afterId, options)) {
		steps.push(step);
		if (steps.length >= maxSteps) break;
	}
	return steps;
}

export function runTransactionsContract(name: string, create: () => Promise<ContractHarness>): void {
	describe(`${name} (transactions table contract)`, () => {
		const withStore = (test: (h: ContractHarness) => Promise<void>) => async () => {
			const h = await create();
			try {
				await test(h);
			} finally {
				await h.dispose();
			}
		};

		it('returns the transactions and entries the raw chunks hold, in dense steps, for any range and service', withStore(async (h) => {
			// one small write a second (the live case), then a large group of several raw chunks
			const written: SpanRecord[] = [];
			for (let i = 0; i < 20; i++) {
				const spans = mixedTraces({ traces: 20, startMs: t0 + i * 1_000, seconds: 1, seed: i });
				written.push(...spans);
				await h.store.writeBatches('e1', [batch(i + 1, spans)]);
			}
			const group = mixedTraces({ traces: 400, startMs: t0 + 20_000, seconds: 20, seed: 99 });
			written.push(...group);
			await h.store.writeBatches('e1', [batch(21, group)]);
			const whole = { fromMs: t0 - 1_000, toMs: t0 + 60_000 };
			const tx = await expectEqualToRaw(h.store, { ...whole, transactionsOnly: true });
			const entries = await expectEqualToRaw(h.store, { ...whole, entriesOnly: true });
			const transactions = written.filter(isTransaction).length;
			expect(entries.flat()).toHaveLength(800);
			expect(tx.flat()).toHaveLength(transactions);
			// dense records, not one per write: 800 entries in one, the other transactions in two
			expect(transactions - 800).toBeGreaterThan(1_000);
			expect(entries).toHaveLength(1);
			expect(tx).toHaveLength(3);
			await expectEqualToRaw(h.store, { fromMs: t0 + 5_000, toMs: t0 + 25_000, transactionsOnly: true });
			await expectEqualToRaw(h.store, { fromMs: t0 + 5_000, toMs: t0 + 25_000, entriesOnly: true, services: ['gateway'] });
			await expectEqualToRaw(h.store, { ...whole, transactionsOnly: true, services: ['svc-1', 'notify'] });
			expect(await collect(h.store.spanChunks({ fromMs: t0 + 100_000, toMs: t0 + 200_000, transactionsOnly: true }))).toEqual([]);
			const stats = await h.store.storageStats();
			expect(stats.tables.transactionChunks?.items).toBe(transactions);
			expect(stats.tables.transactionChunks?.rows).toBe(3);
		}));

		it('scans up to a chunk id and follows after it: every transaction once, also when a follower stops after any step', withStore(async (h) => {
			await h.store.writeBatches('e1', [batch(1, mixedTraces({ traces: 300, startMs: t0, seconds: 10, seed: 1 }))]);
			const lastId = await h.store.lastSpanChunkId();
			await h.store.writeBatches('e1', [batch(2, mixedTraces({ traces: 150, startMs: t0, seconds: 10, seed: 2 }))]);
			// raw chunks with one kind of transaction only, or none: late children, lone roots, client calls
			const late = (kind: SpanKindCode, n: number, parentSpanId: string) =>
				Array.from({ length: n }, (_, i) => makeSpan({ service: 'svc-late', kind, parentSpanId, endMs: t0 + 12_000 + i }));
			let seq = 3;
			for (let i = 0; i < 5; i++) {
				await h.store.writeBatches('e1', [batch(seq++, late(SpanKind.Server, 300, 'c'.repeat(16)))]);
				await h.store.writeBatches('e1', [batch(seq++, late(SpanKind.Client, 50, 'c'.repeat(16)))]);
				await h.store.writeBatches('e1', [batch(seq++, mixedTraces({ traces: 200, startMs: t0 + 10_000, seconds: 5, seed: 3 + i }))]);
				await h.store.writeBatches('e1', [batch(seq++, late(SpanKind.Internal, 120, ''))]);
			}
			const range = { fromMs: t0, toMs: t0 + 60_000 };
			for (const options of [{ transactionsOnly: true }, { entriesOnly: true }]) {
				const scanned = (await collect(h.store.spanChunks({ ...range, ...options, maxChunkId: lastId }))).flat();
				expect(scanned.sort(bySpanId)).toEqual(await rawFilter(h.store, { ...range, ...options, maxChunkId: lastId }));
				// a follower that reads one step at a time and resumes after the step's id
				const followed: SpanRecord[] = [];
				let cursor = lastId;
				for (let guard = 0; guard < 100; guard++) {
					const [step] = await follow(h.store, cursor, options, 1);
					if (!step) break;
					expect(step.id).toBeGreaterThan(cursor);
					expect(step.spans.length).toBeLessThanOrEqual(1_000);
					followed.push(...step.spans);
					cursor = step.id;
				}
				expect([...scanned, ...followed].sort(bySpanId)).toEqual(await rawFilter(h.store, { ...range, ...options }));
				expect(cursor).toBeLessThanOrEqual(await h.store.lastSpanChunkId());
				expect(await follow(h.store, cursor, options)).toEqual([]);
			}
		}));

		it('evicts the copies with their raw chunks (retention and quota), totals included', withStore(async (h) => {
			const hour = 3_600_000;
			await h.store.updateSettings({ retentionHours: { spans: 1 } });
			const written = Array.from({ length: 6 }, (_, i) => mixedTraces({ traces: 30, startMs: t0 + i * 20 * 60_000, seconds: 1, seed: i }));
			for (const [i, spans] of written.entries()) await h.store.writeBatches('e1', [batch(i + 1, spans)]);
			for (;;) if ((await h.store.evictExpired({ nowMs: t0 + 2 * hour, maxChunks: 1 })).done) break;
			const range = { fromMs: t0, toMs: t0 + 3 * hour };
			// the writes ending before now - 1 h (t0, +20 min, +40 min) are gone
			const remaining = await rawFilter(h.store, { ...range, transactionsOnly: true });
			expect(remaining).toEqual(written.slice(3).flat().filter(isTransaction).sort(bySpanId));
			await expectEqualToRaw(h.store, { ...range, transactionsOnly: true });
			await expectEqualToRaw(h.store, { ...range, entriesOnly: true });
			expect((await h.store.storageStats()).tables.transactionChunks?.items).toBe(remaining.length);
			await h.store.evictOldest({ fraction: 0.5, reason: 'quota', nowMs: t0 + 2 * hour });
			const left = await expectEqualToRaw(h.store, { ...range, transactionsOnly: true });
			expect(left.flat().length).toBeLessThan(remaining.length);
			expect((await h.store.storageStats()).tables.transactionChunks?.items).toBe(left.flat().length);
			expect((await follow(h.store, 0, { transactionsOnly: true })).flatMap((s) => s.spans).sort(bySpanId)).toEqual(await rawFilter(h.store, { ...range, transactionsOnly: true }));
		}));

		it('writes the copy in the raw chunks\' transaction: a failed write leaves no transaction of it', withStore(async (h) => {
			const first = mixedTraces({ traces: 10, startMs: t0, seconds: 1, seed: 1 });
			await h.store.writeBatches('e1', [batch(1, first)]);
			const lost = mixedTraces({ traces: 10, startMs: t0, seconds: 1, seed: 2 });
			const range = { fromMs: t0 - 1_000, toMs: t0 + 10_000, transactionsOnly: true };
			for (const fault of ['cursor', 'quota'] as const) {
				h.arm(fault);
				await expect(h.store.writeBatches('e1', [batch(2, lost)])).rejects.toBeTruthy();
				const held = (await collect(h.store.spanChunks(range))).flat();
				expect(held.sort(bySpanId)).toEqual(first.filter(isTransaction).sort(bySpanId));
				const steps = await follow(h.store, 0, { transactionsOnly: true });
				expect(steps.map((s) => s.id)).toEqual([await h.store.lastSpanChunkId()]);
				expect(steps[0].spans.sort(bySpanId)).toEqual(first.filter(isTransaction).sort(bySpanId));
			}
			await h.store.writeBatches('e1', [batch(2, lost)]);
			await expectEqualToRaw(h.store, range);
			expect((await collect(h.store.spanChunks(range))).flat().filter((s) => lost.some((l) => l.spanId === s.spanId))).toHaveLength(lost.filter(isTransaction).length);
		}));

		it('keeps attribute values JSON cannot hold (NaN, ±Infinity, -0) exactly', withStore(async (h) => {
			const span = makeSpan({ endMs: t0 });
			span.attrs = { 'x.nan': NaN, 'x.inf': Infinity, 'x.neg': [-Infinity, 1], 'x.zero': -0, 'x.text': 'é\u{1F600}' };
			span.events = [{ timeUs: span.startUs, name: 'exception', attrs: { 'exception.type': 'E' } }];
			const plain = makeSpan({ endMs: t0 + 1, route: '/api/ok' });
			await h.store.writeBatches('e1', [batch(1, [span, plain])]);
			const [read] = await collect(h.store.spanChunks({ fromMs: t0 - 1, toMs: t0 + 10, entriesOnly: true }));
			const back = read.find((s) => s.spanId === span.spanId)!;
			expect(Number.isNaN(back.attrs['x.nan'])).toBe(true);
			expect(back.attrs['x.inf']).toBe(Infinity);
			expect(back.attrs['x.neg']).toEqual([-Infinity, 1]);
			expect(Object.is(back.attrs['x.zero'], -0)).toBe(true);
			expect(back.attrs['x.text']).toBe('é\u{1F600}');
			expect(back.events).toEqual(span.events);
			expect(read.find((s) => s.spanId === plain.spanId)).toEqual(plain);
		}));
	});
}

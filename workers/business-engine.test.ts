import { describe, expect, it } from 'vitest';
import { attrEquals, bizSpan, tx } from '../src/lib/domain/business/test-spans';
import type { BusinessDefinitions } from '../src/lib/domain/business/types';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { MemoryKpiWindowStore } from '../src/lib/io/kpi/memory-kpi-window-store';
import { SpanKind, type SpanRecord } from '../src/lib/protocol/records';
import type { SpanFollowOptions } from '../src/lib/io/telemetry-store';
import { KpiEngine, type EngineSpans, type EngineStatus } from './business-engine';

const nowMs = Date.UTC(2026, 3, 1, 10, 30);
const defs: BusinessDefinitions = {
	domains: [{ id: 'deposits', names: { en: 'Deposits' } }],
	transactions: [tx('transfer', 'deposits', [attrEquals('biz.transaction', 'account.transfer')], { spans: 'entry' })],
	kpis: [{ id: 'amount', name: 'Amount', scope: { kind: 'transaction', transactionId: 'transfer' }, measure: { kind: 'sum', attr: 'biz.amount_krw' } }]
};
const transfer = (endMs: number, amountKrw: number, channel = 'mobile') => bizSpan({ endMs, attrs: { 'biz.transaction': 'account.transfer', 'biz.amount_krw': amountKrw, 'biz.channel': channel } });

let seq = 0;
async function write(store: MemoryTelemetryStore, spans: SpanRecord[]) {
	await store.writeBatches('e', [{ seq: ++seq, receivedMs: nowMs, resources: [], spans, metrics: [], logs: [] }]);
}

async function settle(engine: KpiEngine) {
	for (let i = 0; i < 20 && (await engine.step()); i++);
}

/** The definitions with a condition every transfer meets: a change that makes the engine build its rule rows. */
function primed(d: BusinessDefinitions): BusinessDefinitions {
	const next = structuredClone(d);
	next.transactions[0].rule.conditions.push({ kind: 'test', field: 'attr', key: 'biz.transaction', op: 'exists' });
	return next;
}

async function sum(windows: MemoryKpiWindowStore, target = 't:transfer', level: '1m' | '1h' = '1m') {
	return (await windows.windows(level, 0, Infinity)).reduce((s, w) => s + (w.targets[target]?.attrs['biz.amount_krw']?.sum ?? 0), 0);
}

describe('KpiEngine', () => {
	it('evaluates stored history once, then follows new chunks exactly once', async () => {
		const spans = new MemoryTelemetryStore();
		const windows = new MemoryKpiWindowStore();
		await write(spans, [transfer(nowMs - 3_600_000, 100), transfer(nowMs - 60_000, 20)]);
		const statuses: EngineStatus[] = [];
		const engine = new KpiEngine({ spans, windows, now: () => nowMs, onStatus: (s) => statuses.push(s) });
		expect(await engine.step()).toBe(false);
		engine.setDefinitions(defs);
		await settle(engine);
		expect(await sum(windows)).toBe(120);
		expect(statuses.some((s) => s.phase === 'reevaluating')).toBe(true);
		expect(statuses.at(-1)?.phase).toBe('live');
		await write(spans, [transfer(nowMs - 1_000, 5)]);
		await settle(engine);
		await settle(engine);
		expect(await sum(windows)).toBe(125);
		expect(await sum(windows, 't:transfer', '1h')).toBe(125);
		// a second engine (a reload) resumes from the stored cursor: nothing counted twice
		const again = new KpiEngine({ spans, windows, now: () => nowMs });
		again.setDefinitions(defs);
		await settle(again);
		expect(await sum(windows)).toBe(125);
	});

	it('re-evaluates only what a rule change affects, and skips a change that needs nothing', async () => {
		const spans = new MemoryTelemetryStore();
		const windows = new MemoryKpiWindowStore();
		await write(spans, [transfer(nowMs - 120_000, 100, 'mobile'), transfer(nowMs - 60_000, 7, 'branch')]);
		const engine = new KpiEngine({ spans, windows, now: () => nowMs });
		engine.setDefinitions(defs);
		await settle(engine);
		expect(await sum(windows)).toBe(107);
		const mobileOnly = structuredClone(defs);
		mobileOnly.transactions[0].rule.conditions.push(attrEquals('biz.channel', 'mobile'));
		engine.setDefinitions(mobileOnly);
		await settle(engine);
		expect(await sum(windows)).toBe(100);
		expect((await windows.windows('1m', 0, Infinity)).reduce((n, w) => n + (w.targets['d:deposits']?.count ?? 0), 0)).toBe(1);
		const renamed = structuredClone(mobileOnly);
		renamed.domains[0].names = { en: 'Savings' };
		engine.setDefinitions(renamed);
		await settle(engine);
		expect((await windows.readState())?.definitions.domains[0].names.en).toBe('Savings');
		expect(await sum(windows)).toBe(100);
	});

	it('replaces the stored windows whole when a change re-evaluates every target, dropping definitions no longer there', async () => {
		const spans = new MemoryTelemetryStore();
		const windows = new MemoryKpiWindowStore();
		await write(spans, [transfer(nowMs - 120_000, 100), transfer(nowMs - 60_000, 7)]);
		const engine = new KpiEngine({ spans, windows, now: () => nowMs });
		engine.setDefinitions(defs);
		await settle(engine);
		const swapped = structuredClone(defs);
		swapped.transactions = [tx('payment', 'deposits', [attrEquals('biz.transaction', 'account.transfer')], { spans: 'entry' })];
		swapped.kpis = [{ id: 'paid', name: 'Paid', scope: { kind: 'transaction', transactionId: 'payment' }, measure: { kind: 'sum', attr: 'biz.amount_krw' } }];
		engine.setDefinitions(swapped);
		await settle(engine);
		const stored = await windows.windows('1m', 0, Infinity);
		expect(stored.flatMap((w) => Object.keys(w.targets)).filter((k) => k === 't:transfer')).toEqual([]);
		expect(await sum(windows, 't:payment')).toBe(107);
		expect(await sum(windows, 't:payment', '1h')).toBe(107);
	});

	it('never opens CLIENT / INTERNAL spans for entry or transaction rules, and counts each span once', async () => {
		const store = new MemoryTelemetryStore();
		const asked: SpanFollowOptions[] = [];
		// the store as the engine sees it, noting which spans each read asks for
		const spans: EngineSpans = {
			spanChunks: (query) => (asked.push({ entriesOnly: query.entriesOnly, transactionsOnly: query.transactionsOnly }), store.spanChunks(query)),
			spanChunksAfter: (afterId, options = {}) => (asked.push({ entriesOnly: options.entriesOnly, transactionsOnly: options.transactionsOnly }), store.spanChunksAfter(afterId, options)),
			lastSpanChunkId: () => store.lastSpanChunkId()
		};
		// the same transfer seen downstream: a non-root SERVER span an entry rule never matches
		const downstream = (endMs: number, amountKrw: number) => ({ ...transfer(endMs, amountKrw), parentSpanId: 'a'.repeat(16), service: 'transfer' });
		const client = (endMs: number) => ({ ...transfer(endMs, 1_000_000), parentSpanId: 'b'.repeat(16), kind: SpanKind.Client });
		const windows = new MemoryKpiWindowStore();
		await write(store, [transfer(nowMs - 600_000, 100), downstream(nowMs - 600_000, 100), client(nowMs - 600_000)]);
		const engine = new KpiEngine({ spans, windows, now: () => nowMs, maxChunksPerStep: 1 });
		engine.setDefinitions(defs);
		await settle(engine);
		for (const [i, batch] of [[downstream(nowMs - 50_000, 3)], [transfer(nowMs - 40_000, 10), client(nowMs - 40_000)], [client(nowMs - 30_000)], [transfer(nowMs - 20_000, 1)]].entries()) {
			await write(store, batch);
			if (i % 2 === 1) await settle(engine);
		}
		await settle(engine);
		expect(await sum(windows)).toBe(111);
		expect(asked.length).toBeGreaterThan(2);
		// entries only: the first evaluation builds no rule rows, so nothing needs more
		expect(asked.every((o) => o.entriesOnly === true)).toBe(true);

		asked.length = 0;
		const anyServer = structuredClone(defs);
		anyServer.transactions[0].spans = 'transactions';
		engine.setDefinitions(anyServer);
		await settle(engine);
		expect(await sum(windows)).toBe(214);
		await write(store, [downstream(nowMs - 10_000, 1_000), client(nowMs - 10_000)]);
		await settle(engine);
		await settle(engine);
		expect(await sum(windows)).toBe(1_214);
		expect(asked.every((o) => o.transactionsOnly === true && !o.entriesOnly)).toBe(true);
	});

	it('re-evaluates a rule change from rule rows, with the windows the spans give', async () => {
		const store = new MemoryTelemetryStore();
		const windows = new MemoryKpiWindowStore();
		const asked: string[] = [];
		const spans: EngineSpans = {
			spanChunks: (query) => (asked.push('spans'), store.spanChunks(query)),
			spanChunksAfter: (afterId, options) => store.spanChunksAfter(afterId, options),
			lastSpanChunkId: () => store.lastSpanChunkId()
		};
		const downstream = (endMs: number, amountKrw: number) => ({ ...transfer(endMs, amountKrw), parentSpanId: 'a'.repeat(16), service: 'transfer' });
		await write(store, [transfer(nowMs - 7_200_000, 100, 'mobile'), downstream(nowMs - 7_200_000, 100), transfer(nowMs - 600_000, 7, 'branch')]);
		const statuses: EngineStatus[] = [];
		const engine = new KpiEngine({ spans, windows, now: () => nowMs, maxChunksPerStep: 1, onStatus: (s) => statuses.push(s) });
		engine.setDefinitions(defs);
		await settle(engine);
		expect((await windows.readState())?.rowsFromMs).toBeUndefined();
		// the first change reads the spans and builds the rows
		engine.setDefinitions(primed(defs));
		await settle(engine);
		expect(asked).toEqual(['spans', 'spans']);
		expect(statuses.at(-1)?.source).toBe('spans');
		expect((await windows.readState())?.rowsFromMs).toBeLessThanOrEqual(nowMs - 7_200_000);
		// live chunks, one per step, become rows too; 320 distinct amounts put the amount in a
		// column of its own (rule-rows.ts maxSharedValues), so the amount rule is tested row by row
		for (let i = 0; i < 40; i++) await write(store, Array.from({ length: 8 }, (_, j) => transfer(nowMs - 300_000 + i * 1_000, 1_000 + i * 8 + j, `channel-${i}`)));
		await write(store, [downstream(nowMs - 5_000, 50)]);
		await settle(engine);
		await settle(engine);
		await settle(engine);

		const changes: BusinessDefinitions[] = [];
		const mobile = structuredClone(defs);
		mobile.transactions[0].rule.conditions.push(attrEquals('biz.channel', 'mobile'));
		changes.push(mobile);
		const big = structuredClone(defs);
		big.transactions[0].rule.conditions.push({ kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', min: 1_010 });
		changes.push(big);
		const inner = structuredClone(defs);
		inner.transactions[0].spans = 'transactions';
		changes.push(inner);
		for (const change of changes) {
			asked.length = 0;
			statuses.length = 0;
			engine.setDefinitions(change);
			await settle(engine);
			expect(asked).toEqual([]);
			expect(statuses.at(-1)?.source).toBe('rows');
			// the same definitions evaluated from the spans, in a store of their own
			const fresh = new MemoryKpiWindowStore();
			const check = new KpiEngine({ spans: store, windows: fresh, now: () => nowMs });
			check.setDefinitions(change);
			await settle(check);
			const strip = (ws: Awaited<ReturnType<MemoryKpiWindowStore['windows']>>) => ws.filter((w) => Object.keys(w.targets).length > 0).map((w) => ({ ...w, targets: Object.fromEntries(Object.entries(w.targets).sort()) }));
			expect(strip(await windows.windows('1m', 0, Infinity))).toEqual(strip(await fresh.windows('1m', 0, Infinity)));
		}
		let columns = 0;
		for await (const record of windows.ruleRows(['entry', 'inner'], 0)) columns += record.columns.filter((c) => c.key === 'biz.amount_krw').length;
		expect(columns).toBeGreaterThan(0);
		expect(await sum(windows)).toBe(100 + 100 + 7 + 50 + Array.from({ length: 320 }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0));
	});

	it('writes rule rows once a minute, not every step, and a restarted engine reads the rest again', async () => {
		const store = new MemoryTelemetryStore();
		let rowWrites = 0;
		const windows = new (class extends MemoryKpiWindowStore {
			override merge(...args: Parameters<MemoryKpiWindowStore['merge']>) {
				if (args[3]?.length) rowWrites++;
				return super.merge(...args);
			}
		})();
		let clock = nowMs;
		await write(store, [transfer(nowMs - 600_000, 1)]);
		const engine = new KpiEngine({ spans: store, windows, now: () => clock });
		engine.setDefinitions(defs);
		await settle(engine);
		engine.setDefinitions(primed(defs));
		await settle(engine);
		for (let i = 0; i < 10; i++) {
			clock += 1_000;
			await write(store, [transfer(clock - 500, 10 + i)]);
			await settle(engine);
		}
		// the change that built the rows wrote them; ten steps within the minute after it write none
		expect(rowWrites).toBe(0);
		expect((await windows.readState())!.rowsChunkId).toBeLessThan((await windows.readState())!.chunkId);
		clock += 60_000;
		await write(store, [transfer(clock - 500, 100)]);
		await settle(engine);
		expect(rowWrites).toBe(1);
		expect((await windows.readState())!.rowsChunkId).toBe((await windows.readState())!.chunkId);
		clock += 1_000;
		await write(store, [transfer(clock - 500, 200)]);
		await settle(engine);
		expect(rowWrites).toBe(1);

		// a reload: the chunks after the rows cursor are read again, then a rule change reads rows
		const again = new KpiEngine({ spans: store, windows, now: () => clock });
		again.setDefinitions(primed(defs));
		await settle(again);
		await write(store, [transfer(clock - 100, 1_000)]);
		await settle(again);
		const mobile = structuredClone(defs);
		mobile.transactions[0].rule.conditions.push(attrEquals('biz.channel', 'mobile'));
		const statuses: EngineStatus[] = [];
		const third = new KpiEngine({ spans: store, windows, now: () => clock, onStatus: (s) => statuses.push(s) });
		third.setDefinitions(mobile);
		await settle(third);
		expect(statuses.at(-1)?.source).toBe('rows');
		expect((await windows.readState())!.rowsChunkId).toBe((await windows.readState())!.chunkId);
		let rows = 0;
		for await (const record of windows.ruleRows(['entry', 'inner'], 0)) rows += record.count;
		expect(rows).toBe(14);
		expect(await sum(windows)).toBe(1 + Array.from({ length: 10 }, (_, i) => 10 + i).reduce((a, b) => a + b, 0) + 100 + 200 + 1_000);
	});

	it('reads spans, not rows, for rules over every span, and keeps the rows', async () => {
		const store = new MemoryTelemetryStore();
		const windows = new MemoryKpiWindowStore();
		const asked: SpanFollowOptions[] = [];
		const spans: EngineSpans = {
			spanChunks: (query) => (asked.push({ entriesOnly: query.entriesOnly, transactionsOnly: query.transactionsOnly }), store.spanChunks(query)),
			spanChunksAfter: (afterId, options) => store.spanChunksAfter(afterId, options),
			lastSpanChunkId: () => store.lastSpanChunkId()
		};
		const client = (endMs: number) => ({ ...transfer(endMs, 5), parentSpanId: 'b'.repeat(16), kind: SpanKind.Client });
		await write(store, [transfer(nowMs - 600_000, 100), client(nowMs - 600_000)]);
		const engine = new KpiEngine({ spans, windows, now: () => nowMs });
		engine.setDefinitions(defs);
		await settle(engine);
		engine.setDefinitions(primed(defs));
		await settle(engine);
		const rowsFrom = (await windows.readState())?.rowsFromMs;
		expect(rowsFrom).toBeDefined();
		const every = structuredClone(defs);
		every.transactions[0].spans = 'all';
		asked.length = 0;
		engine.setDefinitions(every);
		await settle(engine);
		expect(asked).toEqual([{ entriesOnly: undefined, transactionsOnly: undefined }]);
		expect(await sum(windows)).toBe(105);
		expect((await windows.readState())?.rowsFromMs).toBe(rowsFrom);
		let records = 0;
		for await (const record of windows.ruleRows(['entry', 'inner'], 0)) records += record.count;
		expect(records).toBe(1);
	});
});

import { describe, expect, it } from 'vitest';
import { attrEquals, bizSpan, tx } from '../src/lib/domain/business/test-spans';
import type { BusinessDefinitions } from '../src/lib/domain/business/types';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { MemoryKpiWindowStore } from '../src/lib/io/kpi/memory-kpi-window-store';
import { SpanKind, type SpanRecord } from '../src/lib/protocol/records';
import { KpiEngine } from './business-engine';
import { BoardReader, transactionPath } from './business-board';

const nowMs = Date.UTC(2026, 3, 1, 10, 30, 30);
// a three-tier system: WEB -> WAS -> DB, no biz attributes; the rule maps the route
const defs: BusinessDefinitions = {
	domains: [{ id: 'shop', names: { en: 'Shop' } }],
	transactions: [tx('order', 'shop', [{ kind: 'test', field: 'name', op: 'prefix', value: 'POST /order' }], { spans: 'entry' })],
	kpis: [
		{ id: 'orders', name: 'Orders', scope: { kind: 'transaction', transactionId: 'order' }, measure: { kind: 'count' } },
		{ id: 'p95', name: 'p95', scope: { kind: 'domain', domainId: 'shop' }, measure: { kind: 'percentile', q: 0.95 }, thresholds: { direction: 'above', warn: 50, critical: 90 } }
	]
};

function threeTier(endMs: number, traceId: string): SpanRecord[] {
	const web = bizSpan({ traceId, service: 'web', name: 'POST /order', endMs, durationMs: 100 });
	const call = bizSpan({ traceId, service: 'web', name: 'POST', kind: SpanKind.Client, parentSpanId: web.spanId, endMs: endMs - 5, durationMs: 90 });
	const was = bizSpan({ traceId, service: 'was', name: 'POST /api/order', parentSpanId: call.spanId, endMs: endMs - 10, durationMs: 80 });
	const db = bizSpan({ traceId, service: 'was', name: 'INSERT', kind: SpanKind.Client, parentSpanId: was.spanId, endMs: endMs - 20, durationMs: 40, attrs: { 'db.system': 'mysql', 'db.name': 'shop' } });
	return [web, call, was, db];
}

async function setup() {
	const spans = new MemoryTelemetryStore();
	const traces = [0, 1, 2].flatMap((i) => threeTier(nowMs - 10_000 * (i + 1), 'a'.repeat(31) + i));
	await spans.writeBatches('e', [{ seq: 1, receivedMs: nowMs, resources: [], spans: traces, metrics: [], logs: [] }]);
	const windows = new MemoryKpiWindowStore();
	const engine = new KpiEngine({ spans, windows, now: () => nowMs });
	engine.setDefinitions(defs);
	while (await engine.step());
	return { spans, windows };
}

describe('board readings in the business worker', () => {
	it('reads KPI tiles and domain bars for a board on a three-tier app', async () => {
		const { windows } = await setup();
		const reader = new BoardReader(windows);
		const answer = await reader.read({ definitions: defs, range: '15m', nowMs, kpiIds: ['orders', 'p95', 'missing'], bars: [{ id: 'w1', measure: { kind: 'count' } }] });
		expect(answer.tiles.orders.reading.value).toBe(3);
		expect(answer.tiles.p95.reading.value).toBeCloseTo(100, -1);
		expect(answer.tiles.p95.reading.status).toBe('critical');
		expect(answer.tiles.missing).toBeUndefined();
		// the sparkline's last minute holds the three orders
		expect(answer.tiles.orders.series.values.at(-1)).toBe(3);
		expect(answer.tiles.p95.series.values.filter((v) => v !== null)).toHaveLength(1);
		expect(answer.bars.w1).toEqual([{ domainId: 'shop', value: 3, count: 3 }]);
		expect(answer.stale).toBe(false);
		// the windows were never evaluated a day ago: comparisons read as not collected
		expect(answer.tiles.orders.reading.yesterday).toBeNull();
		const changed = structuredClone(defs);
		changed.transactions[0].name = 'Order';
		expect((await reader.read({ definitions: changed, range: '15m', nowMs, kpiIds: [], bars: [] })).stale).toBe(true);
	});

	it('gives the path of a transaction across web, was and the database', async () => {
		const { spans } = await setup();
		const path = await transactionPath(spans, { definitions: defs, scope: { kind: 'domain', domainId: 'shop' }, fromMs: nowMs - 60_000, toMs: nowMs + 1 });
		expect(path?.traces).toBe(3);
		expect(path?.meanTotalMs).toBeCloseTo(100, 6);
		const labels = path!.segments.map((s) => s.label);
		expect(labels).toEqual(expect.arrayContaining(['web', 'was']));
		expect(path!.segments.some((s) => s.tier === 'database')).toBe(true);
		expect(path!.segments.reduce((sum, s) => sum + s.meanCriticalMs, 0)).toBeCloseTo(100, 6);
		expect((await transactionPath(spans, { definitions: defs, scope: { kind: 'transaction', transactionId: 'nope' }, fromMs: 0, toMs: nowMs + 1 }))?.traces).toBe(0);
	});
});

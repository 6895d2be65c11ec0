import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type SpanRecord } from '../src/lib/protocol/records';
import { buildTrace, traceBaseUs } from '../src/lib/domain/trace/span-builder';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { createScatterApi } from './scatter-api';

const baseMs = traceBaseUs / 1000;
const palette = { okRgb: 0x0000ff, errorRgb: 0xff0000 };

function request(traceNo: number, atMs: number, durationMs: number, error = false): SpanRecord[] {
	return buildTrace(
		{
			service: 'api-gateway', name: 'POST /transfer', kind: SpanKind.Server, startMs: atMs, endMs: atMs + durationMs, error,
			attrs: { 'biz.domain': 'deposits' },
			children: [{ service: 'api-gateway', name: 'SELECT', kind: SpanKind.Client, startMs: atMs + 1, endMs: atMs + durationMs - 1, attrs: { 'db.system': 'mysql' } }]
		},
		{ traceNo, firstId: traceNo * 10 }
	);
}

const batch = (seq: number, spans: SpanRecord[]) => ({ seq, receivedMs: baseMs, resources: [], spans, metrics: [], logs: [] });

describe('scatter worker api', () => {
	it('loads a live window, then follows new chunks, each transaction once', async () => {
		const store = new MemoryTelemetryStore();
		await store.writeBatches('e', [batch(1, Array.from({ length: 30 }, (_, k) => request(k + 1, k * 100, 10)).flat())]);
		const api = createScatterApi(() => store);
		const opened = await api.open(1, 'db', { fromMs: baseMs });
		expect(opened).toMatchObject({ status: 'done', size: 30, loading: false });
		await store.writeBatches('e', [batch(2, [...request(31, 5000, 2000, true), ...request(32, 5100, 20)])]);
		expect(await api.poll()).toBe(2);
		expect(await api.poll()).toBe(0);
		expect(api.status().size).toBe(32);
		// reopening the same live store keeps what is held
		expect(await api.open(2, 'db', { fromMs: baseMs + 1000 })).toMatchObject({ status: 'done', size: 32 });

		const rect = { fromMs: baseMs, toMs: baseMs + 10_000, minDurationMs: 1000, maxDurationMs: 5000 };
		const picked = api.select(rect, {});
		expect(picked.total).toBe(1);
		expect(picked.rows[0]).toMatchObject({ traceId: request(31, 0, 1)[0].traceId, error: true, domain: 'deposits', durationMs: 2000 });
		expect(api.select(rect, { status: 'ok' }).total).toBe(0);
		expect(api.names()).toEqual({ services: ['api-gateway'], operations: ['POST /transfer'], domains: ['deposits'] });
	});

	it('loads a past window only, and is not followed', async () => {
		const store = new MemoryTelemetryStore();
		await store.writeBatches('e', [batch(1, Array.from({ length: 10 }, (_, k) => request(k + 1, k * 1000, 10)).flat())]);
		const api = createScatterApi(() => store);
		expect(await api.open(1, 'db', { fromMs: baseMs + 2000, toMs: baseMs + 5000 })).toMatchObject({ size: 3 });
		await store.writeBatches('e', [batch(2, request(11, 3000, 10))]);
		expect(await api.poll()).toBe(0);
	});

	it('stops a load overtaken by a newer open', async () => {
		const store = new MemoryTelemetryStore();
		await store.writeBatches('e', Array.from({ length: 4 }, (_, b) => batch(b + 1, Array.from({ length: 600 }, (_, k) => request(b * 1000 + k + 1, k, 5)).flat())));
		const api = createScatterApi(() => store);
		const [first, second] = await Promise.all([api.open(1, 'db', { fromMs: baseMs, toMs: baseMs + 60_000 }), api.open(2, 'db', { fromMs: baseMs })]);
		expect(first.status).toBe('superseded');
		expect(second).toMatchObject({ status: 'done', size: 2400 });
	});

	it('draws dots when few points are in view and a density grid beyond, with an automatic y axis', async () => {
		const store = new MemoryTelemetryStore();
		const spans = Array.from({ length: 50 }, (_, k) => request(k + 1, k * 10, 10 + k, k === 49)).flat();
		await store.writeBatches('e', [batch(1, spans)]);
		const api = createScatterApi(() => store);
		await api.open(1, 'db', { fromMs: baseMs });
		const view = { fromMs: baseMs, toMs: baseMs + 1000, minDurationMs: 0, maxDurationMs: 'auto' as const, widthPx: 100, heightPx: 50, yScale: 'linear' as const };
		const dots = await api.frame(1, view, {}, palette);
		if (dots.status !== 'done') throw new Error('superseded');
		expect(dots).toMatchObject({ mode: 'dots', inView: 50, errors: 1, maxDurationMs: 100, widthPx: 100, heightPx: 50 });
		expect(dots.rgba.length).toBe(100 * 50 * 4);
		// the slowest point (59 ms, an error) is drawn red at its place
		const x = Math.floor(((spans.at(-2)!.startUs + spans.at(-2)!.durationUs) / 1000 - baseMs) / 10);
		const y = Math.floor((100 - 59) / 2);
		expect([...dots.rgba.slice((y * 100 + x) * 4, (y * 100 + x) * 4 + 4)]).toEqual([255, 0, 0, 255]);
		const density = await api.frame(2, { ...view, maxDurationMs: 40 }, { services: ['api-gateway'] }, palette, 10);
		expect(density).toMatchObject({ status: 'done', mode: 'density', inView: 50, aboveCount: 19, maxDurationMs: 40 });
		const [older, newer] = await Promise.all([api.frame(3, view, {}, palette), api.frame(4, view, {}, palette)]);
		expect(older.status).toBe('superseded');
		expect(newer.status).toBe('done');
	});

	it('shows transactions handed over (an imported file) instead of the store', () => {
		const api = createScatterApi(() => new MemoryTelemetryStore());
		const status = api.show([...request(1, 0, 10), { ...request(2, 0, 10)[0], status: StatusCode.Error }]);
		expect(status).toMatchObject({ size: 2, window: undefined });
		expect(api.select({ fromMs: -Infinity, toMs: Infinity, minDurationMs: 0, maxDurationMs: Infinity }, { status: 'error' }).total).toBe(1);
	});

	it('follows the transactions table: writes without transactions add nothing, later ones are not missed', async () => {
		const store = new MemoryTelemetryStore();
		await store.writeBatches('e', [batch(1, request(1, 0, 10))]);
		const api = createScatterApi(() => store);
		await api.open(1, 'db', { fromMs: baseMs });
		// child spans arriving late, in a write of their own: no transaction among them
		const children = Array.from({ length: 5 }, (_, k) => request(10 + k, 100, 10)[1]);
		await store.writeBatches('e', [batch(2, children)]);
		expect(await api.poll()).toBe(0);
		await store.writeBatches('e', [batch(3, [...request(20, 200, 30), ...request(21, 300, 40)])]);
		expect(await api.poll()).toBe(2);
		expect(await api.poll()).toBe(0);
		expect(api.status().size).toBe(3);
	});
});

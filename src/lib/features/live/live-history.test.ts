import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type SpanRecord } from '$lib/protocol/records';
import { rollupLevels } from '$lib/domain/telemetry/levels';
import { coarsen, SpanRollup, toWindowRecords } from '$lib/domain/telemetry/rollup';
import { serviceKey, OVERALL_KEY } from '$lib/domain/telemetry/series-key';
import { MemoryTelemetryStore } from '$lib/io/memory-store';
import type { TelemetryStore } from '$lib/io/telemetry-store';
import { resolveTimeRange } from '$lib/state/time-range';
import { LiveHistory } from './live-history.svelte';

const nowMs = Date.UTC(2026, 10, 25, 12, 0, 0);

function span(service: string, endMs: number, durationMs: number, error = false): SpanRecord {
	return {
		traceId: endMs.toString(16).padStart(32, '0'),
		spanId: Math.round(endMs + durationMs).toString(16).padStart(16, '0'),
		parentSpanId: '',
		resourceId: service,
		service,
		instance: `${service}-1`,
		name: 'GET /x',
		kind: SpanKind.Server,
		startUs: (endMs - durationMs) * 1000,
		durationUs: durationMs * 1000,
		status: error ? StatusCode.Error : StatusCode.Unset,
		attrs: { 'http.route': '/x' }
	};
}

/** A store holding rollups at every level of: loans 2 spans/s (one error in 4), cards 1 span/s, for the last 60 s. */
async function storeWithTraffic(): Promise<MemoryTelemetryStore> {
	const store = new MemoryTelemetryStore({ clock: { now: () => nowMs } });
	const spans: SpanRecord[] = [];
	for (let s = 60; s >= 1; s--) {
		const secondMs = nowMs - s * 1000;
		spans.push(span('loans', secondMs + 100, 40, s % 2 === 0), span('loans', secondMs + 600, 60));
		spans.push(span('cards', secondMs + 300, 10));
	}
	const rollup = new SpanRollup();
	rollup.addSpans(spans);
	const deltas = rollup.takeDeltas();
	await store.checkpointRollups({
		windows: rollupLevels.flatMap((level) => toWindowRecords(level, level === '1s' ? deltas : coarsen(deltas, level))),
		metricWindows: [],
		metricSeries: [],
		rolledChunkId: 0
	});
	return store;
}

describe('LiveHistory', () => {
	it('reads the overall frame, service rows and headline for a range', async () => {
		const store = await storeWithTraffic();
		const history = new LiveHistory();
		await history.load(store, { range: resolveTimeRange('5m', nowMs), service: '' });
		expect(history.status).toBe('ready');
		const frame = history.frame!;
		expect(frame.level).toBe('1s');
		const tps = frame.series[OVERALL_KEY].tps.filter((v): v is number => v !== null && v > 0);
		expect(tps).toHaveLength(60);
		expect(new Set(tps)).toEqual(new Set([3]));
		expect(history.services.map((s) => [s.service, s.count])).toEqual([
			['loans', 120],
			['cards', 60]
		]);
		expect(history.headline?.count).toBe(180);
		expect(history.headline?.errors).toBe(30);
	});

	it('reads one service when one is chosen, with that service as the headline', async () => {
		const store = await storeWithTraffic();
		const history = new LiveHistory();
		await history.load(store, { range: resolveTimeRange('1h', nowMs), service: 'cards' });
		expect(history.frame?.level).toBe('10s');
		expect(Object.keys(history.frame!.series)).toEqual([serviceKey('cards')]);
		expect(history.headline).toMatchObject({ service: 'cards', count: 60, errors: 0 });
	});

	it('keeps only the newest request when answers arrive out of order', async () => {
		const store = await storeWithTraffic();
		let releaseFirst: () => void = () => {};
		const firstGate = new Promise<void>((resolve) => (releaseFirst = resolve));
		let calls = 0;
		// the first seriesFrame call is held back until the second request has been answered
		const slowFirst = new Proxy(store, {
			get(target, property, receiver) {
				if (property === 'seriesFrame') {
					return async (query: Parameters<TelemetryStore['seriesFrame']>[0]) => {
						calls += 1;
						if (calls === 1) await firstGate;
						return target.seriesFrame(query);
					};
				}
				const value = Reflect.get(target, property, receiver);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		}) as TelemetryStore;
		const history = new LiveHistory();
		const older = history.load(slowFirst, { range: resolveTimeRange('5m', nowMs), service: 'loans' });
		await history.load(slowFirst, { range: resolveTimeRange('1h', nowMs), service: 'cards' });
		releaseFirst();
		await older;
		expect(history.answered?.service).toBe('cards');
		expect(history.frame?.level).toBe('10s');
	});

	it('reports a failing store and keeps the previous answer', async () => {
		const store = await storeWithTraffic();
		const history = new LiveHistory();
		await history.load(store, { range: resolveTimeRange('5m', nowMs), service: '' });
		const broken = new Proxy(store, {
			get(target, property, receiver) {
				if (property === 'gaps') return async () => Promise.reject(new Error('IndexedDB went away'));
				const value = Reflect.get(target, property, receiver);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		}) as TelemetryStore;
		await history.load(broken, { range: resolveTimeRange('5m', nowMs), service: '' });
		expect(history.status).toBe('error');
		expect(history.error).toBe('IndexedDB went away');
		expect(history.frame?.level).toBe('1s');
	});
});

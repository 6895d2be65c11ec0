/**
 * Metric input for the rollup engine's replay tests (rollup-engine.test.ts): batches of
 * gauge, cumulative sum, cumulative histogram and delta sum points, one batch per second,
 * written to a store and handed over as the ingest worker does (through rollupSender).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { MetricPoint, TelemetryBatch } from '../protocol/records';
import { DexieTelemetryStore } from './dexie-store';
import { MemoryTelemetryStore } from './memory-store';
import { handleRollupMessage, rollupSender, type RollupPortMessage } from './rollup-port';
import type { RollupEngine } from './rollup-engine';
import type { TelemetryDatabase, WriteResult } from './telemetry-store';
import { batch } from './telemetry-store.contract';

export const metricNames = ['heap', 'requests', 'latency', 'bytes'] as const;

/** Counter increments per second of resource `r1`'s `requests` (r2 counts 10 per second). */
const increment = (i: number) => (i * 7) % 5 + 1;

/** Batch `i` (1-based): points at `t0Ms + i s + 500 ms`; r2's `requests` only in odd batches. */
export function metricBatch(t0Ms: number, i: number): TelemetryBatch {
	const timeUs = (t0Ms + i * 1_000 + 500) * 1_000;
	const startUs = t0Ms * 1_000;
	let cumulative = 0;
	for (let j = 1; j <= i; j++) cumulative += increment(j);
	const base = { service: 'loans', instance: 'loans-0', timeUs, attrs: {} };
	const points: MetricPoint[] = [
		{ ...base, resourceId: 'r1', name: 'heap', unit: 'By', type: 'gauge', value: 100 + ((i * 13) % 7) },
		{ ...base, resourceId: 'r1', name: 'requests', unit: '1', type: 'sum', monotonic: true, temporality: 'cumulative', startUs, value: 1_000 + cumulative },
		{
			...base, resourceId: 'r1', name: 'latency', unit: 'ms', type: 'histogram', temporality: 'cumulative', startUs,
			count: 2 * cumulative, sum: 30 * cumulative, bounds: [10, 100], bucketCounts: [cumulative, cumulative - i, i]
		},
		{ ...base, resourceId: 'r1', name: 'bytes', unit: 'By', type: 'sum', monotonic: true, temporality: 'delta', value: 64 * i }
	];
	if (i % 2 === 1) points.push({ ...base, resourceId: 'r2', service: 'auth', instance: 'auth-0', name: 'requests', unit: '1', type: 'sum', monotonic: true, temporality: 'cumulative', startUs, value: 10 * i });
	return batch(i, [], { metrics: points, receivedMs: t0Ms + i * 1_000 + 600 });
}

/** What the never-stopped rollup counts over batches 1..n: every counter increase after each series' first point. */
export function expectedIncreases(t0Ms: number, n: number): { requests: number; latencyCount: number; bytes: number } {
	const first = metricBatch(t0Ms, 1).metrics;
	const last = metricBatch(t0Ms, n).metrics;
	const value = (points: MetricPoint[], name: string, resourceId = 'r1') => points.find((p) => p.name === name && p.resourceId === resourceId)!;
	const lastOdd = metricBatch(t0Ms, n % 2 ? n : n - 1).metrics;
	let bytes = 0;
	for (let i = 1; i <= n; i++) bytes += 64 * i;
	return {
		requests: value(last, 'requests').value! - value(first, 'requests').value! + value(lastOdd, 'requests', 'r2').value! - value(first, 'requests', 'r2').value!,
		latencyCount: value(last, 'latency').count! - value(first, 'latency').count!,
		bytes
	};
}

/** Writes batch `i` and returns its hand-over, to deliver now or later (`deliver(engine)`). */
export async function writeMetricBatch(store: TelemetryDatabase, t0Ms: number, i: number): Promise<{ result: WriteResult; deliver(engine: RollupEngine): void }> {
	const b = metricBatch(t0Ms, i);
	const result = await store.writeBatches('e1', [b]);
	return {
		result,
		deliver(engine) {
			const port = { postMessage: (message: unknown) => handleRollupMessage(engine, message as RollupPortMessage) };
			rollupSender(port).written(result, [b]);
		}
	};
}

/** Stored 1 s metric columns per metric name and series key (descriptors' seen times left out). */
export async function metricColumns(store: TelemetryDatabase, fromMs: number, toMs: number) {
	const out: Record<string, unknown> = {};
	for (const name of metricNames) {
		const frame = await store.metricFrame({ level: '1s', name, fromMs, toMs });
		for (const s of frame.series) out[s.descriptor.key] = s.columns;
	}
	return out;
}

/** Sums of the stored 1 s windows: counter increase, histogram count, delta sum. */
export async function storedIncreases(store: TelemetryDatabase, fromMs: number, toMs: number): Promise<{ requests: number; latencyCount: number; bytes: number }> {
	const total = async (name: string, column: 'ratePerSec' | 'countPerSec') => {
		const frame = await store.metricFrame({ level: '1s', name, fromMs, toMs });
		return frame.series.reduce((n, s) => n + (s.columns[column] ?? []).reduce<number>((m, v) => m + (v ?? 0), 0), 0);
	};
	return { requests: await total('requests', 'ratePerSec'), latencyCount: await total('latency', 'countPerSec'), bytes: await total('bytes', 'ratePerSec') };
}

/** A store kind for the replay tests: `reload` opens the same data again (the crashed tab's store stays as it was). */
export interface StoreKind {
	name: string;
	open(now: { value: number }): { store: TelemetryDatabase; reload(): TelemetryDatabase };
}

let dbCounter = 0;
export const storeKinds: StoreKind[] = [
	{
		name: 'memory store',
		open: (now) => {
			const store = new MemoryTelemetryStore({ clock: { now: () => now.value } });
			return { store, reload: () => store };
		}
	},
	{
		name: 'Dexie store',
		open: (now) => {
			const indexedDB = new IDBFactory();
			const name = 'replay-' + ++dbCounter;
			const open = () => new DexieTelemetryStore({ name, indexedDB, IDBKeyRange, clock: { now: () => now.value } });
			return { store: open(), reload: open };
		}
	}
];

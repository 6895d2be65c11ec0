/**
 * For worker API tests: the demo bank's output, normalised exactly as the relay does, written
 * into an in-memory store as one batch per simulated step (received at the step's time), with
 * span and metric rollups checkpointed once at the end (as the rollup worker would have).
 */
import { normaliseOtlp, type OtlpRequest } from '../src/lib/domain/otlp/index';
import type { OtlpSignal } from '../src/lib/domain/otlp/types';
import type { ResourceRecord, TelemetryBatch } from '../src/lib/protocol/records';
import { MetricRollup } from '../src/lib/domain/telemetry/metric-rollup';
import { PendingRollups } from '../src/lib/domain/telemetry/pending-rollups';
import { SpanRollup } from '../src/lib/domain/telemetry/rollup';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { createDemoBank, type DemoBank, type IncidentSpec } from '../src/lib/sim/index';

export interface DemoStore {
	store: MemoryTelemetryStore;
	bank: DemoBank;
	startMs: number;
	endMs: number;
}

export async function demoStore(options: { startMs: number; seconds: number; stepMs: number; speed: number; load?: number; incidents: IncidentSpec[]; seed?: number }): Promise<DemoStore> {
	const store = new MemoryTelemetryStore();
	const bank = createDemoBank({ seed: options.seed ?? 7, startMs: options.startMs, speed: options.speed, load: options.load ?? 0.2, incidents: options.incidents });
	const rollup = new SpanRollup();
	const metricRollup = new MetricRollup();
	let seq = 0;
	let endMs = options.startMs;
	for (let t = options.startMs + options.stepMs; t <= options.startMs + options.seconds * 1000; t += options.stepMs) {
		const out = bank.advance(t);
		const batch: TelemetryBatch = { seq: ++seq, receivedMs: t, resources: [], spans: [], metrics: [], logs: [] };
		const resources = new Map<string, ResourceRecord>();
		const add = (signal: OtlpSignal, request: OtlpRequest) => {
			const r = normaliseOtlp(signal, request, { nowMs: t });
			for (const res of r.resources) resources.set(res.id, res);
			batch.spans.push(...r.spans);
			batch.metrics.push(...r.metrics);
			batch.logs.push(...r.logs);
		};
		for (const r of out.traces) add('traces', r);
		for (const r of out.metrics) add('metrics', r);
		for (const r of out.logs) add('logs', r);
		batch.resources = [...resources.values()];
		await store.writeBatches('demo', [batch]);
		rollup.addSpans(batch.spans);
		metricRollup.addPoints(batch.metrics);
		endMs = t;
	}
	const pending = new PendingRollups();
	pending.add(rollup.takeDeltas());
	pending.addMetrics(metricRollup.takeDeltas());
	await store.checkpointRollups({
		windows: pending.records(),
		metricWindows: pending.metricRecords(),
		metricSeries: metricRollup.takeDescriptors(),
		rolledChunkId: await store.lastSpanChunkId()
	});
	return { store, bank, startMs: options.startMs, endMs };
}

/**
 * For worker API tests, benches and evaluations: the demo bank's output, normalised exactly
 * as the relay does, written into an in-memory store as one batch per step (`DemoFeed`), with
 * span and metric rollups checkpointed when asked (as the rollup worker would). `demoStore`
 * writes a whole run at once and checkpoints once at the end.
 */
import { normaliseOtlp, type OtlpRequest } from '../src/lib/domain/otlp/index';
import type { OtlpSignal } from '../src/lib/domain/otlp/types';
import type { ResourceRecord, TelemetryBatch } from '../src/lib/protocol/records';
import { MetricRollup } from '../src/lib/domain/telemetry/metric-rollup';
import { PendingRollups } from '../src/lib/domain/telemetry/pending-rollups';
import { SpanRollup } from '../src/lib/domain/telemetry/rollup';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { createDemoBank, type DemoBank, type DemoBankOptions, type IncidentSpec } from '../src/lib/sim/index';

export interface DemoStore {
	store: MemoryTelemetryStore;
	bank: DemoBank;
	startMs: number;
	endMs: number;
}

/** A demo bank feeding an in-memory store step by step. */
export class DemoFeed {
	readonly store = new MemoryTelemetryStore();
	readonly bank: DemoBank;
	readonly #rollup = new SpanRollup();
	readonly #metricRollup = new MetricRollup();
	#seq = 0;

	constructor(options: DemoBankOptions) {
		this.bank = createDemoBank(options);
	}

	/** Advances the bank to `untilMs` and stores what it sent as one batch received at `receivedMs`. */
	async write(untilMs: number, receivedMs = untilMs): Promise<void> {
		const out = this.bank.advance(untilMs);
		const batch: TelemetryBatch = { seq: ++this.#seq, receivedMs, resources: [], spans: [], metrics: [], logs: [] };
		const resources = new Map<string, ResourceRecord>();
		const add = (signal: OtlpSignal, request: OtlpRequest) => {
			const r = normaliseOtlp(signal, request, { nowMs: receivedMs });
			for (const res of r.resources) resources.set(res.id, res);
			batch.spans.push(...r.spans);
			batch.metrics.push(...r.metrics);
			batch.logs.push(...r.logs);
		};
		for (const r of out.traces) add('traces', r);
		for (const r of out.metrics) add('metrics', r);
		for (const r of out.logs) add('logs', r);
		batch.resources = [...resources.values()];
		await this.store.writeBatches('demo', [batch]);
		this.#rollup.addSpans(batch.spans);
		this.#metricRollup.addPoints(batch.metrics);
	}

	/** Stores the rollups of everything written so far, as the rollup worker's checkpoint does. */
	async checkpoint(): Promise<void> {
		const pending = new PendingRollups();
		pending.add(this.#rollup.takeDeltas());
		pending.addMetrics(this.#metricRollup.takeDeltas());
		await this.store.checkpointRollups({
			windows: pending.records(),
			metricWindows: pending.metricRecords(),
			metricSeries: this.#metricRollup.takeDescriptors(),
			rolledChunkId: await this.store.lastSpanChunkId()
		});
	}
}

export async function demoStore(options: { startMs: number; seconds: number; stepMs: number; speed: number; load?: number; incidents: IncidentSpec[]; seed?: number }): Promise<DemoStore> {
	const feed = new DemoFeed({ seed: options.seed ?? 7, startMs: options.startMs, speed: options.speed, load: options.load ?? 0.2, incidents: options.incidents });
	let endMs = options.startMs;
	for (let t = options.startMs + options.stepMs; t <= options.startMs + options.seconds * 1000; t += options.stepMs) {
		await feed.write(t);
		endMs = t;
	}
	await feed.checkpoint();
	return { store: feed.store, bank: feed.bank, startMs: options.startMs, endMs };
}

/**
 * The demo bank as a DemoSource. The bank emits one OTLP request per resource; a Collector
 * in front of a relay would batch them, and so does this adapter: one export per signal per
 * simulated second (about 250 spans at the default load, far below the relay's body limit
 * even at a month-end peak).
 *
 * Catch-up is bounded: at most `maxStepsPerAdvance` seconds are simulated per call, so a
 * backfill (the bank starting minutes in the past) streams in over several ticks instead
 * of blocking the demo worker; the relay and the ingest see it as late data, which lands
 * in the right windows.
 */
import type { DemoBank } from '../sim';
import type { DemoExport, DemoSource } from './demo-backend';

export const bankStepMs = 1_000;
export const defaultMaxStepsPerAdvance = 20;

export interface BankSourceOptions {
	bank: DemoBank;
	/** The bank's `startMs`: simulation has been generated up to here. */
	startMs: number;
	maxStepsPerAdvance?: number;
}

export function bankSource(options: BankSourceOptions): DemoSource & { generatedUpToMs(): number } {
	const maxSteps = options.maxStepsPerAdvance ?? defaultMaxStepsPerAdvance;
	let doneMs = options.startMs;
	return {
		generatedUpToMs: () => doneMs,
		advance(nowMs: number): DemoExport[] {
			const exports: DemoExport[] = [];
			for (let step = 0; step < maxSteps && doneMs + bankStepMs <= nowMs; step++) {
				doneMs += bankStepMs;
				const out = options.bank.advance(doneMs);
				const resourceSpans = out.traces.flatMap((r) => r.resourceSpans ?? []);
				const resourceMetrics = out.metrics.flatMap((r) => r.resourceMetrics ?? []);
				const resourceLogs = out.logs.flatMap((r) => r.resourceLogs ?? []);
				if (resourceSpans.length) exports.push({ signal: 'traces', body: { resourceSpans } });
				if (resourceMetrics.length) exports.push({ signal: 'metrics', body: { resourceMetrics } });
				if (resourceLogs.length) exports.push({ signal: 'logs', body: { resourceLogs } });
			}
			return exports;
		}
	};
}

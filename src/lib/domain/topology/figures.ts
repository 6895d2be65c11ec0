import { emptySketch, sketchMerge, sketchQuantileUs } from './latency-sketch';
import type { Figures, Traffic } from './types';

/** Requests per second over `windowSec`, error rate, and latency quantiles in ms (±1 %). */
export function figuresOf(traffic: Traffic, windowSec: number): Figures {
	const { count, errors, latency } = traffic;
	return {
		requests: count,
		errors,
		requestsPerSec: windowSec > 0 ? count / windowSec : 0,
		errorRate: count > 0 ? errors / count : 0,
		p50Ms: sketchQuantileUs(latency, 0.5) / 1000,
		p95Ms: sketchQuantileUs(latency, 0.95) / 1000,
		p99Ms: sketchQuantileUs(latency, 0.99) / 1000
	};
}

export function mergeTraffic(parts: Iterable<Traffic>): Traffic {
	const out: Traffic = { count: 0, errors: 0, latency: emptySketch() };
	for (const t of parts) {
		out.count += t.count;
		out.errors += t.errors;
		sketchMerge(out.latency, t.latency);
	}
	return out;
}

export function windowSecOf(graph: { fromUs: number; toUs: number }): number {
	return Math.max(1, (graph.toUs - graph.fromUs) / 1e6);
}

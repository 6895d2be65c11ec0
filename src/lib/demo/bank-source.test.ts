import { describe, expect, it } from 'vitest';
import { createRelay } from '../relay';
import { createDemoBank } from '../sim';
import type { ExportTraceServiceRequest } from '../domain/otlp/types';
import type { RelayHealth } from '../protocol/stream';
import { DemoBackend } from './demo-backend';
import { bankSource } from './bank-source';

const startMs = Date.UTC(2026, 10, 25, 3, 30, 0); // 12:30 in Seoul: lunch peak

function spanCount(body: unknown): number {
	return ((body as ExportTraceServiceRequest).resourceSpans ?? []).reduce(
		(n, rs) => n + (rs.scopeSpans ?? []).reduce((m, ss) => m + (ss.spans?.length ?? 0), 0),
		0
	);
}

describe('bankSource', () => {
	it('batches the bank per signal and per simulated second, bounded per call', () => {
		const source = bankSource({ bank: createDemoBank({ seed: 7, startMs }), startMs, maxStepsPerAdvance: 5 });
		const first = source.advance(startMs + 60_000);
		expect(source.generatedUpToMs()).toBe(startMs + 5_000);
		const traces = first.filter((e) => e.signal === 'traces');
		expect(traces.length).toBeGreaterThan(0);
		expect(traces.length).toBeLessThanOrEqual(5);
		expect(new Set(first.map((e) => e.signal)).size).toBeGreaterThanOrEqual(1);
		// later calls continue where the previous one stopped, and stop at now
		source.advance(startMs + 7_500);
		expect(source.generatedUpToMs()).toBe(startMs + 7_000);
	});

	it('emits the same telemetry for the same seed however the calls are sliced', () => {
		const count = (slices: number[]) => {
			const source = bankSource({ bank: createDemoBank({ seed: 3, startMs }), startMs, maxStepsPerAdvance: 100 });
			let spans = 0;
			for (const untilMs of slices) {
				for (const e of source.advance(untilMs)) if (e.signal === 'traces') spans += spanCount(e.body);
			}
			return spans;
		};
		const whole = count([startMs + 30_000]);
		expect(whole).toBeGreaterThan(0);
		expect(count([startMs + 10_000, startMs + 20_500, startMs + 30_000])).toBe(whole);
	});

	it('feeds the relay core with every span the bank generated', async () => {
		const bank = createDemoBank({ seed: 11, startMs });
		let nowMs = startMs;
		const backend = new DemoBackend({
			relay: createRelay({ demo: true, now: () => nowMs }),
			source: bankSource({ bank, startMs }),
			now: () => nowMs
		});
		nowMs = startMs + 20_000;
		await backend.tick();
		expect(backend.stats().refusedExports).toBe(0);
		const response = await backend.handle({ method: 'GET', url: 'http://x/api/health', headers: [], body: null });
		const health = (await new Response(response.body).json()) as RelayHealth;
		expect(health.accepted.spans).toBe(bank.stats().spans);
		expect(health.accepted.spans).toBeGreaterThan(0);
		await backend.stop();
	});
});

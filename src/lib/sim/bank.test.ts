import { describe, expect, it } from 'vitest';
import { createDemoBank } from './index';
import { flatLogs, flatPoints, flatSpans } from './flatten';

const START = Date.UTC(2026, 10, 4, 3, 0); // Wednesday 12:00 KST

function run(seed: number, steps: number[]): string {
	const bank = createDemoBank({ seed, startMs: START, load: 0.4 });
	return steps.map((t) => JSON.stringify(bank.advance(START + t))).join('\n');
}

describe('createDemoBank', () => {
	it('is deterministic: same seed and advance() calls give byte-identical output', () => {
		const steps = [1000, 2500, 2500, 4000, 9000];
		const a = run(7, steps);
		expect(run(7, steps)).toBe(a);
		expect(run(8, steps)).not.toBe(a);
	});

	it('hands out each span once, when it has finished, and nothing stamped after untilMs', () => {
		const bank = createDemoBank({ seed: 4, startMs: START, load: 0.3 });
		const seen = new Set<string>();
		let previous = START;
		for (const until of [START + 700, START + 2_000, START + 2_001, START + 5_500, START + 9_000]) {
			const out = bank.advance(until);
			for (const s of flatSpans(out)) {
				const id = `${s.traceId}/${s.spanId}`;
				expect(seen.has(id)).toBe(false);
				seen.add(id);
				expect(s.endMs).toBeLessThanOrEqual(until);
				expect(s.endMs).toBeGreaterThanOrEqual(previous);
			}
			for (const l of flatLogs(out)) expect(l.timeMs).toBeLessThanOrEqual(until);
			for (const p of flatPoints(out)) expect(p.timeMs).toBeLessThanOrEqual(until);
			previous = until;
		}
		expect(seen.size).toBeGreaterThan(1_000);
	});

	it('returns nothing for a time it has already simulated, and rejects a non-finite time', () => {
		const bank = createDemoBank({ seed: 1, startMs: START, load: 0.2 });
		bank.advance(START + 2000);
		expect(bank.advance(START + 1000)).toEqual({ traces: [], metrics: [], logs: [] });
		expect(() => bank.advance(Number.NaN)).toThrow(/finite/);
	});

	it('rejects bad options with a message naming the option', () => {
		expect(() => createDemoBank({ seed: 1, startMs: Number.NaN })).toThrow(/startMs/);
		expect(() => createDemoBank({ seed: 1, startMs: START, speed: 0 })).toThrow(/speed/);
		expect(() => createDemoBank({ seed: 1, startMs: START, load: -1 })).toThrow(/load/);
		expect(() => createDemoBank({ seed: 1, startMs: START, incidents: [{ kind: 'meteor' as never, startMs: START }] })).toThrow(/kind/);
		expect(() => createDemoBank({ seed: 1, startMs: START, incidents: [{ kind: 'slow-sql', startMs: START, durationMs: -5 }] })).toThrow(/durationMs/);
	});

	it('bounds a long step: only the last maxStepMs is simulated with telemetry', () => {
		const bank = createDemoBank({ seed: 2, startMs: START, load: 0.3, maxStepMs: 5_000 });
		const until = START + 3_600_000;
		const spans = flatSpans(bank.advance(until));
		expect(spans.length).toBeGreaterThan(0);
		// Traces started before the simulated window do not exist; the longest trace lasts < 60 s.
		expect(Math.min(...spans.map((s) => s.startMs))).toBeGreaterThanOrEqual(until - 5_000 - 60_000);
		// At most maxTracesPerSecond × window × the largest trace (a 36-instalment loan, < 200 spans).
		expect(spans.length).toBeLessThan(400 * 5 * 200);
		expect(bank.stats().skippedMs).toBe(3_600_000 - 5_000);
	});

	it('sheds arrivals above maxTracesPerSecond and counts them', () => {
		const bank = createDemoBank({ seed: 3, startMs: START, load: 2, maxTracesPerSecond: 10 });
		bank.advance(START + 5_000);
		const s = bank.stats();
		expect(s.traces).toBeLessThanOrEqual(10 * 5 + s.followUps);
		expect(s.shedArrivals).toBeGreaterThan(0);
	});
});

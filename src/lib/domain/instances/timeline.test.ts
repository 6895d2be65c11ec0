import { describe, expect, it } from 'vitest';
import { InstanceTracker } from './churn';
import { podResource } from './test-resources';
import { countAt, countSeries, scaleSteps } from './timeline';

const t0 = 1_780_000_000_000;
const min = 60_000;

/**
 * A crafted deployment: two pods from the start; a surge at +10 min adds three pods within
 * 40 s; at +30 min two of them go away; `transfer-e` dies at +40 min and is replaced 20 s
 * later by `transfer-f`. Sightings every 10 s until +60 min (now).
 */
function surgeFleet(): InstanceTracker {
	const tracker = new InstanceTracker();
	const present = (pod: string, fromMs: number, toMs: number) => {
		for (let t = fromMs; t <= toMs; t += 10_000) tracker.observe(podResource('transfer', pod, pod + '-p'), t);
	};
	present('transfer-a', t0, t0 + 60 * min);
	present('transfer-b', t0, t0 + 60 * min);
	present('transfer-c', t0 + 10 * min, t0 + 30 * min);
	present('transfer-d', t0 + 10 * min + 20_000, t0 + 30 * min);
	present('transfer-e', t0 + 10 * min + 40_000, t0 + 40 * min);
	present('transfer-f', t0 + 40 * min + 20_000, t0 + 60 * min);
	return tracker;
}

const nowMs = t0 + 60 * min;

describe('instance counts over time', () => {
	it('counts units present at each step, each gone graceMs after its last sighting', () => {
		const units = surgeFleet().instances();
		const series = countSeries(units, { nowMs, fromMs: t0, toMs: nowMs, stepMs: 5 * min });
		expect(series.xsMs[0]).toBe(t0 + 5 * min);
		//                     5  10  15  20  25  30  35  40  45  50  55  60 min
		expect(series.counts).toEqual([2, 3, 5, 5, 5, 5, 3, 3, 3, 3, 3, 3]);
		expect(countAt(units, t0 + 40 * min + 25_000, { nowMs })).toBe(4);
		expect(countAt(units, t0 + 41 * min, { nowMs })).toBe(3);
		expect(countAt(units, nowMs, { nowMs })).toBe(3);
		// before observation began nothing is known: null, not zero
		const watchedLate = countSeries(units, { nowMs, fromMs: t0 - 10 * min, toMs: t0 + 10 * min, stepMs: 5 * min, observedFromMs: t0 });
		expect(watchedLate.counts).toEqual([null, 2, 2, 3]);
	});

	it('finds the scale-out and scale-in steps, not the replacement nor the first sightings', () => {
		const units = surgeFleet().instances();
		const steps = scaleSteps(units, { nowMs, fromMs: t0, toMs: nowMs, observedFromMs: t0 });
		expect(steps.map(({ direction, from, to, startMs }) => ({ direction, from, to, atMin: (startMs - t0) / min }))).toEqual([
			{ direction: 'out', from: 2, to: 5, atMin: 10 },
			{ direction: 'in', from: 5, to: 3, atMin: 30.5 }
		]);
		expect(steps[0].units.map((k) => k.split('|')[2])).toEqual(['transfer-c', 'transfer-d', 'transfer-e']);
	});

	it('keeps a unit seen within the grace period counted as present now', () => {
		const tracker = new InstanceTracker();
		tracker.observe(podResource('s', 's-a', 'p'), nowMs - 20_000);
		expect(countAt(tracker.instances(), nowMs, { nowMs })).toBe(1);
		expect(scaleSteps(tracker.instances(), { nowMs, fromMs: t0, toMs: nowMs, observedFromMs: t0 })).toEqual([
			{ direction: 'out', startMs: nowMs - 20_000, endMs: nowMs - 20_000, from: 0, to: 1, units: ['s|pod|s-a'] }
		]);
	});
});

/**
 * Regression floors for `npm run eval`: each figure must stay at or above (ratios: at or
 * below) a floor set a little under the value measured when the floor was written. Every
 * algorithm is deterministic (fixed seeds), so a drop means a real regression.
 * Data: ../shared/data (NAB subset, PetShop), read in place.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSection, forecastSection, nabSection, projectRoot, rcaSection } from './sections';

const dataDir = join(projectRoot, '..', 'shared', 'data');

describe('evaluation floors', () => {
	it('NAB subset: the detector stays above its floor and above the windowed-Gaussian baseline', () => {
		const nab = nabSection(join(dataDir, 'nab'));
		expect(nab.files).toBe(28);
		const ours = nab.detectors.meridian;
		const baseline = nab.detectors['windowed-gaussian'];
		expect(ours.standard.score).toBeGreaterThanOrEqual(NAB_FLOORS.standard);
		expect(ours.reward_low_FP_rate.score).toBeGreaterThanOrEqual(NAB_FLOORS.lowFp);
		expect(ours.reward_low_FN_rate.score).toBeGreaterThanOrEqual(NAB_FLOORS.lowFn);
		for (const profile of ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']) expect(ours[profile].score).toBeGreaterThan(baseline[profile].score);
		// The selection replays one expert run through the scorer: for the defaults it must be the detector itself.
		for (const profile of Object.keys(ours)) expect(nab.selection.defaults.scores[profile]).toBeCloseTo(ours[profile].score, 9);
		const held = nab.selection.leaveOneCategoryOut.scores;
		expect(held.standard).toBeGreaterThanOrEqual(NAB_HELD_OUT_FLOORS.standard);
		expect(held.reward_low_FP_rate).toBeGreaterThanOrEqual(NAB_HELD_OUT_FLOORS.lowFp);
		expect(held.reward_low_FN_rate).toBeGreaterThanOrEqual(NAB_HELD_OUT_FLOORS.lowFn);
		expect(nab.selection.artificial.realOnlyStandard).toBeGreaterThanOrEqual(NAB_HELD_OUT_FLOORS.realChosenOnArtificial);
	}, 300_000);

	it('PetShop: root-cause ranking stays above its floor and above N-sigma', () => {
		const rc = rcaSection(join(dataDir, 'petshop'));
		const [ours, nsigma] = rc.all;
		expect(ours.issues).toBe(52);
		expect(ours.avg5).toBeGreaterThanOrEqual(RCA_FLOORS.avg5All);
		expect(ours.ac[0]).toBeGreaterThanOrEqual(RCA_FLOORS.ac1All);
		expect(rc.test[0].avg5).toBeGreaterThanOrEqual(RCA_FLOORS.avg5Test);
		expect(ours.avg5).toBeGreaterThan(nsigma.avg5);
	}, 300_000);

	it('demo bank: incidents ranked and the memory leak predicted at least 10 minutes ahead', () => {
		const demo = demoSection();
		expect(demo.development.incidents.length).toBe(40);
		for (const [set, floors] of Object.entries(DEMO_FLOORS)) {
			const r = demo[set as keyof typeof demo];
			for (const [w, floor] of Object.entries(floors)) expect(r.ac1[w], `${set} ${w} min`).toBeGreaterThanOrEqual(floor);
		}
		const leaks = [...demo.development.leaks, ...demo.heldOut.leaks, ...demo.earlierFresh.leaks, ...demo.fresh.leaks];
		expect(leaks.length).toBe(20);
		for (const leak of leaks) expect(leak.leadMin ?? -1).toBeGreaterThanOrEqual(10);
	}, 300_000);

	it('forecasting: the selected forecaster and the model stay under their MASE-ratio ceilings', async () => {
		const fc = await forecastSection(join(dataDir, 'nab'));
		expect(fc.model).toBe('meridian-patchtst');
		for (const row of fc.rows) {
			const key = `${row.dataset}@${row.horizon}`;
			expect(row.ratio.selected, key).toBeLessThanOrEqual(FORECAST_CEILINGS[key].selected);
			expect(row.ratio.patchtst, key).toBeLessThanOrEqual(FORECAST_CEILINGS[key].patchtst);
		}
	}, 600_000);
});

/** Measured 76.8 / 70.8 / 80.8; floors one point below. */
const NAB_FLOORS = { standard: 75.8, lowFp: 69.8, lowFn: 79.8 };
/** Measured leave-one-category-out 74.9 / 68.4 / 79.6; realAWSCloudwatch with settings chosen on the artificial files 73.2. */
const NAB_HELD_OUT_FLOORS = { standard: 73.9, lowFp: 67.4, lowFn: 78.6, realChosenOnArtificial: 72.2 };
/** Measured Avg@5 0.919 (all 52), 0.928 (test 36), AC@1 0.865 (all); floors just below. */
const RCA_FLOORS = { avg5All: 0.91, ac1All: 0.86, avg5Test: 0.92 };
/**
 * Measured AC@1 with 5 / 10 incident minutes: seeds 1-4 0.85 / 1.00, 5-8 0.85 / 1.00, 9-12
 * 0.90 / 0.90, 13-20 0.925 / 1.00 (run once, with the code that set these floors); leads
 * 17-19 min. Floors just below, and never under the previous ones (seeds 1-4 at 5 min).
 */
const DEMO_FLOORS = {
	development: { '5': 0.85, '10': 0.99 },
	heldOut: { '5': 0.84, '10': 0.99 },
	earlierFresh: { '5': 0.89, '10': 0.89 },
	fresh: { '5': 0.92, '10': 0.99 }
};
/** Measured MASE / seasonal-naive MASE (selected 0.658, 0.797, 0.782, 0.739, 0.141, 0.420); ceilings about 0.02 above. */
const FORECAST_CEILINGS: Record<string, { selected: number; patchtst: number }> = {
	'nab-realAWSCloudwatch@12': { selected: 0.68, patchtst: 0.7 },
	'nab-realAWSCloudwatch@288': { selected: 0.81, patchtst: 0.97 },
	'simulator-like@12': { selected: 0.8, patchtst: 0.84 },
	'simulator-like@288': { selected: 0.76, patchtst: 0.89 },
	'demo-bank-load@12': { selected: 0.16, patchtst: 0.14 },
	'demo-bank-load@288': { selected: 0.44, patchtst: 0.39 }
};

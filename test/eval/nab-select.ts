/**
 * How the detector's hyperparameters were chosen, made repeatable. NAB has no training split,
 * so every setting in NAB_GRID is scored and the pick is made without the files it is judged
 * on:
 * - artificial: picked on the artificial files only, judged on all files and on
 *   realAWSCloudwatch alone (never seen by the pick);
 * - leave one category out: each category's scores come from the setting that scored best on
 *   the other categories;
 * - leave one file out: the same per file.
 * The held-out scores are assembled per file and then scored as NAB does (one threshold swept
 * over all files per profile). One expert run per rarity bandwidth is replayed through
 * AlertScorer for the other settings, which is exactly what StreamingDetector computes.
 */
import { DetectorExperts, EXPERT_NAMES } from '../../src/lib/domain/insights/detector-experts';
import { AlertScorer, DETECTOR_DEFAULTS, type StreamingDetectorOptions } from '../../src/lib/domain/insights/streaming-detector';
import type { NabFile } from './nab-data';
import { scoreProfile, type CostProfile } from './nab-score';

export interface NabGrid {
	rarityBandwidth: number[];
	alertSurprise: number[];
	tailQuantile: number[];
	suppressRows: number[];
}

/** The declared search space (72 settings); the defaults are one of them. */
export const NAB_GRID: NabGrid = {
	rarityBandwidth: [0.02, 0.03, 0.04, 0.05],
	alertSurprise: [7, 7.5, 8],
	tailQuantile: [0.7, 0.8],
	suppressRows: [50, 100, 150]
};

export type ProfileScores = Record<string, number>;

export interface NabSelection {
	settings: number;
	/** The shipped defaults, scored on all files. */
	defaults: { options: StreamingDetectorOptions; scores: ProfileScores };
	/** The best setting on all files (in-sample, for comparison only). */
	inSample: { options: StreamingDetectorOptions; scores: ProfileScores };
	artificial: { options: StreamingDetectorOptions; scores: ProfileScores; realOnlyStandard: number };
	leaveOneCategoryOut: { picks: Record<string, StreamingDetectorOptions>; scores: ProfileScores };
	leaveOneFileOut?: { distinctPicks: number; scores: ProfileScores };
}

type Scored = { key: string; category: string; scores: Float64Array; windows: [number, number][] };

function gridSettings(grid: NabGrid): StreamingDetectorOptions[] {
	const out: StreamingDetectorOptions[] = [];
	for (const rarityBandwidth of grid.rarityBandwidth)
		for (const alertSurprise of grid.alertSurprise)
			for (const tailQuantile of grid.tailQuantile)
				for (const suppressRows of grid.suppressRows) out.push({ rarityBandwidth, alertSurprise, tailQuantile, suppressRows });
	return out;
}

/** Raw expert surprises per row (rows x experts), NaN rows for non-finite values. */
function expertRun(values: readonly number[], rarityBandwidth: number): Float64Array {
	const experts = new DetectorExperts({ ...DETECTOR_DEFAULTS, rarityBandwidth });
	const k = EXPERT_NAMES.length;
	const out = new Float64Array(values.length * k).fill(NaN);
	values.forEach((v, i) => {
		if (Number.isFinite(v)) out.set(experts.update(v), i * k);
	});
	return out;
}

function replay(values: readonly number[], raws: Float64Array, options: StreamingDetectorOptions): Float64Array {
	const scorer = new AlertScorer({ ...DETECTOR_DEFAULTS, ...options });
	const k = EXPERT_NAMES.length;
	const scores = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) scores[i] = Number.isFinite(values[i]) ? scorer.update(raws.subarray(i * k, (i + 1) * k)) : 0;
	return scores;
}

export function selectNabParameters(files: readonly NabFile[], profiles: Record<string, CostProfile>, options: { grid?: NabGrid; leaveOneFileOut?: boolean } = {}): NabSelection {
	const settings = gridSettings(options.grid ?? NAB_GRID);
	const runs = new Map<number, Float64Array[]>();
	const scored: Scored[][] = settings.map((s) => {
		const bw = s.rarityBandwidth!;
		if (!runs.has(bw)) runs.set(bw, files.map((f) => expertRun(f.values, bw)));
		const raws = runs.get(bw)!;
		return files.map((f, i) => ({ key: f.key, category: f.category, scores: replay(f.values, raws[i], s), windows: f.windows }));
	});
	const standard = profiles.standard;
	const all = (fs: Scored[]): ProfileScores => Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, scoreProfile(fs, p).score]));
	const pick = (keep: (f: Scored) => boolean): number => {
		let best = 0;
		let bestScore = -Infinity;
		scored.forEach((fs, i) => {
			const s = scoreProfile(fs.filter(keep), standard).score;
			if (s > bestScore) {
				bestScore = s;
				best = i;
			}
		});
		return best;
	};
	const assemble = (choice: (fileIndex: number) => number): Scored[] => files.map((_, fi) => scored[choice(fi)][fi]);
	const defaultIndex = settings.findIndex((s) => (Object.keys(s) as (keyof StreamingDetectorOptions)[]).every((k) => s[k] === DETECTOR_DEFAULTS[k]));
	if (defaultIndex < 0) throw new Error('NAB selection: the detector defaults are not in the grid');
	const inSample = pick(() => true);
	const art = pick((f) => f.category.startsWith('artificial'));
	const categories = [...new Set(files.map((f) => f.category))];
	const categoryPick = Object.fromEntries(categories.map((c) => [c, pick((f) => f.category !== c)]));
	const result: NabSelection = {
		settings: settings.length,
		defaults: { options: settings[defaultIndex], scores: all(scored[defaultIndex]) },
		inSample: { options: settings[inSample], scores: all(scored[inSample]) },
		artificial: {
			options: settings[art],
			scores: all(scored[art]),
			realOnlyStandard: scoreProfile(scored[art].filter((f) => !f.category.startsWith('artificial')), standard).score
		},
		leaveOneCategoryOut: {
			picks: Object.fromEntries(categories.map((c) => [c, settings[categoryPick[c]]])),
			scores: all(assemble((fi) => categoryPick[files[fi].category]))
		}
	};
	if (options.leaveOneFileOut) {
		const filePick = files.map((f) => pick((g) => g.key !== f.key));
		result.leaveOneFileOut = { distinctPicks: new Set(filePick).size, scores: all(assemble((fi) => filePick[fi])) };
	}
	return result;
}

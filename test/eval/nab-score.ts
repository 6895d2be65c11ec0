/**
 * NAB scoring, implemented from the benchmark's published method (see ../shared/data/README.md):
 * probationary period, scaled-sigmoid weighting of the earliest detection in each window,
 * sigmoid-weighted false positives after a window, threshold sweep per profile, and
 * normalisation between the null and the perfect detector.
 */

export interface CostProfile {
	tpWeight: number;
	fpWeight: number;
	fnWeight: number;
}

export interface NabFileScores {
	/** `category/file.csv`, the key in combined_windows.json. */
	key: string;
	/** One anomaly score in [0, 1] per row, produced by a streaming detector. */
	scores: ArrayLike<number>;
	/** Anomaly windows as inclusive row-index ranges [startRow, endRow]. */
	windows: readonly (readonly [number, number])[];
}

export interface ProfileResult {
	/** Normalised score: 100 x (S - S_null) / (S_perfect - S_null). */
	score: number;
	raw: number;
	threshold: number;
	nullRaw: number;
	perfectRaw: number;
	truePositives: number;
	falsePositives: number;
	falseNegatives: number;
}

/** Scaled sigmoid sigma(y) = 2 / (1 + e^(5y)) - 1: about +1 at y = -1, 0 at y = 0, -> -1 far right. */
export function scaledSigmoid(y: number): number {
	if (y > 3) return -1;
	return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** NAB's probationary period: 15 % of the rows, at most 750. */
export function probationRows(length: number): number {
	return Math.min(Math.floor(0.15 * length), 750);
}

interface Candidate {
	file: number;
	row: number;
	score: number;
}

/** Relative position of a row in its window: -1 at the left edge, 0 at the right edge. */
function windowPosition(row: number, window: readonly [number, number]): number {
	const length = window[1] - window[0] + 1;
	return -(window[1] - row + 1) / length;
}

/**
 * Sweeps every distinct score as threshold (detection = score >= threshold) and returns the
 * best raw score with its counts. O(N log N) over all rows of all files: rows are added in
 * descending score order, and only the earliest detection per window counts.
 */
export function scoreProfile(files: readonly NabFileScores[], profile: CostProfile): ProfileResult {
	const candidates: Candidate[] = [];
	// Per file: row -> window index (or -1), and the preceding window's end/length for FPs.
	const windowOf: Int32Array[] = [];
	const fpWeightOf: Float64Array[] = [];
	let windowCount = 0;
	let perfectRaw = 0;
	const windowBase: number[] = [];
	for (let f = 0; f < files.length; f++) {
		const file = files[f];
		const n = file.scores.length;
		const probation = probationRows(n);
		const owner = new Int32Array(n).fill(-1);
		const fpCost = new Float64Array(n);
		windowBase.push(windowCount);
		file.windows.forEach((w, wi) => {
			for (let r = Math.max(0, w[0]); r <= Math.min(n - 1, w[1]); r++) owner[r] = wi;
			perfectRaw += profile.tpWeight * scaledSigmoid(windowPosition(w[0], w));
		});
		windowCount += file.windows.length;
		let previous = -1;
		for (let r = 0; r < n; r++) {
			if (owner[r] >= 0) {
				previous = owner[r];
				continue;
			}
			if (previous < 0) fpCost[r] = -profile.fpWeight;
			else {
				const w = file.windows[previous];
				const length = w[1] - w[0] + 1;
				fpCost[r] = profile.fpWeight * scaledSigmoid((r - w[1]) / length);
			}
		}
		windowOf.push(owner);
		fpWeightOf.push(fpCost);
		for (let r = probation; r < n; r++) {
			const s = file.scores[r];
			if (Number.isFinite(s) && s > 0) candidates.push({ file: f, row: r, score: s });
		}
	}
	candidates.sort((a, b) => b.score - a.score);
	const nullRaw = -profile.fnWeight * windowCount;
	const earliest = new Int32Array(windowCount).fill(-1);
	let raw = nullRaw;
	let tp = 0;
	let fp = 0;
	let best: ProfileResult = {
		score: 0,
		raw: nullRaw,
		threshold: Infinity,
		nullRaw,
		perfectRaw,
		truePositives: 0,
		falsePositives: 0,
		falseNegatives: windowCount
	};
	for (let i = 0; i < candidates.length; i++) {
		const c = candidates[i];
		const wi = windowOf[c.file][c.row];
		if (wi < 0) {
			raw += fpWeightOf[c.file][c.row];
			fp++;
		} else {
			const key = windowBase[c.file] + wi;
			const w = files[c.file].windows[wi];
			const gain = profile.tpWeight * scaledSigmoid(windowPosition(c.row, w));
			if (earliest[key] < 0) {
				raw += profile.fnWeight + gain;
				earliest[key] = c.row;
				tp++;
			} else if (c.row < earliest[key]) {
				raw += gain - profile.tpWeight * scaledSigmoid(windowPosition(earliest[key], w));
				earliest[key] = c.row;
			}
		}
		const lastOfGroup = i === candidates.length - 1 || candidates[i + 1].score < c.score;
		if (lastOfGroup && raw > best.raw) {
			best = {
				score: 0,
				raw,
				threshold: c.score,
				nullRaw,
				perfectRaw,
				truePositives: tp,
				falsePositives: fp,
				falseNegatives: windowCount - tp
			};
		}
	}
	const span = perfectRaw - nullRaw;
	best.score = span === 0 ? 0 : (100 * (best.raw - nullRaw)) / span;
	return best;
}

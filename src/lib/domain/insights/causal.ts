/**
 * Causal analysis for an anomaly: related metrics ranked by evidence, side by side.
 *
 * Evidence per candidate series (all aligned with the target on the same steps):
 *   lagged correlation - the largest |r| between the target's first differences and the
 *                        candidate's first differences shifted 0..maxLag steps earlier
 *                        (differencing removes shared trends that would correlate anything);
 *   change point       - the single mean shift of each series (largest two-sample t over
 *                        split points); "aligned" when the candidate shifts at most
 *                        `alignTolerance` steps after, or anywhere up to maxLag before, the target;
 *   Granger-style test - F-test of whether `order` lags of the candidate reduce the residual
 *                        error of an AR(order) model of the target (p-value).
 * Topology: with a graph, candidates of services that the target's service does not reach
 * through calls (nor is itself) are dropped; reachable ones are ranked by evidence.
 * score = |r| + (aligned ? 1 : 0) + (1 - pGranger) - each term in [0, 1].
 */
import { reachableFrom } from './rca';
import { correlation, fTestPValue, leastSquares } from './stats';

export interface CausalSeries {
	id: string;
	service?: string;
	values: readonly number[];
}

export interface CausalRequest {
	target: CausalSeries;
	candidates: readonly CausalSeries[];
	/** Largest lead (in steps) a cause may have over its effect. Default 6. */
	maxLag?: number;
	/** Autoregressive order of the Granger test. Default 2. */
	order?: number;
	alignTolerance?: number;
	/** Minimum change-point t statistic to count as a change. Default 4. */
	minChangeT?: number;
	/** Call graph [caller, callee]; restricts candidates to services the target's service reaches. */
	edges?: readonly (readonly [string, string])[];
}

export interface ChangePoint {
	index: number;
	/** Mean after minus mean before. */
	shift: number;
	t: number;
}

export interface CausalFinding {
	id: string;
	service?: string;
	score: number;
	lagCorrelation: { lag: number; r: number };
	changePoint: ChangePoint | null;
	/** Steps the candidate's change precedes the target's (positive = earlier); null without both changes. */
	changeLead: number | null;
	aligned: boolean;
	granger: { f: number; pValue: number };
}

function diff(x: readonly number[]): number[] {
	const out: number[] = [];
	for (let i = 1; i < x.length; i++) out.push(x[i] - x[i - 1]);
	return out;
}

export function bestLagCorrelation(target: readonly number[], candidate: readonly number[], maxLag: number): { lag: number; r: number } {
	const dt = diff(target);
	const dc = diff(candidate);
	let best = { lag: 0, r: 0 };
	for (let lag = 0; lag <= maxLag; lag++) {
		const r = correlation(dt.slice(lag), dc.slice(0, dc.length - lag));
		if (Math.abs(r) > Math.abs(best.r)) best = { lag, r };
	}
	return best;
}

/** Single mean-shift change point by the largest two-sample t over splits (each side >= 3 points). */
export function changePoint(values: readonly number[], minT = 4): ChangePoint | null {
	const x = values.filter(Number.isFinite);
	const n = x.length;
	if (n < 6) return null;
	const prefix = [0];
	const prefixSq = [0];
	for (const v of x) {
		prefix.push(prefix[prefix.length - 1] + v);
		prefixSq.push(prefixSq[prefixSq.length - 1] + v * v);
	}
	let best: ChangePoint | null = null;
	for (let k = 3; k <= n - 3; k++) {
		const n1 = k;
		const n2 = n - k;
		const m1 = prefix[k] / n1;
		const m2 = (prefix[n] - prefix[k]) / n2;
		const ss1 = prefixSq[k] - n1 * m1 * m1;
		const ss2 = prefixSq[n] - prefixSq[k] - n2 * m2 * m2;
		const pooled = Math.sqrt(Math.max(ss1 + ss2, 0) / (n - 2));
		// Pooled sd floored at 1e-9 x scale so a clean step in a noiseless series still has a finite t.
		const sd = Math.max(pooled, 1e-9 * (Math.abs(m1) + Math.abs(m2) + 1));
		const t = Math.abs(m2 - m1) / (sd * Math.sqrt(1 / n1 + 1 / n2));
		if (!best || t > best.t) best = { index: k, shift: m2 - m1, t };
	}
	return best && best.t >= minT ? best : null;
}

/** Granger-style F-test: does adding `order` lags of x to an AR(order) of y reduce the error? */
export function grangerTest(y: readonly number[], x: readonly number[], order: number): { f: number; pValue: number } {
	const n = Math.min(y.length, x.length);
	const restricted: number[][] = [];
	const full: number[][] = [];
	const target: number[] = [];
	for (let t = order; t < n; t++) {
		const r = [1];
		for (let l = 1; l <= order; l++) r.push(y[t - l]);
		const f = r.slice();
		for (let l = 1; l <= order; l++) f.push(x[t - l]);
		if ([...f, y[t]].every(Number.isFinite)) {
			restricted.push(r);
			full.push(f);
			target.push(y[t]);
		}
	}
	const dof = target.length - (2 * order + 1);
	if (dof < 3) return { f: 0, pValue: 1 };
	const a = leastSquares(restricted, target);
	const b = leastSquares(full, target);
	if (!a || !b || b.rss <= 0) return { f: 0, pValue: 1 };
	const f = Math.max(0, (a.rss - b.rss) / order / (b.rss / dof));
	return { f, pValue: fTestPValue(f, order, dof) };
}

export function analyseCauses(request: CausalRequest): CausalFinding[] {
	const maxLag = request.maxLag ?? 6;
	const order = request.order ?? 2;
	const tolerance = request.alignTolerance ?? 1;
	const minT = request.minChangeT ?? 4;
	let candidates = request.candidates.filter((c) => c.id !== request.target.id);
	if (request.edges && request.target.service) {
		const reach = reachableFrom(request.target.service, request.edges);
		candidates = candidates.filter((c) => !c.service || reach.has(c.service));
	}
	const targetChange = changePoint(request.target.values, minT);
	const findings = candidates.map((c): CausalFinding => {
		const lagCorrelation = bestLagCorrelation(request.target.values, c.values, maxLag);
		const cp = changePoint(c.values, minT);
		const lead = cp && targetChange ? targetChange.index - cp.index : null;
		const aligned = lead !== null && lead >= -tolerance && lead <= maxLag;
		const granger = grangerTest(request.target.values, c.values, order);
		const score = Math.abs(lagCorrelation.r) + (aligned ? 1 : 0) + (1 - granger.pValue);
		return { id: c.id, service: c.service, score, lagCorrelation, changePoint: cp, changeLead: lead, aligned, granger };
	});
	return findings.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

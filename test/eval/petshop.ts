/**
 * PetShop root-cause evaluation: every issue of every traffic level is ranked with nothing
 * fitted on it (the reference window is the set's `noissue` period; options are fixed).
 * AC@k = share of issues whose root cause is in the top k; Avg@5 = mean of AC@1..AC@5.
 */
import { rankNSigma, rankRootCauses, type Direction, type RankedCause, type RcaInput, type RcaOptions } from '../../src/lib/domain/insights/rca';
import { loadPetShop, type PetShopIssue, type PetShopSet } from './petshop-data';

export interface RcaScore {
	method: string;
	issues: number;
	ac: number[];
	avg5: number;
	/** Rank (1-based, Infinity when absent) of the true root cause per issue. */
	ranks: Record<string, number>;
}

function direction(metric: string): Direction {
	if (metric === 'availability') return 'down';
	if (metric === 'requests') return 'both';
	return 'up';
}

export function issueInput(set: PetShopSet, issue: PetShopIssue): RcaInput {
	const series: RcaInput['series'][number][] = [];
	// Rows before the symptom's timestamp are the "before" window; the rest the incident.
	const split = issue.metrics.timesSec.findIndex((t) => t >= issue.targetTimeSec);
	const cut = split < 0 ? issue.metrics.timesSec.length : split;
	for (const [key, values] of issue.metrics.columns) {
		const [node, metric, statistic] = key.split('|');
		const reference = set.normal.columns.get(key) ?? [];
		series.push({ node, metric: `${metric}.${statistic}`, reference, before: values.slice(0, cut), incident: values.slice(cut), direction: direction(metric) });
	}
	// X-Ray names client-side observations of remote endpoints `<host>_remote`.
	const observedOnly = set.nodes.filter((n) => n.endsWith('_remote'));
	return { nodes: set.nodes, edges: set.edges, target: issue.targetNode, targetFamily: issue.targetMetric, series, observedOnly };
}

export function scoreRankings(method: string, ranked: Map<string, { truth: string; ranking: RankedCause[] }>): RcaScore {
	const ac = [0, 0, 0, 0, 0];
	const ranks: Record<string, number> = {};
	for (const [id, { truth, ranking }] of ranked) {
		const at = ranking.findIndex((r) => r.node === truth);
		ranks[id] = at < 0 ? Infinity : at + 1;
		for (let k = 1; k <= 5; k++) if (at >= 0 && at < k) ac[k - 1]++;
	}
	const n = ranked.size;
	const share = ac.map((c) => (n ? c / n : 0));
	return { method, issues: n, ac: share, avg5: share.reduce((a, b) => a + b, 0) / 5, ranks };
}

export function evaluatePetShop(dir: string, options: RcaOptions = {}, filter?: (i: PetShopIssue) => boolean): RcaScore[] {
	const sets = loadPetShop(dir);
	const ours = new Map<string, { truth: string; ranking: RankedCause[] }>();
	const nsigma = new Map<string, { truth: string; ranking: RankedCause[] }>();
	for (const set of sets) {
		for (const issue of set.issues) {
			if (filter && !filter(issue)) continue;
			const input = issueInput(set, issue);
			ours.set(issue.id, { truth: issue.rootCause, ranking: rankRootCauses(input, options) });
			nsigma.set(issue.id, { truth: issue.rootCause, ranking: rankNSigma(input) });
		}
	}
	return [scoreRankings('meridian-rca', ours), scoreRankings('n-sigma', nsigma)];
}

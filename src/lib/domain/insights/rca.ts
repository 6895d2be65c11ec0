/**
 * Root-cause ranking of culprit services for an incident, from metrics and topology.
 *
 * Input: the call graph (caller -> callee), the symptom node, and per (node, metric) a
 * reference window (normal operation) and an incident window.
 *
 * 1. Evidence per series (rca-evidence.ts): each incident point's deviation from the
 *    reference median in the direction the metric degrades (latency and errors up,
 *    availability and throughput down, 'both' for traffic), over a robust scale floored by
 *    the reference's own largest deviation; for latency, errors and availability only the
 *    part the node's callees do not explain; each point counting as the geometric mean of
 *    itself and its best witness (another point of the series, or another metric of the
 *    node at the same instant); the series' evidence is its largest such point, less the
 *    same figure over the points just before the incident.
 * 2. Node anomaly = the largest of its series (log-compressed, so one huge outlier does not
 *    dwarf every other signal).
 * 3. Topology: candidates are the symptom node and everything it reaches through calls
 *    (a fault must lie on a path the symptom depends on), or all nodes when the symptom is
 *    not in the graph. A node whose anomaly is matched by an anomalous callee is likely a
 *    victim of that callee, so its score is discounted by `propagation` x the strongest
 *    callee anomaly, but never below its evidence in its own resources (families not
 *    inherited from callees: heap, CPU, its database and external client spans).
 */
import {
	corroboratedPeak,
	familyOf,
	INHERITED_FAMILIES,
	referenceScale,
	seriesDeviation,
	standardised,
	unexplainedDeviation,
	type Direction,
	type RcaSeries,
	type SeriesDeviation
} from './rca-evidence';

export type { Direction, RcaSeries } from './rca-evidence';

export interface RcaInput {
	nodes: readonly string[];
	/** [caller, callee] pairs. */
	edges: readonly (readonly [string, string])[];
	/** Symptom node, when known. */
	target?: string;
	/**
	 * Metric family of the symptom (the part of `metric` before the first '.', e.g. 'latency'
	 * or 'availability'). A culprit usually shows the same kind of degradation as the symptom,
	 * so evidence from other families is weighted by `otherFamilyWeight`.
	 */
	targetFamily?: string;
	series: readonly RcaSeries[];
	/**
	 * Nodes observed only from their callers' side (external hosts, load balancers seen as
	 * remote endpoints). Their latency and errors include the service behind them and the
	 * network, so they are weighted by `observedOnlyWeight` against instrumented services.
	 */
	observedOnly?: readonly string[];
}

export interface RcaOptions {
	/** Share of the strongest callee anomaly subtracted from a caller's score. Default 0.3 (chosen on the PetShop train issues only). */
	propagation?: number;
	/** Restrict candidates to nodes reachable from the target. Default true. */
	useTopology?: boolean;
	/** Weight of evidence outside the symptom's metric family. Default 0 (chosen on the PetShop train issues only). */
	otherFamilyWeight?: number;
	/** Metric family that measures traffic; a traffic change is not explained by callees. Default 'requests'. */
	trafficFamily?: string;
	/**
	 * Load incidents: when a candidate's traffic (mean over the incident / mean over the
	 * reference) rose by at least this factor, the saturation it causes downstream would
	 * outrank it in z-scores; such candidates go first, largest relative rise first (the most
	 * specific source: a front end rises more than the gateway that also carries other
	 * traffic). Default 1.5; Infinity turns it off. Only with traffic evidence enabled.
	 */
	surgeRatio?: number;
	/** Reference mean a traffic series needs for the surge test (a sparse endpoint's 0 -> 3 is no surge). Default 10. */
	surgeMinVolume?: number;
	/** Weight of nodes listed in `observedOnly`. Default 0.5 (chosen on the PetShop train issues only). */
	observedOnlyWeight?: number;
	/** Floor each series' scale by its reference's largest deviation (rca-evidence.ts). Default true. */
	tailAwareScale?: boolean;
	/** Metric families a caller inherits from its callees: their deviations are net of the callees' (rca-evidence.ts). Default INHERITED_FAMILIES; [] turns it off. */
	inheritedFamilies?: readonly string[];
	/** Count each point as the geometric mean of itself and its best witness (rca-evidence.ts). Default true. */
	corroborate?: boolean;
}

export interface RcaEvidence {
	metric: string;
	/** Robust z in the degrading direction: corroborated, net of callees for inherited families, less the before window's. */
	z: number;
}

export interface RankedCause {
	node: string;
	score: number;
	/** The node's own anomaly before the topology discount. */
	anomaly: number;
	/** Incident / reference traffic, when the node's traffic surged (see `surgeRatio`). */
	trafficRatio?: number;
	evidence: RcaEvidence[];
}

/** Robust z of the most degraded incident point against the reference window (tail-aware scale, rca-evidence.ts). */
export function robustDeviation(reference: readonly number[], incident: readonly number[], direction: Direction, relativeFloor = 0.001, minScale = 1e-9): number {
	const ref = referenceScale(reference, direction, { relativeFloor, minScale });
	if (!ref) return 0;
	let best = 0;
	for (const v of incident) {
		if (!Number.isFinite(v)) continue;
		const z = (v - ref.median) / ref.scale;
		const d = direction === 'up' ? z : direction === 'down' ? -z : Math.abs(z);
		if (d > best) best = d;
	}
	return best;
}

/**
 * Evidence per node and metric (rca-evidence.ts): the corroborated peak of each series'
 * standardised deviation, net of its callees' share for inherited families, less the same
 * over the points before the incident.
 */
function seriesEvidence(input: RcaInput, o: { tailAware: boolean; inherited: ReadonlySet<string>; corroborate: boolean; useTopology: boolean }): Map<string, RcaEvidence[]> {
	const deviations = new Map<string, SeriesDeviation>();
	const key = (node: string, metric: string) => `${node}\u0000${metric}`;
	for (const s of input.series) {
		const d = seriesDeviation(s, o.tailAware);
		if (d) deviations.set(key(s.node, s.metric), d);
	}
	const callees = new Map<string, string[]>();
	if (o.useTopology) {
		for (const [a, b] of input.edges) {
			if (a === b) continue;
			if (!callees.has(a)) callees.set(a, []);
			callees.get(a)!.push(b);
		}
	}
	const points = new Map<RcaSeries, { incident: number[]; before: number[] }>();
	for (const s of input.series) {
		let d = deviations.get(key(s.node, s.metric));
		if (!d) continue;
		if (o.inherited.has(familyOf(s.metric))) {
			const fromCallees: SeriesDeviation[] = [];
			for (const c of callees.get(s.node) ?? []) {
				const cd = deviations.get(key(c, s.metric));
				if (cd) fromCallees.push(cd);
			}
			d = unexplainedDeviation(d, fromCallees);
		}
		points.set(s, { incident: standardised(d.incident, d.scale), before: standardised(d.before, d.scale) });
	}
	const byNode = new Map<string, RcaSeries[]>();
	for (const s of input.series) {
		if (!byNode.has(s.node)) byNode.set(s.node, []);
		byNode.get(s.node)!.push(s);
	}
	const evidence = new Map<string, RcaEvidence[]>();
	for (const s of input.series) {
		const p = points.get(s);
		let z = 0;
		if (p) {
			const others = byNode.get(s.node)!.filter((x) => x !== s && points.has(x)).map((x) => points.get(x)!);
			const during = corroboratedPeak(p.incident, others.map((x) => x.incident), o.corroborate);
			const before = corroboratedPeak(p.before, others.map((x) => x.before), o.corroborate);
			z = Math.max(0, during - before);
		}
		if (!evidence.has(s.node)) evidence.set(s.node, []);
		evidence.get(s.node)!.push({ metric: s.metric, z });
	}
	return evidence;
}

export function reachableFrom(start: string, edges: readonly (readonly [string, string])[]): Set<string> {
	const out = new Map<string, string[]>();
	for (const [a, b] of edges) {
		if (!out.has(a)) out.set(a, []);
		out.get(a)!.push(b);
	}
	const seen = new Set<string>([start]);
	const stack = [start];
	while (stack.length) {
		const n = stack.pop()!;
		for (const m of out.get(n) ?? []) {
			if (!seen.has(m)) {
				seen.add(m);
				stack.push(m);
			}
		}
	}
	return seen;
}

export function rankRootCauses(input: RcaInput, options: RcaOptions = {}): RankedCause[] {
	const propagation = options.propagation ?? 0.3;
	const useTopology = options.useTopology ?? true;
	const otherFamilyWeight = options.otherFamilyWeight ?? 0;
	const observedOnlyWeight = options.observedOnlyWeight ?? 0.5;
	const observedOnly = new Set(input.observedOnly ?? []);
	const trafficFamily = options.trafficFamily ?? 'requests';
	const surgeRatio = options.surgeRatio ?? 1.5;
	const surgeMinVolume = options.surgeMinVolume ?? 10;
	const trafficEnabled = !input.targetFamily || input.targetFamily === trafficFamily || otherFamilyWeight > 0;
	const surge = new Map<string, number>();
	if (trafficEnabled) {
		for (const s of input.series) {
			if (familyOf(s.metric) !== trafficFamily) continue;
			const ref = s.reference.filter(Number.isFinite);
			const inc = s.incident.filter(Number.isFinite);
			if (ref.length === 0 || inc.length === 0) continue;
			const refMean = ref.reduce((a, b) => a + b, 0) / ref.length;
			const incMean = inc.reduce((a, b) => a + b, 0) / inc.length;
			if (refMean >= surgeMinVolume && incMean / refMean >= surgeRatio) surge.set(s.node, Math.max(surge.get(s.node) ?? 0, incMean / refMean));
		}
	}
	const inherited = new Set(options.inheritedFamilies ?? INHERITED_FAMILIES);
	const evidence = seriesEvidence(input, { tailAware: options.tailAwareScale ?? true, inherited, corroborate: options.corroborate ?? true, useTopology });
	for (const [, ev] of evidence) {
		for (const e of ev) if (input.targetFamily && familyOf(e.metric) !== input.targetFamily) e.z *= otherFamilyWeight;
		ev.sort((a, b) => b.z - a.z);
	}
	// Per node, log-compressed: traffic anomaly T (metrics of the `trafficFamily`), service
	// anomaly S (everything else) and its part O in the node's own resources (families not
	// inherited from callees); A = max(S, T).
	const traffic = new Map<string, number>();
	const service = new Map<string, number>();
	const own = new Map<string, number>();
	for (const [node, ev] of evidence) {
		let t = 0;
		let sv = 0;
		let ow = 0;
		for (const e of ev) {
			const family = familyOf(e.metric);
			if (family === trafficFamily) t = Math.max(t, e.z);
			else {
				sv = Math.max(sv, e.z);
				if (!inherited.has(family)) ow = Math.max(ow, e.z);
			}
		}
		traffic.set(node, Math.log1p(t));
		service.set(node, Math.log1p(sv));
		own.set(node, Math.log1p(ow));
	}
	const anomaly = (n: string) => Math.max(service.get(n) ?? 0, traffic.get(n) ?? 0);
	const inGraph = input.target !== undefined && input.nodes.includes(input.target);
	const candidates = useTopology && inGraph ? reachableFrom(input.target!, input.edges) : new Set([...input.nodes, ...evidence.keys()]);
	const callees = new Map<string, string[]>();
	for (const [a, b] of input.edges) {
		if (!callees.has(a)) callees.set(a, []);
		callees.get(a)!.push(b);
	}
	const ranked: RankedCause[] = [];
	for (const node of candidates) {
		const s = service.get(node) ?? 0;
		const t = traffic.get(node) ?? 0;
		let strongestCallee = 0;
		if (useTopology) for (const c of callees.get(node) ?? []) strongestCallee = Math.max(strongestCallee, anomaly(c));
		// Faults propagate up the call graph (a caller waits for a slow callee), so service
		// anomalies are discounted by the strongest callee anomaly; evidence in the node's own
		// resources and a traffic change of its own are not something its callees explain.
		const serviceScore = Math.max(s - propagation * Math.min(s, strongestCallee), own.get(node) ?? 0);
		let score = Math.max(serviceScore, t);
		if (observedOnly.has(node)) score *= observedOnlyWeight;
		ranked.push({ node, score, anomaly: Math.max(s, t), evidence: evidence.get(node) ?? [], ...(surge.has(node) ? { trafficRatio: surge.get(node) } : {}) });
	}
	if (surge.size > 0) {
		ranked.sort((a, b) => (b.trafficRatio ?? 0) - (a.trafficRatio ?? 0) || b.score - a.score || a.node.localeCompare(b.node));
		return ranked;
	}
	ranked.sort((a, b) => b.score - a.score || b.anomaly - a.anomaly || a.node.localeCompare(b.node));
	return ranked;
}

/** N-sigma baseline: nodes ranked by the largest |x - mean| / sd of any metric, no topology. */
export function rankNSigma(input: RcaInput): RankedCause[] {
	const best = new Map<string, RcaEvidence[]>();
	for (const s of input.series) {
		const ref = s.reference.filter(Number.isFinite);
		const inc = s.incident.filter(Number.isFinite);
		let z = 0;
		if (ref.length >= 3 && inc.length) {
			const m = ref.reduce((a, b) => a + b, 0) / ref.length;
			const sd = Math.sqrt(ref.reduce((a, b) => a + (b - m) ** 2, 0) / (ref.length - 1));
			for (const v of inc) z = Math.max(z, sd > 0 ? Math.abs(v - m) / sd : v !== m ? Infinity : 0);
		}
		if (!best.has(s.node)) best.set(s.node, []);
		best.get(s.node)!.push({ metric: s.metric, z });
	}
	const ranked: RankedCause[] = [];
	for (const [node, ev] of best) {
		ev.sort((a, b) => b.z - a.z);
		const top = Number.isFinite(ev[0].z) ? ev[0].z : 1e12;
		ranked.push({ node, score: top, anomaly: top, evidence: ev });
	}
	ranked.sort((a, b) => b.score - a.score || a.node.localeCompare(b.node));
	return ranked;
}

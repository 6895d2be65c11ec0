/**
 * Demo bank evaluation: the simulator (src/lib/sim) runs its scripted incidents; telemetry is
 * rolled up per service into one-scenario-minute buckets (SERVER/CONSUMER span count, error
 * rate, p95 latency; p95 latency and error rate of its CLIENT spans to databases and external
 * hosts, which belong to the service; old-generation heap used / limit, CPU), and for every incident:
 *   - root-cause ranking of services (rankRootCauses, all services as candidates, the
 *     service call graph for the callee discount), reference = the 8 minutes before the
 *     incident, incident window = its first 5 minutes ("while the incident is still young")
 *     and, separately, its first 10 minutes;
 *     scored against IncidentTruth.rootCauseService (AC@1, AC@3);
 *   - for memory leaks, breach prediction on the leaking pod's old generation against its
 *     limit (predictBreach over the last 10 minutes at each minute): the lead time of the
 *     first alert before the heap actually reached its limit.
 * Speed 60 (one scenario minute per caller second): the load, scaling and incident clocks are
 * scenario time; request latencies stay physical (see src/lib/sim/README.md).
 */
import { createDemoBank } from '../../src/lib/sim/index';
import { flatPoints, flatSpans } from '../../src/lib/sim/flatten';
import { rankRootCauses, type RcaInput, type RcaSeries } from '../../src/lib/domain/insights/rca';
import type { IncidentTruth } from '../../src/lib/sim/index';
import { breachAlert, predictBreach } from '../../src/lib/domain/insights/failure';
import { quantile } from '../../src/lib/domain/insights/stats';

export interface DemoIncidentResult {
	seed: number;
	/** Minutes of the incident the ranking saw. */
	windowMin: number;
	/** 1 = the first five incidents after a 09:00 KST start (morning load); 2 = the next five (lunch peak). */
	cycle: number;
	kind: string;
	truth: string;
	top: string[];
	rank: number;
}

export interface DemoBankResult {
	seeds: number[];
	incidents: DemoIncidentResult[];
	/** AC@1 and AC@3 per incident window (minutes), e.g. { '5': 0.8 }. */
	ac1: Record<string, number>;
	ac3: Record<string, number>;
	leaks: { breachMin: number; firstAlertMin: number | null; leadMin: number | null }[];
}

interface Bucket {
	count: number;
	errors: number;
	durationsMs: number[];
	/** CLIENT spans to databases and external hosts (the service's own dependencies). */
	depCount: number;
	depErrors: number;
	depDurationsMs: number[];
	heapRatio: number;
	cpu: number[];
}

export function demoBankSection(options: { seeds?: number[]; cycles?: number; windowsMin?: number[] } = {}): DemoBankResult {
	const seeds = options.seeds ?? [1];
	const cycles = options.cycles ?? 1;
	const windowsMin = options.windowsMin ?? [5, 10];
	const incidents: DemoIncidentResult[] = [];
	const leaks: DemoBankResult['leaks'] = [];
	for (const seed of seeds) {
		const r = runSeed(seed, cycles, windowsMin);
		incidents.push(...r.incidents);
		leaks.push(...r.leaks);
	}
	const ac1: Record<string, number> = {};
	const ac3: Record<string, number> = {};
	for (const w of windowsMin) {
		const set = incidents.filter((r) => r.windowMin === w);
		ac1[w] = set.filter((r) => r.rank <= 1).length / set.length;
		ac3[w] = set.filter((r) => r.rank <= 3).length / set.length;
	}
	return { seeds, incidents, ac1, ac3, leaks };
}

/** One seed's simulation rolled up per service and scenario minute (see the file comment). */
export interface DemoRun {
	seed: number;
	startMs: number;
	speed: number;
	bucketMs: number;
	buckets: Map<string, Bucket[]>;
	/** Old generation per instance: the last used and limit seen in each bucket. */
	oldGen: Map<string, { timesMs: number[]; used: number[]; limit: number }>;
	services: string[];
	edges: [string, string][];
	truths: IncidentTruth[];
}

export function simulateDemoBank(seed: number, cycles = 1): DemoRun {
	const speed = 60;
	const bucketMs = 1000; // caller ms = one scenario minute
	const start = Date.UTC(2026, 10, 4, 0, 0); // a Wednesday, 09:00 KST
	const bank = createDemoBank({ seed, startMs: start, speed });
	const planned = bank.incidents(start + 3_600_000).slice(0, 5 * cycles);
	const endMs = Math.max(...planned.map((i) => i.endMs)) + 5 * bucketMs;
	const buckets = new Map<string, Bucket[]>();
	const bucket = (service: string, i: number): Bucket => {
		if (!buckets.has(service)) buckets.set(service, []);
		const list = buckets.get(service)!;
		while (list.length <= i) list.push({ count: 0, errors: 0, durationsMs: [], depCount: 0, depErrors: 0, depDurationsMs: [], heapRatio: NaN, cpu: [] });
		return list[i];
	};
	const oldGen: DemoRun['oldGen'] = new Map();
	for (let t = start + bucketMs; t <= endMs; t += bucketMs) {
		const out = bank.advance(t);
		for (const s of flatSpans(out)) {
			if (s.kind === 3 && (s.attrs['db.system.name'] !== undefined || s.attrs['peer.service'] !== undefined)) {
				const b = bucket(s.service, Math.floor((s.endMs - start) / bucketMs));
				b.depCount++;
				if (s.status === 2) b.depErrors++;
				b.depDurationsMs.push(s.durationMs);
				continue;
			}
			if (s.kind !== 2 && s.kind !== 5) continue;
			const b = bucket(s.service, Math.floor((s.endMs - start) / bucketMs));
			b.count++;
			if (s.status === 2) b.errors++;
			b.durationsMs.push(s.durationMs);
		}
		const usedByInstance = new Map<string, { service: string; used?: number; limit?: number; timeMs: number }>();
		for (const p of flatPoints(out)) {
			if (p.name === 'process.cpu.utilization' && p.value !== undefined) bucket(p.service, Math.floor((p.timeMs - start) / bucketMs)).cpu.push(p.value);
			if ((p.name === 'jvm.memory.used' || p.name === 'jvm.memory.limit') && p.attrs['jvm.memory.pool.name'] === 'G1 Old Gen' && p.value !== undefined) {
				const key = `${p.service}|${p.instance}|${p.timeMs}`;
				const e = usedByInstance.get(key) ?? { service: p.service, timeMs: p.timeMs };
				if (p.name === 'jvm.memory.used') e.used = p.value;
				else e.limit = p.value;
				usedByInstance.set(key, e);
			}
		}
		for (const [key, e] of usedByInstance) {
			if (e.used === undefined || !e.limit) continue;
			const instance = key.split('|')[1];
			const b = bucket(e.service, Math.floor((e.timeMs - start) / bucketMs));
			b.heapRatio = Number.isFinite(b.heapRatio) ? Math.max(b.heapRatio, e.used / e.limit) : e.used / e.limit;
			const series = oldGen.get(instance) ?? { timesMs: [], used: [], limit: e.limit };
			series.timesMs.push(e.timeMs);
			series.used.push(e.used);
			oldGen.set(instance, series);
		}
	}
	const topology = bank.topology();
	const services = topology.services.map((s) => s.name as string);
	const edges: [string, string][] = topology.services.flatMap((s) => s.calls.map((c) => [s.name, c] as [string, string]));
	const truths = bank.incidents().slice(0, planned.length);
	return { seed, startMs: start, speed, bucketMs, buckets, oldGen, services, edges, truths };
}

/** The ranking's input for one incident: reference = the 8 minutes before it, incident = its first `windowMin` minutes. */
export function incidentRcaInput(run: DemoRun, inc: IncidentTruth, windowMin: number): RcaInput {
	const { startMs: start, bucketMs, buckets, services, edges } = run;
	const startBucket = Math.floor((inc.startMs - start) / bucketMs);
	const refRange = [startBucket - 9, startBucket - 1] as const;
	const incRange = [startBucket, startBucket + windowMin] as const;
	const series: RcaSeries[] = [];
	for (const service of services) {
		const list = buckets.get(service) ?? [];
		const pick = (range: readonly [number, number], f: (b: Bucket) => number) => {
			const out: number[] = [];
			for (let i = range[0]; i < range[1]; i++) out.push(list[i] ? f(list[i]) : NaN);
			return out;
		};
		const add = (metric: string, f: (b: Bucket) => number, direction: RcaSeries['direction'], minScale: (ref: number[]) => number) => {
			const reference = pick(refRange, f);
			series.push({ node: service, metric, reference, incident: pick(incRange, f), direction, minScale: minScale(reference) });
		};
		const meanOf = (xs: number[]) => {
			const v = xs.filter(Number.isFinite);
			return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
		};
		// Scale floors: 1 ms of latency, one percentage point of errors or saturation, and
		// Poisson noise sqrt(mean) for request counts.
		add('latency.p95', (b) => (b.durationsMs.length ? quantile(b.durationsMs, 0.95) : NaN), 'up', () => 1);
		add('errors.rate', (b) => (b.count ? b.errors / b.count : NaN), 'up', () => 0.01);
		add('requests.count', (b) => b.count, 'both', (ref) => Math.sqrt(Math.max(1, meanOf(ref))));
		add('dependency.latency.p95', (b) => (b.depDurationsMs.length ? quantile(b.depDurationsMs, 0.95) : NaN), 'up', () => 1);
		add('dependency.errors.rate', (b) => (b.depCount ? b.depErrors / b.depCount : NaN), 'up', () => 0.01);
		add('saturation.heap', (b) => b.heapRatio, 'up', () => 0.01);
		add('saturation.cpu', (b) => (b.cpu.length ? b.cpu.reduce((x, y) => x + y, 0) / b.cpu.length : NaN), 'up', () => 0.01);
	}
	return { nodes: services, edges, series };
}

function runSeed(seed: number, cycles: number, windowsMin: number[]): { incidents: DemoIncidentResult[]; leaks: DemoBankResult['leaks'] } {
	const run = simulateDemoBank(seed, cycles);
	const { startMs: start, speed, oldGen, truths } = run;
	const results: DemoIncidentResult[] = [];
	for (const [index, inc] of truths.entries()) for (const windowMin of windowsMin) {
		const ranked = rankRootCauses(incidentRcaInput(run, inc, windowMin));
		const at = ranked.findIndex((r) => r.node === inc.rootCauseService);
		results.push({ seed, windowMin, cycle: Math.floor(index / 5) + 1, kind: inc.kind, truth: inc.rootCauseService, top: ranked.slice(0, 3).map((r) => r.node), rank: at < 0 ? Infinity : at + 1 });
	}
	const leaks: DemoBankResult['leaks'] = [];
	for (const inc of truths.filter((i) => i.kind === 'memory-leak')) {
		const instance = inc.instanceIds?.[0];
		const s = instance ? oldGen.get(instance) : undefined;
		if (!s) continue;
		const breachAt = s.timesMs.find((t, i) => s.used[i] >= s.limit * 0.999);
		if (breachAt === undefined) continue;
		// Scenario minutes from caller ms: x speed / 60,000.
		const toScenarioMs = (t: number) => (t - start) * speed;
		let firstAlert: number | null = null;
		for (let i = 0; i < s.timesMs.length && s.timesMs[i] < breachAt; i++) {
			if (s.timesMs[i] < inc.startMs) continue;
			const p = predictBreach({ timesMs: s.timesMs.slice(0, i + 1).map(toScenarioMs), values: s.used.slice(0, i + 1), limit: s.limit, windowMs: 10 * 60_000, horizonMs: 30 * 60_000 });
			if (breachAlert(p, 0.5)) {
				firstAlert = s.timesMs[i];
				break;
			}
		}
		const minutes = (t: number) => (toScenarioMs(t) - toScenarioMs(inc.startMs)) / 60_000;
		leaks.push({ breachMin: minutes(breachAt), firstAlertMin: firstAlert === null ? null : minutes(firstAlert), leadMin: firstAlert === null ? null : minutes(breachAt) - minutes(firstAlert) });
	}
	return { incidents: results, leaks };
}

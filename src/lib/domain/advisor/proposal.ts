/**
 * From a partitioning of the class call graph to a migration proposal: the candidate
 * services with their classes and tables, the calls that would become remote APIs (with
 * measured volumes and latencies), the strangler extraction order and the data split steps
 * for tables that more than one candidate touches.
 */
import type { CallGraph } from './call-graph';
import { dataSplit, remoteTableUse, type DataSplitStep } from './data-split';

export type { DataSplitStep, DataSplitStrategy } from './data-split';

export interface CandidateService {
	id: number;
	/** Suggested name: the dominant package segment, else the dominant business context. */
	name: string;
	classes: string[];
	/** Business contexts served, most classes first (at most 10). */
	contexts: string[];
	contextCount: number;
	ownedTables: string[];
	sharedTables: string[];
	/** Tables it only reaches through calls into other candidates. */
	remoteTables: string[];
	/** Calls from the entry root (the monolith's front door) into this candidate. */
	entryCalls: number;
}

export interface RemoteCall {
	from: number;
	to: number;
	/** `Class.method` called across the cut. */
	callee: string;
	/** Up to 3 callers, `Class.method`. */
	callers: string[];
	volume: number;
	/** Calls per second over the observed window, when the records had times. */
	ratePerSec?: number;
	meanMs?: number;
	maxMs?: number;
	traceIds: string[];
}

export interface ExtractionStep {
	order: number;
	service: number;
	/** Calls between this candidate and what is left of the monolith when it is extracted. */
	callsToRest: number;
	callsFromRest: number;
	/** Tables it still shares with what is left. */
	sharedTablesWithRest: number;
}

export interface DecompositionProposal {
	k: number;
	services: CandidateService[];
	remoteCalls: RemoteCall[];
	/** Remote calls beyond `maxRemoteCalls`, not listed. */
	remoteCallsOmitted: number;
	extractionOrder: ExtractionStep[];
	dataSplit: DataSplitStep[];
	/** Class name → candidate id. */
	assignment: Record<string, number>;
}

const genericSegments = new Set(['dao', 'web', 'service', 'services', 'impl', 'model', 'models', 'common', 'util', 'utils', 'api', 'domain', 'entity', 'entities', 'repository', 'controller', 'controllers', 'core', 'app', 'internal', 'support']);

export function buildProposal(graph: CallGraph, assignment: ArrayLike<number>, options: { maxRemoteCalls?: number } = {}): DecompositionProposal {
	let k = 0;
	for (let c = 0; c < assignment.length; c++) k = Math.max(k, assignment[c] + 1);
	const classesOf: number[][] = Array.from({ length: k }, () => []);
	for (let c = 0; c < graph.classes.length; c++) classesOf[assignment[c]].push(c);

	const tableUse = new Map<string, Map<number, { reads: number; writes: number }>>();
	for (const use of graph.tables) {
		const p = assignment[use.classIndex];
		const byPartition = tableUse.get(use.table) ?? new Map();
		const counter = byPartition.get(p) ?? { reads: 0, writes: 0 };
		counter.reads += use.reads;
		counter.writes += use.writes;
		byPartition.set(p, counter);
		tableUse.set(use.table, byPartition);
	}

	const remoteUse = remoteTableUse(graph, assignment);
	const rootPackage = commonPackage(graph.classes);
	const services: CandidateService[] = classesOf.map((members, id) => {
		const contextClasses = new Map<number, number>();
		for (const c of members) for (const ctx of graph.classContexts[c]) contextClasses.set(ctx, (contextClasses.get(ctx) ?? 0) + 1);
		const contexts = [...contextClasses].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([ctx]) => graph.contexts[ctx]);
		const owned: string[] = [];
		const shared: string[] = [];
		for (const [table, byPartition] of tableUse) {
			if (!byPartition.has(id)) continue;
			(byPartition.size === 1 ? owned : shared).push(table);
		}
		return {
			id,
			name: suggestName(members.map((c) => graph.classes[c].slice(rootPackage.length)), contexts[0], id),
			classes: members.map((c) => graph.classes[c]).sort(),
			contexts: contexts.slice(0, 10),
			contextCount: contexts.length,
			ownedTables: owned.sort(),
			sharedTables: shared.sort(),
			remoteTables: [...remoteUse]
				.filter(([table, users]) => users.has(id) && !tableUse.get(table)?.has(id))
				.map(([table]) => table)
				.sort(),
			entryCalls: members.reduce((sum, c) => sum + graph.entryCalls[c], 0)
		};
	});
	dedupeNames(services);

	const { remoteCalls, omitted } = remoteCallsOf(graph, assignment, options.maxRemoteCalls ?? 200);
	return {
		k,
		services,
		remoteCalls,
		remoteCallsOmitted: omitted,
		extractionOrder: extractionOrder(graph, assignment, k, tableUse),
		dataSplit: dataSplit(tableUse, remoteUse),
		assignment: Object.fromEntries(graph.classes.map((name, c) => [name, assignment[c]]))
	};
}

/** The package prefix every class shares (`com.bank.`), which names nothing in particular. */
function commonPackage(classes: string[]): string {
	if (classes.length < 2) return '';
	let prefix = classes[0].slice(0, classes[0].lastIndexOf('.') + 1);
	for (const name of classes) {
		while (prefix && !name.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('.', prefix.length - 2) + 1);
	}
	return prefix;
}

function suggestName(classes: string[], topContext: string | undefined, id: number): string {
	const votes = new Map<string, number>();
	for (const name of classes) {
		const segments = name.split('.').slice(0, -1).reverse();
		const segment = segments.find((s) => !genericSegments.has(s.toLowerCase()));
		if (segment) votes.set(segment, (votes.get(segment) ?? 0) + 1);
	}
	const [best] = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
	if (best && best[1] * 2 > classes.length) return best[0];
	return topContext && topContext !== '(none)' ? topContext : `service-${id + 1}`;
}

function dedupeNames(services: CandidateService[]): void {
	const seen = new Map<string, number>();
	for (const service of services) {
		const count = (seen.get(service.name) ?? 0) + 1;
		seen.set(service.name, count);
		if (count > 1) service.name = `${service.name}-${count}`;
	}
}

function remoteCallsOf(graph: CallGraph, assignment: ArrayLike<number>, max: number): { remoteCalls: RemoteCall[]; omitted: number } {
	const windowSec =
		graph.firstTimeMs !== undefined && graph.lastTimeMs !== undefined && graph.lastTimeMs > graph.firstTimeMs
			? (graph.lastTimeMs - graph.firstTimeMs) / 1000
			: undefined;
	const byCallee = new Map<string, RemoteCall & { timed: number; totalMs: number }>();
	for (const call of graph.methodCalls) {
		const from = assignment[call.fromClass];
		const to = assignment[call.toClass];
		if (from === to) continue;
		const callee = call.toMethod ? `${graph.classes[call.toClass]}.${call.toMethod}` : graph.classes[call.toClass];
		const key = `${from}\u0000${to}\u0000${callee}`;
		let remote = byCallee.get(key);
		if (!remote) {
			remote = { from, to, callee, callers: [], volume: 0, traceIds: [], timed: 0, totalMs: 0, maxMs: 0 };
			byCallee.set(key, remote);
		}
		remote.volume += call.volume;
		remote.timed += call.timedCount;
		remote.totalMs += call.totalMs;
		remote.maxMs = Math.max(remote.maxMs ?? 0, call.maxMs);
		const caller = call.fromMethod ? `${graph.classes[call.fromClass]}.${call.fromMethod}` : graph.classes[call.fromClass];
		if (remote.callers.length < 3 && !remote.callers.includes(caller)) remote.callers.push(caller);
		for (const id of call.traceIds) if (remote.traceIds.length < 3 && !remote.traceIds.includes(id)) remote.traceIds.push(id);
	}
	const all = [...byCallee.values()].sort((a, b) => b.volume - a.volume || a.callee.localeCompare(b.callee));
	const remoteCalls = all.slice(0, max).map(({ timed, totalMs, ...call }) => {
		const out: RemoteCall = { ...call };
		if (timed > 0) out.meanMs = totalMs / timed;
		else {
			delete out.maxMs;
		}
		if (windowSec) out.ratePerSec = call.volume / windowSec;
		return out;
	});
	return { remoteCalls, omitted: all.length - remoteCalls.length };
}

/** Strangler order: repeatedly extract the candidate least coupled to what remains. */
function extractionOrder(
	graph: CallGraph,
	assignment: ArrayLike<number>,
	k: number,
	tableUse: Map<string, Map<number, { reads: number; writes: number }>>
): ExtractionStep[] {
	const between = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	for (const edge of graph.edges) {
		const p = assignment[edge.from];
		const q = assignment[edge.to];
		if (p !== q) between[p][q] += edge.volume;
	}
	const sizes = new Array<number>(k).fill(0);
	for (let c = 0; c < assignment.length; c++) sizes[assignment[c]] += 1;
	const remaining = new Set(Array.from({ length: k }, (_, i) => i));
	const steps: ExtractionStep[] = [];
	while (remaining.size > 1) {
		let best: ExtractionStep | null = null;
		let bestCost = Infinity;
		for (const p of remaining) {
			let callsToRest = 0;
			let callsFromRest = 0;
			for (const q of remaining) {
				if (q === p) continue;
				callsToRest += between[p][q];
				callsFromRest += between[q][p];
			}
			let sharedTablesWithRest = 0;
			for (const byPartition of tableUse.values()) {
				if (byPartition.has(p) && [...byPartition.keys()].some((q) => q !== p && remaining.has(q))) sharedTablesWithRest += 1;
			}
			// A shared table costs like a busy interface: it must be split before extraction.
			// Ties go to the smaller candidate: less code to move.
			const cost = callsToRest + callsFromRest + 100 * sharedTablesWithRest + sizes[p] / (graph.classes.length + 1);
			if (cost < bestCost) {
				bestCost = cost;
				best = { order: steps.length + 1, service: p, callsToRest, callsFromRest, sharedTablesWithRest };
			}
		}
		if (!best) break;
		steps.push(best);
		remaining.delete(best.service);
	}
	for (const p of remaining) steps.push({ order: steps.length + 1, service: p, callsToRest: 0, callsFromRest: 0, sharedTablesWithRest: 0 });
	return steps;
}

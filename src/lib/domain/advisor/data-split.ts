/**
 * Data split steps for the tables a proposal's candidates would share.
 *
 * Strategies for a shared table (Richardson's database-per-service patterns):
 * - `shared-service`: two or more candidates write it. The dominant writer owns it behind an
 *   API; the other writers call that API (the table stops being written from two places).
 * - `replicate-events`: one candidate (or none) writes it and others read it heavily (their
 *   reads are at least the owner's own accesses). The owner publishes changes (an event data
 *   pump); readers keep a read-only replica.
 * - `owner-api`: one writer, light readers: readers query the owner's API.
 *
 * Tables are attributed to the classes whose calls touched them (typically DAOs). A
 * candidate that calls across the cut into classes that touch a table depends on that table
 * too ("remote" use): such tables get a data split step as well, since the calls that reach
 * them become remote APIs or need a replica. Reach is followed through calls inside the
 * callee's candidate, at most `maxReach` classes per callee.
 */
import type { CallGraph } from './call-graph';

export type DataSplitStrategy = 'shared-service' | 'replicate-events' | 'owner-api';

export interface DataSplitStep {
	table: string;
	strategy: DataSplitStrategy;
	owner: number;
	/** Candidates writing the table directly. */
	writers: number[];
	/** Candidates reading it directly, other than the owner and writers. */
	readers: number[];
	/** Candidates reaching it only through calls into another candidate. */
	remoteUsers: number[];
	reads: number;
	writes: number;
	/** Calls from remote users that reach the table. */
	remoteCalls: number;
}

/** Classes followed per callee when looking for the tables a remote call reaches. */
const maxReach = 2_000;

export function dataSplit(
	tableUse: Map<string, Map<number, { reads: number; writes: number }>>,
	remoteUse: Map<string, Map<number, number>>
): DataSplitStep[] {
	const steps: DataSplitStep[] = [];
	for (const [table, byPartition] of tableUse) {
		const direct = [...byPartition.keys()];
		const remote = [...(remoteUse.get(table) ?? new Map<number, number>())].filter(([p]) => !byPartition.has(p));
		if (direct.length < 2 && remote.length === 0) continue;
		const entries = [...byPartition].sort((a, b) => a[0] - b[0]);
		const writers = entries.filter(([, u]) => u.writes > 0).map(([p]) => p);
		const reads = entries.reduce((sum, [, u]) => sum + u.reads, 0);
		const writes = entries.reduce((sum, [, u]) => sum + u.writes, 0);
		const accesses = (p: number) => (byPartition.get(p)?.reads ?? 0) + (byPartition.get(p)?.writes ?? 0);
		const owner = pickOwner(writers.length > 0 ? writers : entries.map(([p]) => p), byPartition);
		const readers = entries.map(([p]) => p).filter((p) => !writers.includes(p) && p !== owner);
		const remoteCalls = remote.reduce((sum, [, calls]) => sum + calls, 0);
		let strategy: DataSplitStrategy;
		if (writers.length >= 2) strategy = 'shared-service';
		else {
			const readerAccesses = readers.reduce((sum, p) => sum + accesses(p), 0) + remoteCalls;
			strategy = readerAccesses >= accesses(owner) ? 'replicate-events' : 'owner-api';
		}
		steps.push({
			table,
			strategy,
			owner,
			writers,
			readers,
			remoteUsers: remote.map(([p]) => p).sort((a, b) => a - b),
			reads,
			writes,
			remoteCalls
		});
	}
	return steps.sort((a, b) => a.table.localeCompare(b.table));
}

/** Table → candidate → calls from that candidate into other candidates' classes that reach the table. */
export function remoteTableUse(graph: CallGraph, assignment: ArrayLike<number>): Map<string, Map<number, number>> {
	const direct = new Map<number, string[]>();
	for (const use of graph.tables) {
		const list = direct.get(use.classIndex);
		if (list) list.push(use.table);
		else direct.set(use.classIndex, [use.table]);
	}
	const out = new Map<string, Map<number, number>>();
	if (direct.size === 0) return out;
	const callees = new Map<number, number[]>();
	for (const edge of graph.edges) {
		if (assignment[edge.from] !== assignment[edge.to]) continue;
		const list = callees.get(edge.from);
		if (list) list.push(edge.to);
		else callees.set(edge.from, [edge.to]);
	}
	const reachCache = new Map<number, Set<string>>();
	const reach = (start: number): Set<string> => {
		const cached = reachCache.get(start);
		if (cached) return cached;
		const tables = new Set<string>();
		const seen = new Set<number>([start]);
		const queue = [start];
		while (queue.length > 0 && seen.size <= maxReach) {
			const c = queue.shift() as number;
			for (const table of direct.get(c) ?? []) tables.add(table);
			for (const next of callees.get(c) ?? []) {
				if (!seen.has(next)) {
					seen.add(next);
					queue.push(next);
				}
			}
		}
		reachCache.set(start, tables);
		return tables;
	};
	for (const edge of graph.edges) {
		const from = assignment[edge.from];
		if (from === assignment[edge.to]) continue;
		for (const table of reach(edge.to)) {
			const users = out.get(table) ?? new Map<number, number>();
			users.set(from, (users.get(from) ?? 0) + edge.volume);
			out.set(table, users);
		}
	}
	return out;
}

/** Most writes, then most accesses, then the lowest id. */
function pickOwner(pool: number[], byPartition: Map<number, { reads: number; writes: number }>): number {
	let owner = pool[0];
	for (const p of pool) {
		const a = byPartition.get(p) ?? { reads: 0, writes: 0 };
		const b = byPartition.get(owner) ?? { reads: 0, writes: 0 };
		if (a.writes > b.writes || (a.writes === b.writes && a.reads + a.writes > b.reads + b.writes)) owner = p;
	}
	return owner;
}

/**
 * Who blocks whom. Input: wait edges (session `waitingId` waits for a lock `blockingId`
 * holds), from InnoDB lock waits or pg_blocking_pids. Output: a forest whose roots block
 * others and wait on nobody, each node's children being the sessions waiting on it.
 *
 *   A holds row 1 ── B waits on A ── C waits on B        A
 *                 └─ D waits on A                         ├─ B
 *                                                         │  └─ C
 *                                                         └─ D
 *
 * A session waiting on several blockers appears under each. Wait cycles (a deadlock the
 * server has not yet broken) have no natural root: the smallest id of the cycle becomes the
 * root, and the node that closes the cycle is marked `cycle: true` with no children.
 */
import type { BlockingNode } from './names';

export interface WaitEdge {
	waitingId: string;
	blockingId: string;
}

/** Bound on nodes in the output: a pathological lock pile-up still renders. */
export const MAX_BLOCKING_NODES = 1000;

export function buildBlockingTree(edges: readonly WaitEdge[], maxNodes = MAX_BLOCKING_NODES): BlockingNode[] {
	const waitersOf = new Map<string, string[]>();
	const waiting = new Set<string>();
	const ids = new Set<string>();
	for (const { waitingId, blockingId } of edges) {
		if (waitingId === blockingId) continue;
		const list = waitersOf.get(blockingId) ?? [];
		if (!list.includes(waitingId)) list.push(waitingId);
		waitersOf.set(blockingId, list);
		waiting.add(waitingId);
		ids.add(waitingId);
		ids.add(blockingId);
	}
	for (const list of waitersOf.values()) list.sort(compareIds);

	let budget = maxNodes;
	const reached = new Set<string>();
	const grow = (id: string, path: Set<string>): BlockingNode => {
		budget--;
		reached.add(id);
		if (path.has(id)) return { id, children: [], cycle: true };
		path.add(id);
		const children: BlockingNode[] = [];
		for (const waiter of waitersOf.get(id) ?? []) {
			if (budget <= 0) break;
			children.push(grow(waiter, path));
		}
		path.delete(id);
		return { id, children };
	};

	const roots: BlockingNode[] = [];
	for (const id of [...ids].sort(compareIds)) {
		if (budget <= 0) break;
		if (!waiting.has(id)) roots.push(grow(id, new Set()));
	}
	// Whatever is left unreached sits on a cycle (or hangs below one).
	for (const id of [...ids].sort(compareIds)) {
		if (budget <= 0) break;
		if (!reached.has(id)) roots.push(grow(id, new Set()));
	}
	return roots;
}

/** Numeric ids (pids, thread ids) sort numerically, others as text. */
export function compareIds(a: string, b: string): number {
	const na = Number(a);
	const nb = Number(b);
	if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
	return a < b ? -1 : a > b ? 1 : 0;
}

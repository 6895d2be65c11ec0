/** Strongly connected components of a directed graph given as adjacency lists. */

/** Tarjan's algorithm, iterative (no recursion depth limit on large graphs). */
export function stronglyConnected(graph: Map<string, string[]>): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const onStack = new Set<string>();
	const stack: string[] = [];
	const result: string[][] = [];
	let counter = 0;
	const nodes = new Set<string>([...graph.keys(), ...[...graph.values()].flat()]);
	for (const start of [...nodes].sort()) {
		if (index.has(start)) continue;
		const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
		index.set(start, counter);
		low.set(start, counter++);
		stack.push(start);
		onStack.add(start);
		while (work.length > 0) {
			const frame = work[work.length - 1];
			const targets = graph.get(frame.node) ?? [];
			if (frame.next < targets.length) {
				const target = targets[frame.next++];
				if (!index.has(target)) {
					index.set(target, counter);
					low.set(target, counter++);
					stack.push(target);
					onStack.add(target);
					work.push({ node: target, next: 0 });
				} else if (onStack.has(target)) {
					low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
				}
				continue;
			}
			work.pop();
			if (work.length > 0) {
				const parent = work[work.length - 1].node;
				low.set(parent, Math.min(low.get(parent) ?? 0, low.get(frame.node) ?? 0));
			}
			if (low.get(frame.node) === index.get(frame.node)) {
				const component: string[] = [];
				let member: string | undefined;
				do {
					member = stack.pop();
					if (member === undefined) break;
					onStack.delete(member);
					component.push(member);
				} while (member !== frame.node);
				result.push(component);
			}
		}
	}
	return result;
}

/**
 * The baseline partitioning, Mono2Micro-style: agglomerative clustering of classes on their
 * business-context membership vectors (one 0/1 entry per context), Ward linkage, cut at K
 * clusters. It sees which business contexts each class serves, not call volumes.
 * (Average linkage on Jaccard distance was tried first: it leaves one giant cluster plus
 * singleton outliers, unlike Mono2Micro's published partitions.)
 *
 * Classes with identical vectors are at distance 0 and merge first, so they are clustered
 * as one weighted "atom" (initial squared Ward distance 2·nA·nB/(nA+nB) · |A Δ B|, the
 * Lance-Williams form for clusters of identical points); the dendrogram over atoms is built
 * with the nearest-neighbour chain algorithm (O(a²) time and memory for a atoms). Above
 * `maxAtoms` distinct context sets the baseline is not computed (null), which keeps the
 * distance matrix (Float64) under 16 MB.
 */
import type { PartitionGraph } from './partition-graph';

export const maxAtoms = 2_000;

export function contextHierarchy(graph: PartitionGraph, k: number): Int32Array | null {
	const n = graph.n;
	const result = new Int32Array(n);
	if (n === 0) return result;
	const atoms = groupAtoms(graph);
	if (atoms.length > maxAtoms) return null;
	const target = Math.max(1, Math.min(k, n));
	if (atoms.length <= target) return splitAtoms(atoms, target, n);

	const a = atoms.length;
	const sets = atoms.map((atom) => atom.contexts);
	const size = atoms.map((atom) => atom.classes.length);
	const distance = new Float64Array((a * (a - 1)) / 2);
	const at = (i: number, j: number): number => {
		const lo = Math.min(i, j);
		const hi = Math.max(i, j);
		return (lo * (2 * a - lo - 1)) / 2 + (hi - lo - 1);
	};
	for (let i = 0; i < a; i++) {
		for (let j = i + 1; j < a; j++) {
			distance[at(i, j)] = ((2 * size[i] * size[j]) / (size[i] + size[j])) * symmetricDifference(sets[i], sets[j]);
		}
	}
	const active = new Uint8Array(a).fill(1);
	const merges: { a: number; b: number; height: number; order: number }[] = [];
	const chain: number[] = [];
	let remaining = a;
	while (remaining > 1) {
		if (chain.length === 0) chain.push(active.indexOf(1));
		const top = chain[chain.length - 1];
		const previous = chain.length >= 2 ? chain[chain.length - 2] : -1;
		let nearest = previous;
		let nearestDistance = previous >= 0 ? distance[at(top, previous)] : Infinity;
		for (let x = 0; x < a; x++) {
			if (!active[x] || x === top) continue;
			const d = distance[at(top, x)];
			if (d < nearestDistance) {
				nearestDistance = d;
				nearest = x;
			}
		}
		if (nearest === previous) {
			chain.length -= 2;
			const keep = Math.min(top, previous);
			const gone = Math.max(top, previous);
			merges.push({ a: keep, b: gone, height: nearestDistance, order: merges.length });
			const merged = size[keep] + size[gone];
			for (let x = 0; x < a; x++) {
				if (!active[x] || x === keep || x === gone) continue;
				const total = merged + size[x];
				distance[at(keep, x)] =
					((size[keep] + size[x]) * distance[at(keep, x)] +
						(size[gone] + size[x]) * distance[at(gone, x)] -
						size[x] * nearestDistance) /
					total;
			}
			size[keep] += size[gone];
			active[gone] = 0;
			remaining -= 1;
		} else {
			chain.push(nearest);
		}
	}

	merges.sort((x, y) => x.height - y.height || x.order - y.order);
	const parent = Array.from({ length: a }, (_, i) => i);
	const find = (x: number): number => {
		while (parent[x] !== x) {
			parent[x] = parent[parent[x]];
			x = parent[x];
		}
		return x;
	};
	for (let i = 0; i < a - target; i++) parent[find(merges[i].b)] = find(merges[i].a);
	const label = new Map<number, number>();
	for (let i = 0; i < a; i++) {
		const root = find(i);
		if (!label.has(root)) label.set(root, label.size);
		for (const c of atoms[i].classes) result[c] = label.get(root) ?? 0;
	}
	return result;
}

interface Atom {
	contexts: Int32Array;
	classes: number[];
}

function groupAtoms(graph: PartitionGraph): Atom[] {
	const bySignature = new Map<string, Atom>();
	for (let c = 0; c < graph.n; c++) {
		const contexts = graph.contextList.subarray(graph.contextOffsets[c], graph.contextOffsets[c + 1]);
		const signature = contexts.join(',');
		let atom = bySignature.get(signature);
		if (!atom) {
			atom = { contexts, classes: [] };
			bySignature.set(signature, atom);
		}
		atom.classes.push(c);
	}
	return [...bySignature.values()];
}

/** Fewer atoms than K: split the largest atoms (by class order) until there are K groups. */
function splitAtoms(atoms: Atom[], target: number, n: number): Int32Array {
	const groups = atoms.map((atom) => [...atom.classes]);
	while (groups.length < target) {
		let largest = 0;
		for (let i = 1; i < groups.length; i++) if (groups[i].length > groups[largest].length) largest = i;
		const group = groups[largest];
		if (group.length < 2) break;
		groups.push(group.splice(Math.ceil(group.length / 2)));
	}
	const result = new Int32Array(n);
	groups.forEach((group, label) => {
		for (const c of group) result[c] = label;
	});
	return result;
}

function symmetricDifference(a: Int32Array, b: Int32Array): number {
	let i = 0;
	let j = 0;
	let common = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			common += 1;
			i += 1;
			j += 1;
		} else if (a[i] < b[j]) i += 1;
		else j += 1;
	}
	return a.length + b.length - 2 * common;
}

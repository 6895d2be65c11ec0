import { describe, expect, it } from 'vitest';
import type { BlockingNode } from './names';
import { buildBlockingTree } from './blocking';

/** Compact rendering: id(child,child), cycles marked with *. */
function show(nodes: BlockingNode[]): string {
	return nodes.map((n) => n.id + (n.cycle ? '*' : '') + (n.children.length ? `(${show(n.children)})` : '')).join(',');
}

describe('buildBlockingTree', () => {
	it('roots the tree at sessions that block and wait on nobody', () => {
		const tree = buildBlockingTree([
			{ waitingId: '12', blockingId: '7' },
			{ waitingId: '30', blockingId: '12' },
			{ waitingId: '9', blockingId: '7' }
		]);
		expect(show(tree)).toBe('7(9,12(30))');
	});

	it('keeps separate trees apart and sorts ids numerically', () => {
		expect(show(buildBlockingTree([
			{ waitingId: '100', blockingId: '20' },
			{ waitingId: '3', blockingId: '2' }
		]))).toBe('2(3),20(100)');
	});

	it('puts a session with two blockers under each', () => {
		expect(show(buildBlockingTree([
			{ waitingId: 'c', blockingId: 'a' },
			{ waitingId: 'c', blockingId: 'b' }
		]))).toBe('a(c),b(c)');
	});

	it('roots a wait cycle at its smallest id and marks where it closes', () => {
		const tree = buildBlockingTree([
			{ waitingId: '5', blockingId: '8' },
			{ waitingId: '8', blockingId: '5' },
			{ waitingId: '11', blockingId: '8' }
		]);
		expect(show(tree)).toBe('5(8(5*,11))');
	});

	it('ignores self-edges and duplicate edges, and is empty without edges', () => {
		expect(buildBlockingTree([])).toEqual([]);
		expect(show(buildBlockingTree([
			{ waitingId: '1', blockingId: '1' },
			{ waitingId: '2', blockingId: '1' },
			{ waitingId: '2', blockingId: '1' }
		]))).toBe('1(2)');
	});

	it('stops at maxNodes on a pile-up', () => {
		const edges = Array.from({ length: 5_000 }, (_, i) => ({ waitingId: String(i + 1), blockingId: '0' }));
		const tree = buildBlockingTree(edges, 100);
		const count = (nodes: BlockingNode[]): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);
		expect(count(tree)).toBe(100);
		expect(tree[0].id).toBe('0');
	});
});

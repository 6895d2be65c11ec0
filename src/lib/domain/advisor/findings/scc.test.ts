import { describe, expect, it } from 'vitest';
import { stronglyConnected } from './scc';

describe('stronglyConnected', () => {
	it('finds cycles of any length and leaves acyclic nodes alone', () => {
		const graph = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a', 'd']],
			['d', ['e']],
			['e', ['d']],
			['f', ['a']]
		]);
		const components = stronglyConnected(graph).map((c) => [...c].sort().join(''));
		expect(components.sort()).toEqual(['abc', 'de', 'f']);
	});

	it('handles a long chain without recursion limits', () => {
		const graph = new Map(Array.from({ length: 50_000 }, (_, i) => [`n${i}`, i + 1 < 50_000 ? [`n${i + 1}`] : ['n0']]));
		const components = stronglyConnected(graph);
		expect(components).toHaveLength(1);
		expect(components[0]).toHaveLength(50_000);
	});
});

import { describe, expect, it } from 'vitest';
import { syntheticMonolith } from '../../../../test/fixtures/advisor/synthetic';
import { CallGraphBuilder, type CallGraph, type CallRecord } from './call-graph';
import { contextHierarchy } from './hierarchical';
import { computeMeasures } from './measures';
import { partitionClasses } from './partition';
import { toPartitionGraph } from './partition-graph';

function build(records: CallRecord[]): CallGraph {
	const builder = new CallGraphBuilder();
	for (const record of records) builder.add(record);
	return builder.build();
}

/** Share of class pairs on which two partitionings agree (same / different partition). */
function pairAgreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
	let agree = 0;
	let pairs = 0;
	for (let i = 0; i < a.length; i++) {
		for (let j = i + 1; j < a.length; j++) {
			pairs += 1;
			if ((a[i] === a[j]) === (b[i] === b[j])) agree += 1;
		}
	}
	return agree / pairs;
}

/** Three business modules of six classes: dense calls inside, one light call across. */
function threeModules(): { records: CallRecord[]; truth: Record<string, number> } {
	const records: CallRecord[] = [];
	const truth: Record<string, number> = {};
	const modules = ['Account', 'Loan', 'Card'];
	modules.forEach((module, m) => {
		const classes = ['Controller', 'Service', 'Validator', 'Repository', 'Mapper', 'Entity'].map((role) => `${module}${role}`);
		classes.forEach((c) => (truth[c] = m));
		for (const context of [`${module.toLowerCase()}_open`, `${module.toLowerCase()}_view`]) {
			records.push({ context, caller: 'Root', callee: `${classes[0]}.handle` });
			for (let i = 0; i + 1 < classes.length; i++) {
				for (let v = 0; v < 5; v++) records.push({ context, caller: `${classes[i]}.run`, callee: `${classes[i + 1]}.run` });
				records.push({ context, caller: `${classes[i]}.run`, callee: `${classes[(i + 2) % classes.length]}.check` });
			}
		}
	});
	records.push({ context: 'loan_open', caller: 'LoanService.run', callee: 'AccountRepository.find' });
	return { records, truth };
}

describe('partitionClasses', () => {
	it('recovers three planted modules exactly', () => {
		const { records, truth } = threeModules();
		const graph = build(records);
		const result = partitionClasses(toPartitionGraph(graph), { k: 3, seed: 1 });
		const planted = graph.classes.map((c) => truth[c]);
		expect(pairAgreement(result.assignment, planted)).toBe(1);
		const measures = computeMeasures(graph, result.assignment);
		// AccountRepository also serves loan_open through the cross call: contexts 3, 2 and 2.
		expect(measures.bcp).toBeCloseTo((Math.log(3) + 2 * Math.log(2)) / 3, 12);
		// Only the single cross-module call (volume 1, weight ln 1 + 1 = 1) is cut.
		const totalWeight = graph.edges.reduce((sum, e) => sum + Math.log(e.volume) + 1, 0);
		expect(measures.icp).toBeCloseTo(1 / totalWeight, 12);
	});

	it('recovers most of a noisy synthetic monolith and is deterministic for a seed', () => {
		const { records, truth } = syntheticMonolith({
			modules: 5,
			classesPerModule: 10,
			contextsPerModule: 3,
			edgesPerModule: 60,
			crossShare: 0.02,
			utilities: 0,
			seed: 11
		});
		const graph = build(records);
		const partitionGraph = toPartitionGraph(graph);
		const first = partitionClasses(partitionGraph, { k: 5, seed: 3 });
		const second = partitionClasses(partitionGraph, { k: 5, seed: 3 });
		expect([...second.assignment]).toEqual([...first.assignment]);
		const planted = graph.classes.map((c) => truth.get(c) ?? -1);
		expect(pairAgreement(first.assignment, planted)).toBeGreaterThan(0.95);
	});

	it('is never worse than the context clustering on BCP or ICP when that clustering fits the size limits', () => {
		for (const seed of [1, 2, 3, 4]) {
			const { records } = syntheticMonolith({
				modules: 6,
				classesPerModule: 12,
				contextsPerModule: 4,
				edgesPerModule: 60,
				crossShare: 0.08,
				utilities: 3,
				seed
			});
			const graph = build(records);
			const partitionGraph = toPartitionGraph(graph);
			const baseline = contextHierarchy(partitionGraph, 6);
			expect(baseline).not.toBeNull();
			const sizes = new Map<number, number>();
			for (const label of baseline ?? []) sizes.set(label, (sizes.get(label) ?? 0) + 1);
			if (Math.max(...sizes.values()) > Math.ceil(0.25 * graph.classes.length)) continue;
			const ours = computeMeasures(graph, partitionClasses(partitionGraph, { k: 6, seed }).assignment);
			const reference = computeMeasures(graph, baseline ?? []);
			expect(ours.bcp).toBeLessThanOrEqual(reference.bcp + 1e-9);
			expect(ours.icp).toBeLessThanOrEqual(reference.icp + 1e-9);
		}
	});

	it('keeps every partition within the size limits', () => {
		const { records } = syntheticMonolith({
			modules: 3,
			classesPerModule: 30,
			contextsPerModule: 2,
			edgesPerModule: 120,
			crossShare: 0.05,
			utilities: 2,
			seed: 5
		});
		const graph = build(records);
		const n = graph.classes.length;
		for (const k of [2, 4, 8]) {
			const result = partitionClasses(toPartitionGraph(graph), { k, maxSizeFactor: 1.5, maxShare: 0, minSizeFactor: 0.5 });
			const sizes = new Array<number>(k).fill(0);
			for (const label of result.assignment) sizes[label] += 1;
			expect(sizes.every((s) => s > 0)).toBe(true);
			expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.ceil((1.5 * n) / k));
			expect(Math.min(...sizes)).toBeGreaterThanOrEqual(Math.floor((0.5 * n) / k));
		}
	});

	it('handles K of 1, K at or above the class count and an empty graph', () => {
		const graph = toPartitionGraph(build(threeModules().records));
		expect(new Set(partitionClasses(graph, { k: 1 }).assignment).size).toBe(1);
		expect(new Set(partitionClasses(graph, { k: 500 }).assignment).size).toBe(graph.n);
		const empty = partitionClasses(toPartitionGraph(build([])), { k: 3 });
		expect(empty.assignment).toHaveLength(0);
	});
});

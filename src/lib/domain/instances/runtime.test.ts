import { describe, expect, it } from 'vitest';
import type { MetricFrame } from '../telemetry/metric-frame';
import type { MetricSeriesDescriptor } from '../telemetry/types';
import { runtimeColumns } from './runtime';

function frame(name: string, series: { attrs: Record<string, string>; mean?: (number | null)[]; countPerSec?: (number | null)[] }[]): MetricFrame {
	return {
		level: '10s',
		stepSec: 10,
		xsSec: [0, 10, 20],
		series: series.map((s) => ({ descriptor: { name, attrs: s.attrs } as unknown as MetricSeriesDescriptor, columns: { mean: s.mean, countPerSec: s.countPerSec } }))
	};
}

describe('runtime figures of a process', () => {
	it('sums the heap pools of a JVM, leaving windows without points null', () => {
		const r = runtimeColumns({
			'jvm.memory.used': frame('jvm.memory.used', [
				{ attrs: { 'jvm.memory.type': 'heap', 'jvm.memory.pool.name': 'G1 Eden Space' }, mean: [10, null, 30] },
				{ attrs: { 'jvm.memory.type': 'heap', 'jvm.memory.pool.name': 'G1 Old Gen' }, mean: [100, null, null] },
				{ attrs: { 'jvm.memory.type': 'non_heap', 'jvm.memory.pool.name': 'Metaspace' }, mean: [999, 999, 999] }
			]),
			'process.cpu.utilization': frame('process.cpu.utilization', [{ attrs: {}, mean: [0.2, 0.4, null] }]),
			'jvm.gc.duration': frame('jvm.gc.duration', [{ attrs: {}, countPerSec: [0.1, 0, 0.3] }])
		});
		expect(r.heapBytes).toEqual([110, null, 30]);
		expect(r.cpu).toEqual([0.2, 0.4, null]);
		expect(r.gcPerSec).toEqual([0.1, 0, 0.3]);
		expect(r.threads).toBeNull();
		expect(r.xsSec).toEqual([0, 10, 20]);
	});

	it('falls back to the Node heap when no JVM metric exists', () => {
		const r = runtimeColumns({ 'v8js.memory.heap.used': frame('v8js.memory.heap.used', [{ attrs: { 'v8js.heap.space.name': 'new_space' }, mean: [1, 2, 3] }, { attrs: { 'v8js.heap.space.name': 'old_space' }, mean: [10, 20, 30] }]) });
		expect(r.heapBytes).toEqual([11, 22, 33]);
	});
});

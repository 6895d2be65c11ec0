/**
 * Runtime figures of one process from its metric frames (OpenTelemetry runtime semantic
 * conventions, as the Java agent and the Node SDK report them):
 *
 *   cpu      process.cpu.utilization (0-1), window means
 *   heap     jvm.memory.used of jvm.memory.type=heap pools, summed; else v8js.memory.heap.used
 *            summed over heap spaces (bytes)
 *   heapMax  jvm.memory.limit (heap) or v8js.memory.heap.limit, summed the same way
 *   gc       collections per second: jvm.gc.duration or v8js.gc.duration histogram counts
 *   threads  jvm.thread.count summed over states
 *
 * Sums keep null where every part is null (no point in that window).
 */
import type { MetricFrame } from '../telemetry/metric-frame';

export const runtimeMetricNames = [
	'process.cpu.utilization',
	'jvm.memory.used',
	'jvm.memory.limit',
	'v8js.memory.heap.used',
	'v8js.memory.heap.limit',
	'jvm.gc.duration',
	'v8js.gc.duration',
	'jvm.thread.count'
] as const;

export interface RuntimeColumns {
	xsSec: number[];
	stepSec: number;
	cpu: (number | null)[] | null;
	heapBytes: (number | null)[] | null;
	heapLimitBytes: (number | null)[] | null;
	gcPerSec: (number | null)[] | null;
	threads: (number | null)[] | null;
}

type Column = (number | null)[];

function sumColumns(columns: readonly Column[]): Column | null {
	if (columns.length === 0) return null;
	const n = Math.max(...columns.map((c) => c.length));
	const out: Column = new Array(n).fill(null);
	for (const column of columns) {
		column.forEach((v, i) => {
			if (v !== null) out[i] = (out[i] ?? 0) + v;
		});
	}
	return out;
}

function pick(frames: Partial<Record<string, MetricFrame>>, name: string, column: 'mean' | 'countPerSec', keep: (attrs: Record<string, unknown>) => boolean = () => true): Column | null {
	const frame = frames[name];
	if (!frame) return null;
	return sumColumns(frame.series.filter((s) => keep(s.descriptor.attrs)).map((s) => s.columns[column] ?? []));
}

const isHeap = (attrs: Record<string, unknown>) => attrs['jvm.memory.type'] === undefined || attrs['jvm.memory.type'] === 'heap';

export function runtimeColumns(frames: Partial<Record<string, MetricFrame>>): RuntimeColumns {
	const any = Object.values(frames).find((f) => f !== undefined);
	return {
		xsSec: any?.xsSec ?? [],
		stepSec: any?.stepSec ?? 10,
		cpu: pick(frames, 'process.cpu.utilization', 'mean'),
		heapBytes: pick(frames, 'jvm.memory.used', 'mean', isHeap) ?? pick(frames, 'v8js.memory.heap.used', 'mean'),
		heapLimitBytes: pick(frames, 'jvm.memory.limit', 'mean', isHeap) ?? pick(frames, 'v8js.memory.heap.limit', 'mean'),
		gcPerSec: pick(frames, 'jvm.gc.duration', 'countPerSec') ?? pick(frames, 'v8js.gc.duration', 'countPerSec'),
		threads: pick(frames, 'jvm.thread.count', 'mean')
	};
}

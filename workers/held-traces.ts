/**
 * Traces the trace worker keeps after opening them, so the page can ask for one span's
 * details, the breakdown or a comparison without the spans crossing again. Bound: the
 * `maxTraces` (3) most recently opened, and at most `maxSpans` (300,000) spans in all; the
 * least recently opened go first (the one just opened always stays).
 */
import type { SpanRecord } from '../src/lib/protocol/records';
import type { TraceTree } from '../src/lib/domain/trace/types';
import type { CriticalPath } from '../src/lib/domain/trace/critical-path';

export interface HeldTrace {
	key: string;
	spans: SpanRecord[];
	tree: TraceTree;
	selfUs: Float64Array;
	criticalPath: CriticalPath;
}

export class HeldTraces {
	readonly #traces = new Map<string, HeldTrace>();
	readonly #maxTraces: number;
	readonly #maxSpans: number;

	constructor(options: { maxTraces?: number; maxSpans?: number } = {}) {
		this.#maxTraces = options.maxTraces ?? 3;
		this.#maxSpans = options.maxSpans ?? 300_000;
	}

	put(trace: HeldTrace): void {
		this.#traces.delete(trace.key);
		this.#traces.set(trace.key, trace);
		let spans = 0;
		for (const t of this.#traces.values()) spans += t.spans.length;
		while (this.#traces.size > 1 && (this.#traces.size > this.#maxTraces || spans > this.#maxSpans)) {
			const [key, oldest] = this.#traces.entries().next().value!;
			this.#traces.delete(key);
			spans -= oldest.spans.length;
		}
	}

	get(key: string): HeldTrace | undefined {
		return this.#traces.get(key);
	}
}

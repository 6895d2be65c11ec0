/**
 * Traces read from OTLP/JSON files in this tab (app-wide: the Transactions screen imports, the trace view opens), so an imported trace opens at
 * `/trace/?id=<traceId>` with no relay and nothing written to the store. Kept in memory for
 * the tab's life: a link to an imported trace reopens only where the file was read.
 *
 * Bound: `maxImportedSpans` (500,000) spans in all; importing past it forgets the traces
 * imported longest ago first (an import larger than the bound keeps its first spans only,
 * as the file reader caps it).
 */
import type { LogRecord, ResourceRecord, SpanRecord } from '$lib/protocol/records';

export const maxImportedSpans = 500_000;

export interface ImportedTrace {
	traceId: string;
	spans: SpanRecord[];
	logs: LogRecord[];
	resources: ResourceRecord[];
	/** File name it came from. */
	source: string;
}

export class ImportedTraces {
	readonly #traces = new Map<string, ImportedTrace>();
	#spanCount = 0;
	#forgotten = 0;

	/** Adds the file's traces; answers their ids, by first span start. */
	add(content: { spans: SpanRecord[]; logs: LogRecord[]; resources: ResourceRecord[] }, source: string): string[] {
		const byTrace = new Map<string, ImportedTrace>();
		for (const span of content.spans) {
			let trace = byTrace.get(span.traceId);
			if (!trace) byTrace.set(span.traceId, (trace = { traceId: span.traceId, spans: [], logs: [], resources: content.resources, source }));
			trace.spans.push(span);
		}
		for (const log of content.logs) byTrace.get(log.traceId)?.logs.push(log);
		for (const trace of byTrace.values()) {
			const old = this.#traces.get(trace.traceId);
			if (old) {
				this.#traces.delete(trace.traceId);
				this.#spanCount -= old.spans.length;
			}
			this.#traces.set(trace.traceId, trace);
			this.#spanCount += trace.spans.length;
		}
		while (this.#spanCount > maxImportedSpans && this.#traces.size > 1) {
			const [id, oldest] = this.#traces.entries().next().value!;
			this.#traces.delete(id);
			this.#spanCount -= oldest.spans.length;
			this.#forgotten++;
		}
		const start = (t: ImportedTrace) => Math.min(...t.spans.map((s) => s.startUs));
		return [...byTrace.values()].filter((t) => this.#traces.has(t.traceId)).sort((a, b) => start(a) - start(b)).map((t) => t.traceId);
	}

	/** Ids of the held traces read from `source`, in import order. */
	idsFrom(source: string): string[] {
		return [...this.#traces.values()].filter((t) => t.source === source).map((t) => t.traceId);
	}

	get(traceId: string): ImportedTrace | undefined {
		return this.#traces.get(traceId);
	}

	get spanCount(): number {
		return this.#spanCount;
	}

	/** Traces dropped to stay within the bound. */
	get forgotten(): number {
		return this.#forgotten;
	}
}

/** This tab's imports (the Transactions screen and the trace view share them). */
export const importedTraces = new ImportedTraces();

/**
 * Call records from class-level spans: a monolith instrumented at method level emits one
 * span per method execution with code.namespace (the class) and code.function (the method),
 * or code.function.name holding both. Each such span is a call from its nearest class-level
 * ancestor in the trace (or from the entry root when there is none) to its own class and
 * method; database spans below it, before the next class-level span, are the tables that
 * method touched.
 *
 * The business context of a whole trace is the designer's mapping when given
 * (`contextOf`), else the `contextAttribute` (default biz.transaction) of the earliest span
 * that carries it, else `(none)`. Spans arrive in chunks through a bounded `TraceBuffer`.
 */
import type { SpanRecord } from '../../protocol/records';
import { CallGraphBuilder, type CallGraph, type CallGraphLimits, type TableAccess } from './call-graph';
import { tablesOfSpan } from './sql-tables';
import { TraceBuffer, type TraceBufferOptions, type TraceBufferStats } from './trace-buffer';

export interface SpanCallOptions {
	contextAttribute?: string;
	/** The designer's mapping from a whole trace to its business transaction. */
	contextOf?: (spans: readonly SpanRecord[]) => string | undefined;
	/** Only class spans of these services (default: every service with class spans). */
	services?: string[];
	limits?: Partial<CallGraphLimits>;
	buffer?: TraceBufferOptions;
}

/** The class and method of a class-level span, or null for any other span. */
export function codeRefOfSpan(span: SpanRecord): { className: string; method: string } | null {
	const namespace = span.attrs['code.namespace'];
	const fn = span.attrs['code.function'];
	const qualified = span.attrs['code.function.name'];
	if (typeof namespace === 'string' && namespace !== '') {
		let method = typeof fn === 'string' ? fn : '';
		if (!method && typeof qualified === 'string') method = qualified.slice(qualified.lastIndexOf('.') + 1);
		return { className: namespace, method };
	}
	if (typeof qualified === 'string') {
		const dot = qualified.lastIndexOf('.');
		if (dot > 0 && dot < qualified.length - 1) return { className: qualified.slice(0, dot), method: qualified.slice(dot + 1) };
	}
	return null;
}

export class SpanCallCollector {
	private readonly builder: CallGraphBuilder;
	private readonly buffer: TraceBuffer;
	private readonly options: SpanCallOptions;
	private readonly services: Set<string> | null;
	private classSpans = 0;

	constructor(options: SpanCallOptions = {}) {
		this.options = options;
		this.services = options.services?.length ? new Set(options.services) : null;
		this.builder = new CallGraphBuilder(options.limits);
		this.buffer = new TraceBuffer((spans) => this.collect(spans), options.buffer);
	}

	addSpans(spans: readonly SpanRecord[]): void {
		this.buffer.add(spans);
	}

	/** Flushes pending traces and returns the class call graph so far. */
	finish(): { graph: CallGraph; classSpans: number; buffer: TraceBufferStats } {
		this.buffer.flush();
		return { graph: this.builder.build(), classSpans: this.classSpans, buffer: this.buffer.stats() };
	}

	private isClassSpan(span: SpanRecord): boolean {
		return (this.services === null || this.services.has(span.service)) && codeRefOfSpan(span) !== null;
	}

	private collect(spans: SpanRecord[]): void {
		this.classSpans += collectTraceCalls(spans, this.builder, {
			isClassSpan: (span) => this.isClassSpan(span),
			context: traceContext(spans, this.options)
		});
	}
}

/** The business context of a whole trace (see the module comment). */
export function traceContext(spans: readonly SpanRecord[], options: Pick<SpanCallOptions, 'contextAttribute' | 'contextOf'>): string {
	const mapped = options.contextOf?.(spans);
	if (mapped) return mapped;
	const key = options.contextAttribute ?? 'biz.transaction';
	let best: SpanRecord | undefined;
	for (const span of spans) {
		const value = span.attrs[key];
		if (typeof value === 'string' && value !== '' && (!best || span.startUs < best.startUs)) best = span;
	}
	return best ? String(best.attrs[key]) : '(none)';
}

/**
 * Adds the calls of one whole trace to `builder`: each span `isClassSpan` accepts is a call
 * from its nearest accepted ancestor (or the entry root), carrying the tables of the
 * database spans below it. Returns the number of class spans seen.
 */
export function collectTraceCalls(
	spans: readonly SpanRecord[],
	builder: CallGraphBuilder,
	options: { isClassSpan: (span: SpanRecord) => boolean; context: string }
): number {
	const { isClassSpan, context } = options;
	const byId = new Map<string, SpanRecord>();
	for (const span of spans) byId.set(span.spanId, span);
	const limit = spans.length;
	const classAncestor = (span: SpanRecord): SpanRecord | null => {
		let current = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
		for (let steps = 0; current && steps < limit; steps++) {
			if (isClassSpan(current)) return current;
			current = current.parentSpanId ? byId.get(current.parentSpanId) : undefined;
		}
		return null;
	};
	const classSpans = spans.filter(isClassSpan);
	if (classSpans.length === 0) return 0;

	const tablesBySpan = new Map<string, TableAccess[]>();
	for (const span of spans) {
		if (isClassSpan(span)) continue;
		const tables = tablesOfSpan(span.attrs);
		if (tables.length === 0) continue;
		const owner = classAncestor(span);
		if (!owner) continue;
		const list = tablesBySpan.get(owner.spanId);
		if (list) list.push(...tables);
		else tablesBySpan.set(owner.spanId, [...tables]);
	}

	for (const span of classSpans) {
		const callee = codeRefOfSpan(span);
		if (!callee) continue;
		const callerSpan = classAncestor(span);
		const caller = callerSpan ? codeRefOfSpan(callerSpan) : null;
		builder.add({
			timeMs: span.startUs / 1000,
			context,
			caller: caller ? join(caller) : 'Root',
			callee: join(callee),
			durationMs: span.durationUs / 1000,
			tables: tablesBySpan.get(span.spanId),
			traceId: span.traceId
		});
	}
	return classSpans.length;
}

/** Joined so that `parseCodeRef` splits it back: `Class#method` keeps upper-case methods intact. */
function join(ref: { className: string; method: string }): string {
	return ref.method ? `${ref.className}#${ref.method}` : ref.className;
}

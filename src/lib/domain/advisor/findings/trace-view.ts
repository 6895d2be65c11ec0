/**
 * One trace's structure, for the findings: parent links, children, and each span's local
 * entry (the SERVER or CONSUMER span of the same service it runs under). Parent walks are
 * bounded by the span count, so a malformed trace with a parent cycle cannot loop.
 */
import { SpanKind, type SpanRecord } from '../../../protocol/records';

export interface TraceView {
	spans: SpanRecord[];
	byId: Map<string, SpanRecord>;
	children: Map<string, SpanRecord[]>;
	parent(span: SpanRecord): SpanRecord | undefined;
	/** Nearest SERVER/CONSUMER ancestor-or-self in the span's service, else its service-local top. */
	localEntry(span: SpanRecord): SpanRecord;
}

export function viewTrace(spans: SpanRecord[]): TraceView {
	const byId = new Map<string, SpanRecord>();
	for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span);
	const children = new Map<string, SpanRecord[]>();
	for (const span of byId.values()) {
		if (!span.parentSpanId || !byId.has(span.parentSpanId) || span.parentSpanId === span.spanId) continue;
		const list = children.get(span.parentSpanId);
		if (list) list.push(span);
		else children.set(span.parentSpanId, [span]);
	}
	for (const list of children.values()) list.sort((a, b) => a.startUs - b.startUs);
	const limit = byId.size;
	const parent = (span: SpanRecord) => (span.parentSpanId && span.parentSpanId !== span.spanId ? byId.get(span.parentSpanId) : undefined);
	const entries = new Map<string, SpanRecord>();
	const localEntry = (span: SpanRecord): SpanRecord => {
		const cached = entries.get(span.spanId);
		if (cached) return cached;
		let current = span;
		for (let steps = 0; steps < limit; steps++) {
			if (current.kind === SpanKind.Server || current.kind === SpanKind.Consumer) break;
			const up = parent(current);
			if (!up || up.service !== span.service) break;
			current = up;
		}
		entries.set(span.spanId, current);
		return current;
	};
	return { spans: [...byId.values()], byId, children, parent, localEntry };
}

export function isDatabaseSpan(span: SpanRecord): boolean {
	return span.attrs['db.system.name'] !== undefined || span.attrs['db.system'] !== undefined;
}

export function isMessagingSpan(span: SpanRecord): boolean {
	return span.attrs['messaging.system'] !== undefined || span.kind === SpanKind.Producer || span.kind === SpanKind.Consumer;
}

/** The SERVER span a CLIENT span led to, when the callee is instrumented. */
export function calleeServer(view: TraceView, client: SpanRecord): SpanRecord | undefined {
	return view.children.get(client.spanId)?.find((c) => c.kind === SpanKind.Server && c.service !== client.service);
}

/** Name of an uninstrumented downstream: peer.service, else server.address. */
export function externalName(span: SpanRecord): string | undefined {
	const peer = span.attrs['peer.service'] ?? span.attrs['server.address'] ?? span.attrs['net.peer.name'];
	return typeof peer === 'string' && peer !== '' ? peer : undefined;
}

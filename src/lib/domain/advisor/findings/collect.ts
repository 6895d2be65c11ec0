/**
 * Folds one whole trace into the findings state. Pure bookkeeping; deciding what is a
 * finding happens in `report.ts`, once, over the aggregates.
 */
import { SpanKind, StatusCode, type SpanRecord } from '../../../protocol/records';
import { tablesOfSpan } from '../sql-tables';
import { recordUs } from './histogram';
import { bounded, maxContextsPerTable, newEdge, newService, pushExample, type FindingsState } from './state';
import { calleeServer, externalName, isDatabaseSpan, isMessagingSpan, viewTrace, type TraceView } from './trace-view';
import type { FindingSettings } from './types';

const breakerKey = /circuit_?breaker|resilience4j|hystrix|bulkhead/i;
const breakerEvent = /circuit|breaker|call_not_permitted/i;
const fallbackKey = /fallback/i;
const timeoutText = /time(d)?[ _-]?out/i;

export function collectTrace(state: FindingsState, spans: SpanRecord[], settings: FindingSettings): void {
	if (spans.length === 0) return;
	const view = viewTrace(spans);
	const traceId = spans[0].traceId;
	state.traces += 1;
	state.spans += view.spans.length;
	const ex = settings.exampleTraces;

	const context = businessContext(view.spans, settings.contextAttribute);
	const services = new Set<string>();
	for (const span of view.spans) {
		services.add(span.service);
		const service = bounded(state, state.services, 'services', span.service, settings.maxKeys, newService);
		if (!service) continue;
		if (span.kind === SpanKind.Server || span.kind === SpanKind.Consumer) recordUs(service.entryDurations, span.durationUs);
		if (span.parentSpanId === '' && span.kind === SpanKind.Server) {
			service.rootEntries += 1;
			pushExample(service.rootTraceIds, traceId, ex);
		}
		const up = view.parent(span);
		if (up && up.service !== span.service && span.kind === SpanKind.Server) service.callers.add(up.service);
		if (span.attrs['code.namespace'] !== undefined || span.attrs['code.function.name'] !== undefined) service.classSpans += 1;
		if (isDatabaseSpan(span)) collectTables(state, span, context, settings);
		else if (span.kind === SpanKind.Client && !isMessagingSpan(span)) collectCall(state, view, span, settings);
	}
	if (services.size < 2) {
		collectChatty(state, view, settings);
		return;
	}
	state.multiServiceTraces += 1;
	for (const name of services) {
		const service = state.services.get(name);
		if (!service) continue;
		service.traces += 1;
		pushExample(service.traceIds, traceId, ex);
	}
	collectChatty(state, view, settings);
	collectChain(state, view, settings);
}

/** The trace's business transaction: the earliest span carrying the attribute. */
function businessContext(spans: SpanRecord[], key: string): string | undefined {
	let best: SpanRecord | undefined;
	for (const span of spans) {
		const value = span.attrs[key];
		if (typeof value === 'string' && value !== '' && (!best || span.startUs < best.startUs)) best = span;
	}
	return best ? String(best.attrs[key]) : undefined;
}

function collectTables(state: FindingsState, span: SpanRecord, context: string | undefined, settings: FindingSettings): void {
	const system = String(span.attrs['db.system.name'] ?? span.attrs['db.system'] ?? '');
	const namespace = String(span.attrs['db.namespace'] ?? span.attrs['db.name'] ?? '');
	for (const access of tablesOfSpan(span.attrs)) {
		const key = `${system}|${namespace}|${access.table}`;
		const table = bounded(state, state.tables, 'tables', key, settings.maxKeys, () => ({
			system,
			namespace,
			table: access.table,
			byService: new Map(),
			byContext: new Map(),
			traceIds: []
		}));
		if (!table) continue;
		const use = table.byService.get(span.service) ?? { reads: 0, writes: 0 };
		if (access.read) use.reads += 1;
		if (access.write) use.writes += 1;
		table.byService.set(span.service, use);
		if (context !== undefined && (table.byContext.has(context) || table.byContext.size < maxContextsPerTable)) {
			const byContext = table.byContext.get(context) ?? { reads: 0, writes: 0 };
			if (access.read) byContext.reads += 1;
			if (access.write) byContext.writes += 1;
			table.byContext.set(context, byContext);
		}
		if (table.byService.size > 1 || table.traceIds.length === 0) pushExample(table.traceIds, span.traceId, settings.exampleTraces);
	}
}

function collectCall(state: FindingsState, view: TraceView, client: SpanRecord, settings: FindingSettings): void {
	const server = calleeServer(view, client);
	const callee = server?.service ?? externalName(client);
	if (!callee || callee === client.service) return;
	const key = `${client.service}\u0000${callee}`;
	const edge = bounded(state, state.edges, 'edges', key, settings.maxKeys, () => newEdge(client.service, callee, !server));
	if (!edge) return;
	edge.calls += 1;
	recordUs(edge.durations, client.durationUs);
	edge.maxUs = Math.max(edge.maxUs, client.durationUs);
	rememberSlowest(edge.slowest, client, settings.exampleTraces);

	const entry = view.localEntry(client);
	const evidence = resilienceEvidence(view, client, entry);
	if (evidence.breaker) edge.breaker = true;
	if (evidence.fallback) edge.fallback = true;
	edge.breakerEvents += evidence.breakerEvents;

	const calleeFailed = client.status === StatusCode.Error || server?.status === StatusCode.Error;
	if (calleeFailed && isTimeout(client)) edge.timeouts += 1;
	if (!calleeFailed) return;
	edge.calleeFailures += 1;
	if (entry !== client && entry.status === StatusCode.Error) {
		edge.propagated += 1;
		pushExample(edge.failureTraceIds, client.traceId, settings.exampleTraces);
	} else if (entry !== client) edge.absorbed += 1;
}

function rememberSlowest(list: { durationUs: number; traceId: string }[], span: SpanRecord, max: number): void {
	if (list.some((s) => s.traceId === span.traceId)) return;
	if (list.length >= max && list[list.length - 1].durationUs >= span.durationUs) return;
	list.push({ durationUs: span.durationUs, traceId: span.traceId });
	list.sort((a, b) => b.durationUs - a.durationUs);
	if (list.length > max) list.length = max;
}

/** Breaker and fallback traces on the call, or on the caller's spans up to its entry. */
function resilienceEvidence(view: TraceView, client: SpanRecord, entry: SpanRecord) {
	let breaker = false;
	let fallback = false;
	let breakerEvents = 0;
	let current: SpanRecord | undefined = client;
	for (let steps = 0; current && steps < view.spans.length; steps++) {
		for (const key of Object.keys(current.attrs)) {
			if (breakerKey.test(key)) breaker = true;
			if (fallbackKey.test(key)) fallback = true;
		}
		for (const event of current.events ?? []) {
			if (breakerEvent.test(event.name)) {
				breaker = true;
				breakerEvents += 1;
			}
			if (fallbackKey.test(event.name)) fallback = true;
		}
		if (current === entry) break;
		current = view.parent(current);
	}
	return { breaker, fallback, breakerEvents };
}

function isTimeout(span: SpanRecord): boolean {
	if (timeoutText.test(span.statusMessage ?? '') || timeoutText.test(String(span.attrs['error.type'] ?? ''))) return true;
	return (span.events ?? []).some((e) => e.name === 'exception' && timeoutText.test(String(e.attrs?.['exception.type'] ?? '')));
}

/** Downstream operation a client span calls: the statement shape, or the callee and span name. */
function targetOf(view: TraceView, span: SpanRecord): string | undefined {
	if (isDatabaseSpan(span)) {
		const system = String(span.attrs['db.system.name'] ?? span.attrs['db.system']);
		if (system === 'redis' || system === 'memcached') return `${system} ${span.name}`;
		const tables = tablesOfSpan(span.attrs).map((t) => t.table).join(',');
		const operation = String(span.attrs['db.operation.name'] ?? span.attrs['db.operation'] ?? span.name.split(' ')[0]);
		return `${system} ${operation.toUpperCase()} ${tables}`.trim();
	}
	if (span.kind !== SpanKind.Client || isMessagingSpan(span)) return undefined;
	const callee = calleeServer(view, span)?.service ?? externalName(span) ?? '';
	return `${callee} ${span.name}`.trim();
}

/**
 * N+1: a span that issues many sequential calls to one downstream operation, directly or
 * through its own in-process (INTERNAL) spans. A run is owned by the deepest span whose calls
 * arrive through two or more of its children (or directly), so one loop is reported once.
 */
function collectChatty(state: FindingsState, view: TraceView, settings: FindingSettings): void {
	const groups = new Map<SpanRecord, Map<string, { calls: SpanRecord[]; via: Set<string> }>>();
	for (const span of view.spans) {
		const target = targetOf(view, span);
		if (!target) continue;
		let child = span;
		let issuer = view.parent(span);
		for (let steps = 0; issuer && issuer.service === span.service && steps < view.spans.length; steps++) {
			let byTarget = groups.get(issuer);
			if (!byTarget) groups.set(issuer, (byTarget = new Map()));
			let group = byTarget.get(target);
			if (!group) byTarget.set(target, (group = { calls: [], via: new Set() }));
			group.calls.push(span);
			group.via.add(child === span ? `direct:${span.spanId}` : child.spanId);
			if (issuer.kind !== SpanKind.Internal) break;
			child = issuer;
			issuer = view.parent(issuer);
		}
	}
	for (const [issuer, byTarget] of groups) {
		for (const [target, group] of byTarget) {
			if (group.calls.length < settings.chattyMinCalls || group.via.size < 2) continue;
			const run = sequentialRun(group.calls);
			if (run < settings.chattyMinCalls) continue;
			const key = `${issuer.service}\u0000${issuer.name}\u0000${target}`;
			const agg = bounded(state, state.chatty, 'chatty', key, settings.maxKeys, () => ({
				service: issuer.service,
				operation: issuer.name,
				target,
				occurrences: 0,
				maxRun: 0,
				runTotal: 0,
				traceIds: []
			}));
			if (!agg) continue;
			agg.occurrences += 1;
			agg.maxRun = Math.max(agg.maxRun, run);
			agg.runTotal += run;
			pushExample(agg.traceIds, issuer.traceId, settings.exampleTraces);
		}
	}
}

/** Calls that start after the previous counted one ended (parallel calls do not count). */
function sequentialRun(calls: SpanRecord[]): number {
	const sorted = [...calls].sort((a, b) => a.startUs - b.startUs);
	let run = 0;
	let endUs = -Infinity;
	for (const call of sorted) {
		if (call.startUs >= endUs) {
			run += 1;
			endUs = call.startUs + call.durationUs;
		}
	}
	return run;
}

/** The longest synchronous service chain of the trace (hops into SERVER spans only). */
function collectChain(state: FindingsState, view: TraceView, settings: FindingSettings): void {
	let longest: string[] = [];
	for (const span of view.spans) {
		if (span.kind !== SpanKind.Server || view.children.get(span.spanId)?.some((c) => c.kind === SpanKind.Client && calleeServer(view, c))) continue;
		const chain = [span.service];
		let from = span;
		let current = view.parent(span);
		for (let steps = 0; current && steps < view.spans.length; steps++) {
			if (current.service !== chain[chain.length - 1]) {
				if (from.kind !== SpanKind.Server) break;
				chain.push(current.service);
			}
			if (current.kind === SpanKind.Consumer) break;
			from = current;
			current = view.parent(current);
		}
		if (chain.length > longest.length) longest = chain;
	}
	if (longest.length <= settings.maxSyncDepth) return;
	const services = longest.reverse();
	const key = services.join(' → ');
	const agg = bounded(state, state.chains, 'chains', key, settings.maxKeys, () => ({ services, traces: 0, traceIds: [] }));
	if (!agg) return;
	agg.traces += 1;
	pushExample(agg.traceIds, view.spans[0].traceId, settings.exampleTraces);
}

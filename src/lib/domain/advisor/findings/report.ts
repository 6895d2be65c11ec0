/**
 * Turns the aggregates into findings. Thresholds come from `FindingSettings`; severities:
 * - shared-table: high when two or more services write the table, medium when one writes
 *   and others read, low when all only read (reference data). Inside a monolith (one
 *   service instrumented at class level) a table written by two or more business contexts
 *   is reported too, medium: it is the table the decomposition will have to split
 *   (`detail.scope` = 'business-contexts').
 * - cyclic-dependency: high (a cycle of synchronous calls cannot be deployed or degraded
 *   one service at a time).
 * - chatty-calls: high when the longest run is at least 5 × `chattyMinCalls`, else medium.
 * - long-chain: high beyond 2 × `maxSyncDepth` services, else medium.
 * - failure-propagation: high without any breaker, medium when a breaker is seen (it fails
 *   fast, but the caller still fails: there is no fallback).
 * - missing-timeout: high when no call on the edge ever timed out, medium when timeouts
 *   exist but are longer than the caller's budget.
 * - gateway-bypass: medium per service entered directly; high when no gateway exists at all.
 * - hidden-hub: high at 80 % of multi-service traces or more, else medium.
 */
import { countAboveUs, quantileUs } from './histogram';
import { stronglyConnected } from './scc';
import type { FindingsState, TableAgg } from './state';
import { principleOf, type Finding, type FindingKind, type FindingSettings, type Severity } from './types';

const gatewayName = /gateway|(^|[-_.])gw($|[-_.])|ingress|(^|[-_.])edge($|[-_.])|proxy|kong|envoy|zuul|nginx|traefik/i;

export function reportFindings(state: FindingsState, settings: FindingSettings): Finding[] {
	const findings: Finding[] = [
		...sharedTables(state),
		...cycles(state, settings),
		...chatty(state, settings),
		...chains(state, settings),
		...fragile(state, settings),
		...gateway(state, settings),
		...hubs(state, settings)
	];
	const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
	return findings.sort((a, b) => rank[a.severity] - rank[b.severity] || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}

function finding(kind: FindingKind, severity: Severity, subject: string, rest: Pick<Finding, 'services' | 'counts' | 'traceIds'> & Partial<Pick<Finding, 'detail'>>): Finding {
	return { id: `${kind}:${subject}`, kind, severity, principle: principleOf[kind], subject, detail: {}, ...rest };
}

function sharedTables(state: FindingsState): Finding[] {
	const out: Finding[] = [];
	for (const table of state.tables.values()) {
		if (table.byService.size === 1) {
			const inside = sharedInsideMonolith(state, table);
			if (inside) out.push(inside);
			continue;
		}
		let reads = 0;
		let writes = 0;
		let writers = 0;
		for (const use of table.byService.values()) {
			reads += use.reads;
			writes += use.writes;
			if (use.writes > 0) writers += 1;
		}
		const severity: Severity = writers >= 2 ? 'high' : writers === 1 ? 'medium' : 'low';
		const where = [table.system, table.namespace].filter(Boolean).join(' ');
		out.push(
			finding('shared-table', severity, where ? `${where} / ${table.table}` : table.table, {
				services: [...table.byService.keys()].sort(),
				counts: { services: table.byService.size, reads, writes, writers },
				traceIds: table.traceIds,
				detail: {
					scope: 'services',
					table: table.table,
					system: table.system,
					namespace: table.namespace,
					writerServices: [...table.byService].filter(([, u]) => u.writes > 0).map(([s]) => s).sort()
				}
			})
		);
	}
	return out;
}

function sharedInsideMonolith(state: FindingsState, table: TableAgg): Finding | null {
	const [service] = table.byService.keys();
	if ((state.services.get(service)?.classSpans ?? 0) === 0) return null;
	const writing = [...table.byContext].filter(([, use]) => use.writes > 0).map(([context]) => context).sort();
	if (writing.length < 2) return null;
	let reads = 0;
	let writes = 0;
	for (const use of table.byContext.values()) {
		reads += use.reads;
		writes += use.writes;
	}
	const where = [table.system, table.namespace].filter(Boolean).join(' ');
	return finding('shared-table', 'medium', where ? `${where} / ${table.table}` : table.table, {
		services: [service],
		counts: { services: 1, contexts: table.byContext.size, writingContexts: writing.length, reads, writes },
		traceIds: table.traceIds,
		detail: { scope: 'business-contexts', table: table.table, system: table.system, namespace: table.namespace, writingContexts: writing }
	});
}

function cycles(state: FindingsState, settings: FindingSettings): Finding[] {
	const graph = new Map<string, string[]>();
	for (const edge of state.edges.values()) {
		if (edge.external) continue;
		const list = graph.get(edge.from);
		if (list) list.push(edge.to);
		else graph.set(edge.from, [edge.to]);
	}
	const out: Finding[] = [];
	for (const component of stronglyConnected(graph)) {
		if (component.length < 2) continue;
		const members = new Set(component);
		const edges = [...state.edges.values()].filter((e) => !e.external && members.has(e.from) && members.has(e.to));
		const calls = edges.reduce((sum, e) => sum + e.calls, 0);
		const traceIds: string[] = [];
		for (const edge of edges) for (const s of edge.slowest) if (traceIds.length < settings.exampleTraces && !traceIds.includes(s.traceId)) traceIds.push(s.traceId);
		const services = [...component].sort();
		out.push(
			finding('cyclic-dependency', 'high', services.join(' ⇄ '), {
				services,
				counts: { services: services.length, edges: edges.length, calls },
				traceIds,
				detail: { edges: edges.map((e) => `${e.from} → ${e.to}`).sort() }
			})
		);
	}
	return out;
}

function chatty(state: FindingsState, settings: FindingSettings): Finding[] {
	return [...state.chatty.values()].map((c) =>
		finding('chatty-calls', c.maxRun >= 5 * settings.chattyMinCalls ? 'high' : 'medium', `${c.service}: ${c.operation} → ${c.target}`, {
			services: [c.service],
			counts: { occurrences: c.occurrences, maxRun: c.maxRun, meanRun: c.runTotal / c.occurrences, traces: c.traceIds.length },
			traceIds: c.traceIds,
			detail: { operation: c.operation, target: c.target }
		})
	);
}

function chains(state: FindingsState, settings: FindingSettings): Finding[] {
	return [...state.chains.values()].map((c) =>
		finding('long-chain', c.services.length > 2 * settings.maxSyncDepth ? 'high' : 'medium', c.services.join(' → '), {
			services: [...new Set(c.services)].sort(),
			counts: { depth: c.services.length, traces: c.traces },
			traceIds: c.traceIds,
			detail: { chain: c.services, maxSyncDepth: settings.maxSyncDepth }
		})
	);
}

function fragile(state: FindingsState, settings: FindingSettings): Finding[] {
	const out: Finding[] = [];
	for (const edge of state.edges.values()) {
		const subject = `${edge.from} → ${edge.to}`;
		const services = edge.external ? [edge.from] : [edge.from, edge.to];
		if (
			edge.calleeFailures >= settings.minFailures &&
			edge.propagated / edge.calleeFailures >= settings.propagationShare &&
			!edge.fallback
		) {
			out.push(
				finding('failure-propagation', edge.breaker ? 'medium' : 'high', subject, {
					services,
					counts: { calls: edge.calls, calleeFailures: edge.calleeFailures, propagated: edge.propagated, absorbed: edge.absorbed, breakerEvents: edge.breakerEvents },
					traceIds: edge.failureTraceIds,
					detail: { breaker: edge.breaker, external: edge.external }
				})
			);
		}
		const budgetMs = budgetOf(state, edge.from, settings);
		const slowCalls = countAboveUs(edge.durations, budgetMs * 1000);
		if (slowCalls >= settings.minSlowCalls) {
			out.push(
				finding('missing-timeout', edge.timeouts > 0 ? 'medium' : 'high', subject, {
					services,
					counts: {
						calls: edge.calls,
						slowCalls,
						budgetMs,
						maxMs: edge.maxUs / 1000,
						p99Ms: quantileUs(edge.durations, 0.99) / 1000,
						timeouts: edge.timeouts
					},
					traceIds: edge.slowest.map((s) => s.traceId),
					detail: { breaker: edge.breaker, external: edge.external, budgetSource: settings.budgetsMs[edge.from] ? 'setting' : 'derived' }
				})
			);
		}
	}
	return out;
}

/** The caller's budget in ms: the setting, else max(minBudgetMs, budgetFactor × median entry time). */
export function budgetOf(state: FindingsState, service: string, settings: FindingSettings): number {
	const explicit = settings.budgetsMs[service];
	if (explicit !== undefined && explicit > 0) return explicit;
	const entries = state.services.get(service)?.entryDurations;
	const medianMs = entries ? quantileUs(entries, 0.5) / 1000 : 0;
	return Math.max(settings.minBudgetMs, settings.budgetFactor * medianMs);
}

function gatewaysOf(state: FindingsState, settings: FindingSettings): Set<string> {
	if (settings.gatewayServices.length > 0) return new Set(settings.gatewayServices);
	return new Set([...state.services.keys()].filter((s) => gatewayName.test(s) && (state.services.get(s)?.rootEntries ?? 0) > 0));
}

function gateway(state: FindingsState, settings: FindingSettings): Finding[] {
	const gateways = gatewaysOf(state, settings);
	const entered = [...state.services].filter(([, s]) => s.rootEntries > 0);
	const total = entered.reduce((sum, [, s]) => sum + s.rootEntries, 0);
	if (gateways.size === 0) {
		if (entered.length < 2 || total < settings.minBypassEntries) return [];
		return [
			finding('gateway-bypass', 'high', '(no API gateway)', {
				services: entered.map(([name]) => name).sort(),
				counts: { entries: total, entriesTotal: total },
				traceIds: entered.flatMap(([, s]) => s.rootTraceIds).slice(0, settings.exampleTraces),
				detail: { gateways: [] }
			})
		];
	}
	return entered
		.filter(([name, s]) => !gateways.has(name) && s.rootEntries >= settings.minBypassEntries)
		.map(([name, s]) =>
			finding('gateway-bypass', 'medium', name, {
				services: [name],
				counts: { entries: s.rootEntries, entriesTotal: total },
				traceIds: s.rootTraceIds,
				detail: { gateways: [...gateways].sort() }
			})
		);
}

function hubs(state: FindingsState, settings: FindingSettings): Finding[] {
	if (state.multiServiceTraces < settings.hubMinTraces) return [];
	const gateways = gatewaysOf(state, settings);
	const out: Finding[] = [];
	for (const [name, service] of state.services) {
		if (gateways.has(name) || service.callers.size < settings.hubMinCallers) continue;
		const share = service.traces / state.multiServiceTraces;
		// An entry service on most paths is visible, not hidden.
		if (share < settings.hubShare || service.rootEntries > service.traces / 2) continue;
		out.push(
			finding('hidden-hub', share >= 0.8 ? 'high' : 'medium', name, {
				services: [name],
				counts: { traces: service.traces, tracesTotal: state.multiServiceTraces, callers: service.callers.size },
				traceIds: service.traceIds,
				detail: { callers: [...service.callers].sort() }
			})
		);
	}
	return out;
}

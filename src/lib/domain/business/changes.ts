/**
 * What a change of definitions means for stored KPI windows: which transactions and domains
 * must be re-evaluated from spans (BusinessModel.subset takes the answer), or nothing.
 *
 * - a transaction added, changed or moved: it is re-evaluated (its domain with it; a moved
 *   transaction's former domain too); a removed one: its former domain
 * - a KPI added or changed: the transactions it reads (a domain-scoped KPI: its domain),
 *   since a new sum / mean attribute or conversion needs figures the windows never held
 * - domains renamed or reordered, KPIs removed: nothing (windows do not depend on them)
 *
 * `definitionsKey` is the canonical text the windows' state stores, so a device that
 * missed changes (closed, or edited elsewhere) sees that its windows are stale.
 */
import type { Json } from '../../protocol/sync';
import { canonicalJson } from '../docs/json';
import type { BusinessDefinitions, KpiDefinition } from './types';

export function definitionsKey(defs: BusinessDefinitions): string {
	const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return canonicalJson({ domains: byId(defs.domains), transactions: byId(defs.transactions), kpis: byId(defs.kpis) } as unknown as Json);
}

export interface DefinitionChange {
	transactions: string[];
	domains: string[];
}

const text = (v: unknown): string => canonicalJson(v as Json);

function kpiReads(kpi: KpiDefinition): { transactions: string[]; domains: string[] } {
	if (kpi.measure.kind === 'conversion') return { transactions: [...kpi.measure.steps], domains: [] };
	if (!kpi.scope) return { transactions: [], domains: [] };
	return kpi.scope.kind === 'domain' ? { transactions: [], domains: [kpi.scope.domainId] } : { transactions: [kpi.scope.transactionId], domains: [] };
}

/** The re-evaluation a change from `before` to `after` needs; both lists empty = none. */
export function definitionChange(before: BusinessDefinitions, after: BusinessDefinitions): DefinitionChange {
	const transactions = new Set<string>();
	const domains = new Set<string>();
	const old = new Map(before.transactions.map((t) => [t.id, t]));
	const now = new Map(after.transactions.map((t) => [t.id, t]));
	for (const [id, t] of now) {
		const prior = old.get(id);
		if (!prior || text(prior) !== text(t)) {
			transactions.add(id);
			if (prior && prior.domainId !== t.domainId) domains.add(prior.domainId);
		}
	}
	for (const [id, t] of old) if (!now.has(id)) domains.add(t.domainId);
	const oldKpis = new Map(before.kpis.map((k) => [k.id, k]));
	for (const kpi of after.kpis) {
		const prior = oldKpis.get(kpi.id);
		if (prior && text(prior) === text(kpi)) continue;
		const reads = kpiReads(kpi);
		for (const id of reads.transactions) if (now.has(id)) transactions.add(id);
		for (const id of reads.domains) domains.add(id);
	}
	return { transactions: [...transactions].sort(), domains: [...domains].sort() };
}

export function isNoChange(change: DefinitionChange): boolean {
	return change.transactions.length === 0 && change.domains.length === 0;
}

/**
 * The business definitions prepared for evaluation: valid definitions only (the others are
 * reported as issues), rules compiled (compile.ts), one KPI target per transaction
 * (`t:<id>`) and per domain (`d:<id>`), the attributes each target must sum, and the
 * conversion KPIs with each rule's step number.
 *
 * A domain target counts a span once even when it matches two of the domain's
 * transactions; it is a success when it is a success for every one of them.
 */
import { RuleMatcher } from './compile';
import type { BusinessDefinitions, BusinessDomain, BusinessTransaction, ConversionMeasure, KpiDefinition, KpiScope } from './types';
import { parseDomain, parseKpi, parseTransaction, referenceIssues, type BusinessIssue } from './validate';

export const transactionTarget = (id: string): string => 't:' + id;
export const domainTarget = (id: string): string => 'd:' + id;
export const scopeTarget = (scope: KpiScope): string => (scope.kind === 'domain' ? domainTarget(scope.domainId) : transactionTarget(scope.transactionId));

/** Conversions follow journeys for 24 h by default. */
export const defaultMaxLagMs = 86_400_000;

export interface TargetSpec {
	key: string;
	/** Attributes summed for sum / mean KPIs on this target. */
	attrs: string[];
}

export interface ConversionSpec {
	kpiId: string;
	steps: number;
	/** Step of each rule (by rule index), -1 when the rule is not a step. */
	stepOfRule: Int8Array;
	join: ConversionMeasure['join'];
	maxLagMs: number;
}

export class BusinessModel {
	readonly domains: BusinessDomain[];
	readonly transactions: BusinessTransaction[];
	readonly kpis: KpiDefinition[];
	readonly issues: BusinessIssue[];
	readonly matcher: RuleMatcher;
	readonly targets: TargetSpec[];
	/** Target index of each rule's transaction, and of its domain. */
	readonly ruleTarget: Int32Array;
	readonly ruleDomainTarget: Int32Array;
	readonly conversions: ConversionSpec[];

	private constructor(defs: BusinessDefinitions, issues: BusinessIssue[]) {
		this.domains = defs.domains;
		this.transactions = defs.transactions;
		this.kpis = defs.kpis;
		this.issues = issues;
		this.matcher = new RuleMatcher(defs.transactions);
		const attrs = new Map<string, Set<string>>();
		for (const kpi of defs.kpis) {
			const m = kpi.measure;
			if (kpi.scope && (m.kind === 'sum' || (m.kind === 'mean' && m.attr))) {
				const key = scopeTarget(kpi.scope);
				let set = attrs.get(key);
				if (!set) attrs.set(key, (set = new Set()));
				set.add(m.attr as string);
			}
		}
		const keys = [...defs.transactions.map((t) => transactionTarget(t.id)), ...defs.domains.map((d) => domainTarget(d.id))];
		this.targets = keys.map((key) => ({ key, attrs: [...(attrs.get(key) ?? [])].sort() }));
		const index = new Map(keys.map((key, i) => [key, i]));
		this.ruleTarget = Int32Array.from(defs.transactions, (t) => index.get(transactionTarget(t.id)) as number);
		this.ruleDomainTarget = Int32Array.from(defs.transactions, (t) => index.get(domainTarget(t.domainId)) as number);
		const ruleIndex = new Map(defs.transactions.map((t, i) => [t.id, i]));
		this.conversions = [];
		for (const kpi of defs.kpis) {
			if (kpi.measure.kind !== 'conversion') continue;
			const stepOfRule = new Int8Array(defs.transactions.length).fill(-1);
			kpi.measure.steps.forEach((id, step) => (stepOfRule[ruleIndex.get(id) as number] = step));
			this.conversions.push({
				kpiId: kpi.id,
				steps: kpi.measure.steps.length,
				stepOfRule,
				join: kpi.measure.join,
				maxLagMs: kpi.measure.maxLagMs ?? defaultMaxLagMs
			});
		}
	}

	/**
	 * Validates untrusted definitions and builds the model from the valid ones. Invalid
	 * definitions, transactions of unknown domains and KPIs that refer to left-out
	 * definitions are left out and listed in `issues`; duplicate ids keep the first.
	 */
	static build(input: BusinessDefinitions): BusinessModel {
		const issues: BusinessIssue[] = [];
		const keep = <T extends { id: string }>(items: readonly unknown[], parse: (v: unknown) => { ok: true; value: T } | { ok: false; issues: BusinessIssue[] }): T[] => {
			const seen = new Set<string>();
			const out: T[] = [];
			for (const item of items) {
				const parsed = parse(item);
				if (!parsed.ok) issues.push(...parsed.issues);
				else if (!seen.has(parsed.value.id)) {
					seen.add(parsed.value.id);
					out.push(parsed.value);
				}
			}
			return out;
		};
		const domains = keep(input.domains ?? [], parseDomain);
		const domainIds = new Set(domains.map((d) => d.id));
		let transactions = keep(input.transactions ?? [], parseTransaction);
		let kpis = keep(input.kpis ?? [], parseKpi);
		const refIssues = referenceIssues({ domains, transactions, kpis });
		issues.push(...refIssues);
		transactions = transactions.filter((t) => domainIds.has(t.domainId));
		const txIds = new Set(transactions.map((t) => t.id));
		kpis = kpis.filter((k) => {
			if (k.scope && !(k.scope.kind === 'domain' ? domainIds.has(k.scope.domainId) : txIds.has(k.scope.transactionId))) return false;
			return k.measure.kind !== 'conversion' || k.measure.steps.every((s) => txIds.has(s));
		});
		return new BusinessModel({ domains, transactions, kpis }, issues);
	}

	targetIndex(key: string): number {
		return this.targets.findIndex((t) => t.key === key);
	}

	/**
	 * The part of this model that a change to some transactions affects, for re-evaluating
	 * only that part of history: the changed transactions, every transaction of their
	 * domains (a domain counts a span once, so all its rules take part), and every step of
	 * the conversions that have a changed transaction as a step. `domains` adds domains a
	 * changed transaction left (moved or deleted transactions).
	 *
	 * `targets` and `conversions` name what the sub-model's windows hold correctly; merge them
	 * into stored windows with windows.ts `replaceTargets`. Domains that only conversion
	 * steps pull in are computed partially and are NOT listed. `all`: the part re-evaluates
	 * every target and conversion of this model, so stored windows keep nothing of it.
	 */
	subset(changed: { transactions: readonly string[]; domains?: readonly string[] }): { model: BusinessModel; targets: string[]; conversions: string[]; all: boolean } {
		const changedIds = new Set(changed.transactions);
		const domains = new Set(changed.domains ?? []);
		for (const t of this.transactions) if (changedIds.has(t.id)) domains.add(t.domainId);
		const keep = new Set(this.transactions.filter((t) => changedIds.has(t.id) || domains.has(t.domainId)).map((t) => t.id));
		const conversions = this.kpis.filter((k) => k.measure.kind === 'conversion' && k.measure.steps.some((s) => changedIds.has(s)));
		for (const k of conversions) if (k.measure.kind === 'conversion') for (const step of k.measure.steps) keep.add(step);
		const transactions = this.transactions.filter((t) => keep.has(t.id));
		const targets = [...transactions.map((t) => transactionTarget(t.id)), ...[...domains].map(domainTarget)];
		const targetSet = new Set(targets);
		const kpis = this.kpis.filter((k) => (k.scope ? targetSet.has(scopeTarget(k.scope)) : conversions.includes(k)));
		const model = new BusinessModel({ domains: this.domains, transactions, kpis }, []);
		const all = this.targets.every((t) => targetSet.has(t.key)) && this.conversions.every((c) => conversions.some((k) => k.id === c.kpiId));
		return { model, targets, conversions: conversions.map((k) => k.id), all };
	}
}

/**
 * Editing drafts of business definitions (pure): blank ones, new ids, a condition for an
 * unmatched route the preview suggests, KPI measure drafts from form fields, and
 * validation issues as catalogue messages with a readable place.
 */
import type { BusinessDomain, BusinessTransaction, KpiDefinition, KpiMeasure, RuleGroup, RuleTest } from '$lib/domain/business/types';
import type { BusinessIssue } from '$lib/domain/business/validate';

export function newId(prefix: string, random: () => number = Math.random): string {
	let out = '';
	for (let i = 0; i < 8; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
	return `${prefix}-${out}`;
}

export function blankTest(): RuleTest {
	return { kind: 'test', field: 'attr', key: 'biz.transaction', op: 'equals', value: '' };
}

export function blankGroup(kind: RuleGroup['kind'] = 'any'): RuleGroup {
	return { kind, conditions: [blankTest()] };
}

export function blankTransaction(domainId: string, random?: () => number): BusinessTransaction {
	return { id: newId('tx', random), domainId, name: '', spans: 'transactions', rule: { kind: 'all', conditions: [blankTest()] } };
}

export function blankKpi(random?: () => number): KpiDefinition {
	return { id: newId('kpi', random), name: '', measure: { kind: 'count' } };
}

export function blankDomain(random?: () => number): BusinessDomain {
	return { id: newId('domain', random), names: { en: '', ko: '' } };
}

/** A test matching an unmatched route from the preview: its endpoint name on its service. */
export function routeConditions(route: { service: string; endpoint: string }): RuleTest[] {
	return [
		{ kind: 'test', field: 'service', op: 'equals', value: route.service },
		{ kind: 'test', field: 'name', op: 'equals', value: route.endpoint }
	];
}

/** Normalises a test after its operator changed: range tests carry min / max, others a value. */
export function withOp(test: RuleTest, op: RuleTest['op']): RuleTest {
	const { value: _v, min: _min, max: _max, flags: _f, ...rest } = test;
	if (op === 'range') return { ...rest, op, min: 0 };
	if (op === 'exists') return { ...rest, op };
	return { ...rest, op, value: typeof test.value === 'string' ? test.value : '' };
}

export type MeasureKind = KpiMeasure['kind'];

/** The measure for a kind, keeping what still applies from the previous one. */
export function measureOf(kind: MeasureKind, previous: KpiMeasure): KpiMeasure {
	switch (kind) {
		case 'sum':
			return { kind, attr: 'attr' in previous && previous.attr ? previous.attr : 'biz.amount_krw' };
		case 'mean':
			return { kind, ...('attr' in previous && previous.attr ? { attr: previous.attr } : {}) };
		case 'percentile':
			return { kind, q: previous.kind === 'percentile' ? previous.q : 0.95 };
		case 'conversion':
			return previous.kind === 'conversion' ? previous : { kind, steps: [], join: { by: 'trace' } };
		default:
			return { kind };
	}
}

/** Drops empty optional fields a form leaves behind (empty key, blank thresholds) before validation. */
export function cleanKpi(kpi: KpiDefinition): KpiDefinition {
	const out: KpiDefinition = { ...kpi, name: kpi.name.trim() };
	if (out.target === undefined || out.target === null || Number.isNaN(out.target)) delete out.target;
	if (out.measure.kind === 'conversion') delete out.scope;
	return out;
}

/** `rule.conditions[1].value` → `rule › 2 › value`: a place a person can find in the form. */
export function issuePlace(path: string): string {
	return path.replace(/\[(\d+)\]/g, (_, i: string) => ` › ${Number(i) + 1}`).replace(/\./g, ' › ');
}

export function issueKey(issue: BusinessIssue): string {
	return issue.code;
}

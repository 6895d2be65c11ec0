/**
 * Checks untrusted JSON (a synced document, an imported board, the designer's draft) against
 * the business definitions of types.ts. Never throws: problems come back as issues with a
 * path and a message code of the `business` catalogue area (the UI translates them).
 *
 * Bounds, so a hostile document cannot make matching slow: groups nest at most
 * `maxRuleDepth` deep, hold at most `maxGroupConditions` conditions, a rule at most
 * `maxRuleTests` tests; regular expressions at most `maxPatternChars` characters and
 * without nested quantifiers (the shape that backtracks exponentially, e.g. `(a+)+`).
 */
import type {
	BusinessDomain,
	BusinessTransaction,
	KpiDefinition,
	KpiMeasure,
	KpiScope,
	KpiThresholds,
	RuleCondition,
	RuleGroup
} from './types';

export const maxRuleDepth = 8;
export const maxGroupConditions = 50;
export const maxRuleTests = 200;
export const maxPatternChars = 256;
export const maxTextChars = 200;
export const maxConversionSteps = 8;

export const businessIssueCodes = [
	'business.invalid.object',
	'business.invalid.id',
	'business.invalid.text',
	'business.invalid.names',
	'business.invalid.field',
	'business.invalid.op',
	'business.invalid.key',
	'business.invalid.value',
	'business.invalid.regex',
	'business.invalid.regex-unsafe',
	'business.invalid.range',
	'business.invalid.group',
	'business.invalid.depth',
	'business.invalid.too-many',
	'business.invalid.span-scope',
	'business.invalid.scope',
	'business.invalid.measure',
	'business.invalid.quantile',
	'business.invalid.steps',
	'business.invalid.join',
	'business.invalid.number',
	'business.invalid.thresholds',
	'business.invalid.reference'
] as const;
/** Message keys of the `business` catalogue area. */
export type BusinessIssueCode = (typeof businessIssueCodes)[number];

export interface BusinessIssue {
	/** Where, e.g. `rule.conditions[2].value`. */
	path: string;
	code: BusinessIssueCode;
	params?: Record<string, string | number>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: BusinessIssue[] };

const idPattern = /^[A-Za-z0-9_.:-]{1,128}$/;
const fields = new Set(['service', 'name', 'route', 'attr']);
const ops = new Set(['equals', 'prefix', 'regex', 'range', 'exists']);
const spanScopes = new Set(['transactions', 'entry', 'all']);

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isDefinitionId(v: unknown): v is string {
	return typeof v === 'string' && idPattern.test(v);
}

function isText(v: unknown, max = maxTextChars): v is string {
	return typeof v === 'string' && v.trim() !== '' && v.length <= max;
}

function isFiniteNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

/** Why a pattern is refused, or undefined when it compiles and is safe to run on every span. */
export function regexProblem(pattern: string, flags?: string): { code: BusinessIssueCode; detail?: string } | undefined {
	if (pattern.length > maxPatternChars) return { code: 'business.invalid.regex', detail: `longer than ${maxPatternChars} characters` };
	try {
		new RegExp(pattern, flags);
	} catch (error) {
		return { code: 'business.invalid.regex', detail: (error as Error).message };
	}
	// a quantified group whose body is itself quantified: (a+)+, (\w*)*, (x|y+){2,}
	// (character classes first become one plain character: [+-] holds no quantifier)
	const shape = pattern.replace(/\[(?:[^\]\\]|\\.)*\]/g, 'x');
	if (/\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,?\d*\})/.test(shape)) {
		return { code: 'business.invalid.regex-unsafe' };
	}
	if (/\\[1-9]/.test(pattern)) return { code: 'business.invalid.regex-unsafe' };
	return undefined;
}

function conditionIssues(v: unknown, path: string, depth: number, budget: { tests: number }, out: BusinessIssue[]): void {
	if (!isObject(v)) {
		out.push({ path, code: 'business.invalid.object' });
		return;
	}
	if (v.negate !== undefined && typeof v.negate !== 'boolean') out.push({ path: `${path}.negate`, code: 'business.invalid.value' });
	if (v.kind === 'all' || v.kind === 'any') {
		groupIssues(v, path, depth, budget, out);
		return;
	}
	if (v.kind !== 'test') {
		out.push({ path: `${path}.kind`, code: 'business.invalid.op' });
		return;
	}
	if (--budget.tests < 0) {
		if (budget.tests === -1) out.push({ path, code: 'business.invalid.too-many', params: { max: maxRuleTests } });
		return;
	}
	if (!fields.has(v.field as string)) out.push({ path: `${path}.field`, code: 'business.invalid.field' });
	if (v.field === 'attr' && !isText(v.key, 256)) out.push({ path: `${path}.key`, code: 'business.invalid.key' });
	if (!ops.has(v.op as string)) {
		out.push({ path: `${path}.op`, code: 'business.invalid.op' });
		return;
	}
	switch (v.op) {
		case 'equals':
			if (!(typeof v.value === 'string' || typeof v.value === 'boolean' || isFiniteNumber(v.value))) {
				out.push({ path: `${path}.value`, code: 'business.invalid.value' });
			}
			break;
		case 'prefix':
			if (typeof v.value !== 'string' || v.value === '') out.push({ path: `${path}.value`, code: 'business.invalid.value' });
			break;
		case 'regex': {
			if (v.flags !== undefined && v.flags !== 'i') out.push({ path: `${path}.flags`, code: 'business.invalid.regex', params: { detail: 'flags may only be "i"' } });
			if (typeof v.value !== 'string' || v.value === '') {
				out.push({ path: `${path}.value`, code: 'business.invalid.value' });
				break;
			}
			const problem = regexProblem(v.value, v.flags === 'i' ? 'i' : undefined);
			if (problem) out.push({ path: `${path}.value`, code: problem.code, ...(problem.detail ? { params: { detail: problem.detail } } : {}) });
			break;
		}
		case 'range': {
			const hasMin = v.min !== undefined;
			const hasMax = v.max !== undefined;
			if ((hasMin && !isFiniteNumber(v.min)) || (hasMax && !isFiniteNumber(v.max)) || (!hasMin && !hasMax) || (hasMin && hasMax && (v.min as number) > (v.max as number))) {
				out.push({ path, code: 'business.invalid.range' });
			}
			break;
		}
	}
}

function groupIssues(v: Record<string, unknown>, path: string, depth: number, budget: { tests: number }, out: BusinessIssue[]): void {
	if (depth >= maxRuleDepth) {
		out.push({ path, code: 'business.invalid.depth', params: { max: maxRuleDepth } });
		return;
	}
	if (!Array.isArray(v.conditions) || v.conditions.length === 0) {
		out.push({ path: `${path}.conditions`, code: 'business.invalid.group' });
		return;
	}
	if (v.conditions.length > maxGroupConditions) {
		out.push({ path: `${path}.conditions`, code: 'business.invalid.too-many', params: { max: maxGroupConditions } });
		return;
	}
	v.conditions.forEach((c, i) => conditionIssues(c, `${path}.conditions[${i}]`, depth + 1, budget, out));
}

export function ruleIssues(v: unknown, path = 'rule'): BusinessIssue[] {
	const out: BusinessIssue[] = [];
	if (!isObject(v) || (v.kind !== 'all' && v.kind !== 'any')) {
		out.push({ path, code: 'business.invalid.group' });
		return out;
	}
	groupIssues(v, path, 0, { tests: maxRuleTests }, out);
	return out;
}

export function conditionIssuesOf(v: unknown, path: string): BusinessIssue[] {
	const out: BusinessIssue[] = [];
	conditionIssues(v, path, 0, { tests: maxRuleTests }, out);
	return out;
}

function result<T>(value: unknown, issues: BusinessIssue[]): Parsed<T> {
	return issues.length === 0 ? { ok: true, value: value as T } : { ok: false, issues };
}

export function parseDomain(v: unknown): Parsed<BusinessDomain> {
	if (!isObject(v)) return { ok: false, issues: [{ path: 'domain', code: 'business.invalid.object' }] };
	const issues: BusinessIssue[] = [];
	if (!isDefinitionId(v.id)) issues.push({ path: 'domain.id', code: 'business.invalid.id' });
	issues.push(...namesIssues(v.names, 'domain.names'));
	if (v.description !== undefined && !(typeof v.description === 'string' && v.description.length <= 2_000)) {
		issues.push({ path: 'domain.description', code: 'business.invalid.text', params: { max: 2_000 } });
	}
	if (v.order !== undefined && !isFiniteNumber(v.order)) issues.push({ path: 'domain.order', code: 'business.invalid.number' });
	return result(v, issues);
}

export function namesIssues(v: unknown, path: string): BusinessIssue[] {
	if (!isObject(v)) return [{ path, code: 'business.invalid.names' }];
	const entries = Object.entries(v);
	if (entries.length === 0 || entries.length > 8 || entries.some(([locale, name]) => !/^[a-z]{2}$/.test(locale) || !isText(name))) {
		return [{ path, code: 'business.invalid.names' }];
	}
	return [];
}

export function parseTransaction(v: unknown): Parsed<BusinessTransaction> {
	if (!isObject(v)) return { ok: false, issues: [{ path: 'transaction', code: 'business.invalid.object' }] };
	const issues: BusinessIssue[] = [];
	if (!isDefinitionId(v.id)) issues.push({ path: 'transaction.id', code: 'business.invalid.id' });
	if (!isDefinitionId(v.domainId)) issues.push({ path: 'transaction.domainId', code: 'business.invalid.id' });
	if (!isText(v.name)) issues.push({ path: 'transaction.name', code: 'business.invalid.text', params: { max: maxTextChars } });
	issues.push(...ruleIssues(v.rule, 'transaction.rule'));
	if (v.spans !== undefined && !spanScopes.has(v.spans as string)) issues.push({ path: 'transaction.spans', code: 'business.invalid.span-scope' });
	if (v.success !== undefined) issues.push(...conditionIssuesOf(v.success, 'transaction.success'));
	return result(v, issues);
}

export function scopeIssues(v: unknown, path: string): BusinessIssue[] {
	if (!isObject(v)) return [{ path, code: 'business.invalid.scope' }];
	if (v.kind === 'transaction' && isDefinitionId(v.transactionId)) return [];
	if (v.kind === 'domain' && isDefinitionId(v.domainId)) return [];
	return [{ path, code: 'business.invalid.scope' }];
}

export function measureIssues(v: unknown, path: string): BusinessIssue[] {
	if (!isObject(v)) return [{ path, code: 'business.invalid.measure' }];
	switch (v.kind) {
		case 'count':
		case 'rate':
		case 'success-ratio':
			return [];
		case 'sum':
			return isText(v.attr, 256) ? [] : [{ path: `${path}.attr`, code: 'business.invalid.key' }];
		case 'mean':
			return v.attr === undefined || isText(v.attr, 256) ? [] : [{ path: `${path}.attr`, code: 'business.invalid.key' }];
		case 'percentile':
			return isFiniteNumber(v.q) && v.q > 0 && v.q <= 1 ? [] : [{ path: `${path}.q`, code: 'business.invalid.quantile' }];
		case 'conversion': {
			const issues: BusinessIssue[] = [];
			const steps = v.steps;
			if (!Array.isArray(steps) || steps.length < 2 || steps.length > maxConversionSteps || !steps.every(isDefinitionId) || new Set(steps).size !== steps.length) {
				issues.push({ path: `${path}.steps`, code: 'business.invalid.steps', params: { max: maxConversionSteps } });
			}
			const join = v.join;
			if (!isObject(join) || !(join.by === 'trace' || (join.by === 'attr' && isText(join.key, 256)))) {
				issues.push({ path: `${path}.join`, code: 'business.invalid.join' });
			}
			if (v.maxLagMs !== undefined && !(isFiniteNumber(v.maxLagMs) && v.maxLagMs > 0 && v.maxLagMs <= 31 * 86_400_000)) {
				issues.push({ path: `${path}.maxLagMs`, code: 'business.invalid.number' });
			}
			return issues;
		}
		default:
			return [{ path: `${path}.kind`, code: 'business.invalid.measure' }];
	}
}

export function thresholdIssues(v: unknown, path: string): BusinessIssue[] {
	if (!isObject(v)) return [{ path, code: 'business.invalid.thresholds' }];
	const basisOk = v.basis === undefined || v.basis === 'value' || v.basis === 'vs-yesterday' || v.basis === 'vs-last-week';
	if (!(v.direction === 'above' || v.direction === 'below') || !isFiniteNumber(v.warn) || !isFiniteNumber(v.critical) || !basisOk) {
		return [{ path, code: 'business.invalid.thresholds' }];
	}
	// critical must be at least as far into the bad side as warn
	const ordered = v.direction === 'above' ? v.critical >= v.warn : v.critical <= v.warn;
	return ordered ? [] : [{ path, code: 'business.invalid.thresholds' }];
}

export function parseKpi(v: unknown): Parsed<KpiDefinition> {
	if (!isObject(v)) return { ok: false, issues: [{ path: 'kpi', code: 'business.invalid.object' }] };
	const issues: BusinessIssue[] = [];
	if (!isDefinitionId(v.id)) issues.push({ path: 'kpi.id', code: 'business.invalid.id' });
	if (!isText(v.name)) issues.push({ path: 'kpi.name', code: 'business.invalid.text', params: { max: maxTextChars } });
	issues.push(...measureIssues(v.measure, 'kpi.measure'));
	const isConversion = isObject(v.measure) && v.measure.kind === 'conversion';
	if (!isConversion || v.scope !== undefined) issues.push(...scopeIssues(v.scope, 'kpi.scope'));
	if (v.target !== undefined && !isFiniteNumber(v.target)) issues.push({ path: 'kpi.target', code: 'business.invalid.number' });
	if (v.thresholds !== undefined) issues.push(...thresholdIssues(v.thresholds, 'kpi.thresholds'));
	return result(v, issues);
}

/**
 * Cross-references: transactions name existing domains, KPIs existing transactions or
 * domains. Definitions with dangling references are left out of the engine (engine.ts)
 * and reported here so the designer can show them.
 */
export function referenceIssues(defs: { domains: BusinessDomain[]; transactions: BusinessTransaction[]; kpis: KpiDefinition[] }): BusinessIssue[] {
	const domains = new Set(defs.domains.map((d) => d.id));
	const transactions = new Set(defs.transactions.map((t) => t.id));
	const issues: BusinessIssue[] = [];
	for (const t of defs.transactions) {
		if (!domains.has(t.domainId)) issues.push({ path: `transaction[${t.id}].domainId`, code: 'business.invalid.reference', params: { id: t.domainId } });
	}
	for (const k of defs.kpis) {
		const missing = kpiReferences(k).find((ref) => !(ref.kind === 'domain' ? domains : transactions).has(ref.id));
		if (missing) issues.push({ path: `kpi[${k.id}]`, code: 'business.invalid.reference', params: { id: missing.id } });
	}
	return issues;
}

export function kpiReferences(kpi: KpiDefinition): { kind: 'domain' | 'transaction'; id: string }[] {
	const refs: { kind: 'domain' | 'transaction'; id: string }[] = [];
	if (kpi.scope) refs.push(scopeRef(kpi.scope));
	if (kpi.measure.kind === 'conversion') for (const step of kpi.measure.steps) refs.push({ kind: 'transaction', id: step });
	return refs;
}

function scopeRef(scope: KpiScope): { kind: 'domain' | 'transaction'; id: string } {
	return scope.kind === 'domain' ? { kind: 'domain', id: scope.domainId } : { kind: 'transaction', id: scope.transactionId };
}

export type { RuleCondition, RuleGroup, KpiMeasure, KpiThresholds };

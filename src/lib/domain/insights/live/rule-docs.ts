/**
 * Root-cause rules as user documents (type `analysis-rule`, synced like boards): a document's
 * body holds the rule's fields (name, enabled, match, severity, conditions, cause, action);
 * its id is the rule's id. Built-in rules are not documents: they ship with the app and are
 * read-only; a user copies one to edit it. A document that is not a valid rule is reported
 * with what is wrong and left out of evaluation.
 */
import type { Json } from '../../../protocol/sync';
import { builtinRules } from '../rules/library';
import type { RuleDocument } from '../rules/types';
import { parseRule } from '../rules/validate';

export const ruleDocType = 'analysis-rule';

/** The fields a rule document stores (everything but the id and the built-in marks). */
export const ruleFields = ['name', 'enabled', 'match', 'severity', 'conditions', 'cause', 'action'] as const;

export interface RuleDocIssue {
	id: string;
	error: string;
}

export function ruleFromDoc(id: string, body: Readonly<Record<string, Json>>): { ok: true; value: RuleDocument } | { ok: false; error: string } {
	const candidate: Record<string, unknown> = { id };
	for (const key of ruleFields) if (body[key] !== undefined) candidate[key] = body[key];
	const parsed = parseRule(candidate);
	if (!parsed.ok) return parsed;
	// a user document can never claim to be built in, nor borrow a built-in's translations
	const { builtin: _builtin, messageKey: _messageKey, ...rule } = parsed.value;
	return { ok: true, value: rule };
}

export function ruleToPatch(rule: RuleDocument): Record<string, Json> {
	const patch: Record<string, Json> = {};
	for (const key of ruleFields) if (rule[key] !== undefined) patch[key] = rule[key] as unknown as Json;
	return patch;
}

/** Built-ins first, then the valid user rules (by id); invalid documents come back as issues. */
export function ruleSet(docs: readonly { id: string; body: Readonly<Record<string, Json>> }[]): { rules: RuleDocument[]; issues: RuleDocIssue[] } {
	const rules: RuleDocument[] = [...builtinRules];
	const issues: RuleDocIssue[] = [];
	for (const doc of [...docs].sort((a, b) => a.id.localeCompare(b.id))) {
		const r = ruleFromDoc(doc.id, doc.body);
		if (r.ok) rules.push(r.value);
		else issues.push({ id: doc.id, error: r.error });
	}
	return { rules, issues };
}

/** A new user rule starting from a built-in (or a blank template), with a fresh id. */
export function copyOfRule(source: RuleDocument | undefined, id: string): RuleDocument {
	const base = source ?? {
		id,
		name: 'New rule',
		match: 'all' as const,
		severity: 'warning' as const,
		conditions: [{ kind: 'metric' as const, id: 'latency-anomalous', metric: 'latency.p95Ms', measure: 'z' as const, op: '>=' as const, threshold: 3 }],
		cause: 'Describe the probable cause.',
		action: 'Describe what to do.'
	};
	const { builtin: _builtin, messageKey: _messageKey, ...rest } = structuredClone(base);
	return { ...rest, id, name: source ? `${source.name} (copy)` : base.name, enabled: true };
}

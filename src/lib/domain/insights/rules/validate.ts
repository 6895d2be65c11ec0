/**
 * Checks that an untrusted JSON value is a rule document (imported file, synced edit) and
 * says exactly what is wrong when it is not. Never throws.
 */
import type { Condition, RuleDocument } from './types';

const OPS = new Set(['>', '>=', '<', '<=']);
const SCOPES = new Set(['self', 'callee', 'caller', 'host']);
const KINDS = new Set(['service', 'database', 'external', 'queue']);
const MEASURES = new Set(['value', 'ratio', 'z']);
/** Nesting bound for condition groups, so a hostile document cannot recurse without end. */
const MAX_DEPTH = 8;

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function condition(v: unknown, path: string, depth: number): Result<Condition> {
	if (!isObject(v)) return { ok: false, error: `${path} must be an object` };
	if (typeof v.id !== 'string' || !v.id) return { ok: false, error: `${path}.id must be a non-empty string` };
	if (v.negate !== undefined && typeof v.negate !== 'boolean') return { ok: false, error: `${path}.negate must be true or false` };
	if (v.scope !== undefined && !SCOPES.has(v.scope as string)) return { ok: false, error: `${path}.scope must be one of self, callee, caller, host` };
	if (v.nodeKind !== undefined && !KINDS.has(v.nodeKind as string)) return { ok: false, error: `${path}.nodeKind must be one of service, database, external, queue` };
	switch (v.kind) {
		case 'metric':
			if (typeof v.metric !== 'string' || !v.metric) return { ok: false, error: `${path}.metric must name a metric` };
			if (!OPS.has(v.op as string)) return { ok: false, error: `${path}.op must be one of >, >=, <, <=` };
			if (typeof v.threshold !== 'number' || !Number.isFinite(v.threshold)) return { ok: false, error: `${path}.threshold must be a finite number` };
			if (v.measure !== undefined && !MEASURES.has(v.measure as string)) return { ok: false, error: `${path}.measure must be value, ratio or z` };
			return { ok: true, value: v as unknown as Condition };
		case 'event':
			if (typeof v.event !== 'string' || !v.event) return { ok: false, error: `${path}.event must name an event` };
			if (typeof v.withinMs !== 'number' || !(v.withinMs > 0)) return { ok: false, error: `${path}.withinMs must be a positive number of milliseconds` };
			return { ok: true, value: v as unknown as Condition };
		case 'relation':
			if (v.relation !== 'calls' && v.relation !== 'calledBy') return { ok: false, error: `${path}.relation must be calls or calledBy` };
			if (!KINDS.has(v.nodeKind as string)) return { ok: false, error: `${path}.nodeKind is required for a relation` };
			return { ok: true, value: v as unknown as Condition };
		case 'group': {
			if (depth >= MAX_DEPTH) return { ok: false, error: `${path} nests groups deeper than ${MAX_DEPTH}` };
			if (v.match !== 'all' && v.match !== 'any') return { ok: false, error: `${path}.match must be all or any` };
			if (!Array.isArray(v.conditions) || v.conditions.length === 0) return { ok: false, error: `${path}.conditions must be a non-empty list` };
			for (let i = 0; i < v.conditions.length; i++) {
				const c = condition(v.conditions[i], `${path}.conditions[${i}]`, depth + 1);
				if (!c.ok) return c;
			}
			return { ok: true, value: v as unknown as Condition };
		}
		default:
			return { ok: false, error: `${path}.kind must be metric, event, relation or group` };
	}
}

export function parseRule(value: unknown): Result<RuleDocument> {
	if (!isObject(value)) return { ok: false, error: 'A rule must be a JSON object' };
	for (const key of ['id', 'name', 'cause', 'action'] as const) {
		if (typeof value[key] !== 'string' || !(value[key] as string).trim()) return { ok: false, error: `rule.${key} must be a non-empty string` };
	}
	if (value.match !== 'all' && value.match !== 'any') return { ok: false, error: 'rule.match must be all or any' };
	if (!['info', 'warning', 'critical'].includes(value.severity as string)) return { ok: false, error: 'rule.severity must be info, warning or critical' };
	if (value.enabled !== undefined && typeof value.enabled !== 'boolean') return { ok: false, error: 'rule.enabled must be true or false' };
	if (!Array.isArray(value.conditions) || value.conditions.length === 0) return { ok: false, error: 'rule.conditions must be a non-empty list' };
	for (let i = 0; i < value.conditions.length; i++) {
		const c = condition(value.conditions[i], `rule.conditions[${i}]`, 0);
		if (!c.ok) return c;
	}
	return { ok: true, value: value as unknown as RuleDocument };
}

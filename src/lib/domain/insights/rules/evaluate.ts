/** Evaluates rule documents against an incident context, reporting every condition. */
import type { Comparison, Condition, ConditionResult, MetricSnapshot, NodeKind, RuleContext, RuleDocument, RuleResult, Scope } from './types';

function compare(a: number, op: Comparison, b: number): boolean {
	switch (op) {
		case '>':
			return a > b;
		case '>=':
			return a >= b;
		case '<':
			return a < b;
		case '<=':
			return a <= b;
	}
}

function scopeNodes(ctx: RuleContext, node: string, scope: Scope | undefined, kind: NodeKind | undefined): string[] {
	const kindOf = new Map(ctx.nodes.map((n) => [n.id, n.kind]));
	let ids: string[];
	if (!scope || scope === 'self') ids = [node];
	else if (scope === 'callee') ids = ctx.edges.filter(([a]) => a === node).map(([, b]) => b);
	else if (scope === 'caller') ids = ctx.edges.filter(([, b]) => b === node).map(([a]) => a);
	else ids = [];
	return kind ? ids.filter((id) => kindOf.get(id) === kind) : ids;
}

function measureOf(s: MetricSnapshot, measure: 'value' | 'ratio' | 'z' | undefined): number {
	if (measure === 'ratio') return s.baseline !== undefined && s.baseline !== 0 ? s.current / s.baseline : NaN;
	if (measure === 'z') return s.z ?? NaN;
	return s.current;
}

function evaluateCondition(c: Condition, ctx: RuleContext, node: string): ConditionResult {
	const inner = evaluateInner(c, ctx, node);
	return c.negate ? { ...inner, fired: !inner.fired && inner.reason !== 'no-data' } : inner;
}

function evaluateInner(c: Condition, ctx: RuleContext, node: string): ConditionResult {
	switch (c.kind) {
		case 'metric': {
			let best: ConditionResult = { id: c.id, fired: false, reason: 'no-data' };
			const sources: { id: string; snap: MetricSnapshot | undefined }[] = [];
			if (c.scope === 'host') {
				const host = ctx.nodes.find((n) => n.id === node)?.host;
				if (host) sources.push({ id: host, snap: ctx.hostMetrics?.[host]?.[c.metric] });
			} else for (const id of scopeNodes(ctx, node, c.scope, c.nodeKind)) sources.push({ id, snap: ctx.metrics[id]?.[c.metric] });
			for (const { id, snap } of sources) {
				if (!snap) continue;
				const v = measureOf(snap, c.measure);
				if (!Number.isFinite(v)) continue;
				const fired = compare(v, c.op, c.threshold);
				if (fired) return { id: c.id, fired, node: id, observed: v };
				best = { id: c.id, fired: false, node: id, observed: v, reason: 'below-threshold' };
			}
			return best;
		}
		case 'event': {
			const targets = c.scope === 'host' ? [] : scopeNodes(ctx, node, c.scope, c.nodeKind);
			const hit = ctx.events
				.filter((e) => e.name === c.event && targets.includes(e.node) && e.timeMs <= ctx.nowMs && ctx.nowMs - e.timeMs <= c.withinMs)
				.sort((a, b) => b.timeMs - a.timeMs)[0];
			return hit ? { id: c.id, fired: true, node: hit.node, observed: ctx.nowMs - hit.timeMs } : { id: c.id, fired: false, reason: 'no-event' };
		}
		case 'relation': {
			const found = scopeNodes(ctx, node, c.relation === 'calls' ? 'callee' : 'caller', c.nodeKind);
			return found.length ? { id: c.id, fired: true, node: found[0] } : { id: c.id, fired: false, reason: 'no-such-relation' };
		}
		case 'group': {
			const children = c.conditions.map((x) => evaluateCondition(x, ctx, node));
			const fired = c.match === 'all' ? children.length > 0 && children.every((x) => x.fired) : children.some((x) => x.fired);
			return { id: c.id, fired, children };
		}
	}
}

export function evaluateRule(rule: RuleDocument, ctx: RuleContext, node: string): RuleResult {
	const conditions = rule.conditions.map((c) => evaluateCondition(c, ctx, node));
	const fired = rule.enabled !== false && (rule.match === 'all' ? conditions.length > 0 && conditions.every((x) => x.fired) : conditions.some((x) => x.fired));
	return { ruleId: rule.id, name: rule.name, node, fired, severity: rule.severity, cause: rule.cause, action: rule.action, messageKey: rule.messageKey, conditions };
}

/** Every enabled rule for every given node; fired results first (critical before warning before info). */
export function evaluateRules(rules: readonly RuleDocument[], ctx: RuleContext, nodes: readonly string[]): RuleResult[] {
	const rank = { critical: 0, warning: 1, info: 2 } as const;
	const out: RuleResult[] = [];
	for (const rule of rules) if (rule.enabled !== false) for (const node of nodes) out.push(evaluateRule(rule, ctx, node));
	return out.sort((a, b) => Number(b.fired) - Number(a.fired) || rank[a.severity] - rank[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.node.localeCompare(b.node));
}

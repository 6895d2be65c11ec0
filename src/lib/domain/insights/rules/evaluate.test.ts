import { describe, expect, it } from 'vitest';
import { evaluateRule, evaluateRules } from './evaluate';
import { builtinRules } from './library';
import type { RuleContext, RuleDocument } from './types';
import { parseRule } from './validate';

const MIN = 60_000;

function context(overrides: Partial<RuleContext> = {}): RuleContext {
	return {
		nowMs: 100 * MIN,
		nodes: [
			{ id: 'transfer', kind: 'service', host: 'node-1' },
			{ id: 'core-db', kind: 'database' },
			{ id: 'kftc', kind: 'external' }
		],
		edges: [
			['transfer', 'core-db'],
			['transfer', 'kftc']
		],
		metrics: {
			transfer: { 'latency.p95Ms': { current: 900, baseline: 120, z: 8 }, 'requests.rate': { current: 50, baseline: 48 } },
			'core-db': { 'db.latency.p95Ms': { current: 400, baseline: 40 } }
		},
		events: [],
		...overrides
	};
}

const rule = (id: string) => builtinRules.find((r) => r.id === id)!;

describe('rule engine', () => {
	it('fires slow SQL and says which conditions fired with what was observed', () => {
		const r = evaluateRule(rule('builtin.slow-sql'), context(), 'transfer');
		expect(r.fired).toBe(true);
		const db = r.conditions.find((c) => c.id === 'db-latency-up')!;
		expect(db).toMatchObject({ fired: true, node: 'core-db', observed: 10 });
	});

	it('does not fire when one required condition is missing, and names it', () => {
		const ctx = context({ metrics: { transfer: { 'latency.p95Ms': { current: 900, baseline: 120, z: 8 } }, 'core-db': { 'db.latency.p95Ms': { current: 45, baseline: 40 } } } });
		const r = evaluateRule(rule('builtin.slow-sql'), ctx, 'transfer');
		expect(r.fired).toBe(false);
		expect(r.conditions.find((c) => c.id === 'db-latency-up')).toMatchObject({ fired: false, reason: 'below-threshold' });
	});

	it('fires bad deployment only for a recent deployment event', () => {
		const recent = context({ events: [{ node: 'transfer', name: 'deployment', timeMs: 90 * MIN }] });
		const old = context({ events: [{ node: 'transfer', name: 'deployment', timeMs: 10 * MIN }] });
		expect(evaluateRule(rule('builtin.bad-deployment'), recent, 'transfer').fired).toBe(true);
		expect(evaluateRule(rule('builtin.bad-deployment'), old, 'transfer').fired).toBe(false);
	});

	it('fires the external dependency rule through an open circuit breaker event (any-group)', () => {
		const ctx = context({ events: [{ node: 'transfer', name: 'circuit.open', timeMs: 95 * MIN }] });
		const r = evaluateRule(rule('builtin.external-timeout'), ctx, 'transfer');
		expect(r.fired).toBe(true);
		const group = r.conditions.find((c) => c.id === 'external-failing')!;
		expect(group.children?.find((c) => c.id === 'circuit-open')?.fired).toBe(true);
	});

	it('reads host metrics for the noisy-neighbour rule', () => {
		const ctx = context({ hostMetrics: { 'node-1': { 'host.cpu.usage': { current: 0.97 } } } });
		expect(evaluateRule(rule('builtin.noisy-neighbour'), ctx, 'transfer').fired).toBe(true);
		expect(evaluateRule(rule('builtin.noisy-neighbour'), context(), 'transfer').fired).toBe(false);
	});

	it('supports negated conditions and disabled rules; fired results sort first', () => {
		const custom: RuleDocument = {
			id: 'custom.no-scale-out',
			name: 'No scale-out',
			match: 'all',
			severity: 'info',
			conditions: [{ kind: 'event', id: 'scaled', event: 'scale-out', withinMs: 10 * MIN, negate: true }],
			cause: 'No scale-out happened',
			action: 'Check the autoscaler'
		};
		const results = evaluateRules([custom, { ...custom, id: 'custom.off', enabled: false }, rule('builtin.gc-pressure')], context(), ['transfer']);
		expect(results.map((r) => r.ruleId)).toEqual(['custom.no-scale-out', 'builtin.gc-pressure']);
		expect(results[0].fired).toBe(true);
	});

	it('every built-in rule is a valid rule document', () => {
		for (const r of builtinRules) expect(parseRule(JSON.parse(JSON.stringify(r)))).toMatchObject({ ok: true });
		expect(new Set(builtinRules.map((r) => r.id)).size).toBe(7);
	});
});

describe('parseRule', () => {
	it('says exactly what is wrong with a bad document', () => {
		expect(parseRule(null)).toEqual({ ok: false, error: 'A rule must be a JSON object' });
		const base = { id: 'x', name: 'x', cause: 'c', action: 'a', match: 'all', severity: 'info' };
		expect(parseRule({ ...base, conditions: [] })).toMatchObject({ ok: false, error: 'rule.conditions must be a non-empty list' });
		expect(parseRule({ ...base, conditions: [{ kind: 'metric', id: 'm', metric: 'cpu.usage', op: '=>', threshold: 1 }] })).toMatchObject({ ok: false, error: 'rule.conditions[0].op must be one of >, >=, <, <=' });
		let deep: unknown = { kind: 'metric', id: 'm', metric: 'x', op: '>', threshold: 1 };
		for (let i = 0; i < 20; i++) deep = { kind: 'group', id: `g${i}`, match: 'all', conditions: [deep] };
		expect(parseRule({ ...base, conditions: [deep] }).ok).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import { demoStore } from './demo-store.test-support';
import { MemoryInsightHistoryStore } from '../src/lib/io/insights/memory-history-store';
import { ruleToPatch } from '../src/lib/domain/insights/live/rule-docs';
import type { RuleDocument } from '../src/lib/domain/insights/rules/types';
import { HostRuntime, type InsightsMessage } from './insight-runtime';

describe('insights host runtime', () => {
	it('publishes snapshots with user rules evaluated beside the built-ins, and reports a model that cannot load', async () => {
		const startMs = Date.UTC(2026, 10, 4, 3, 0);
		const incidentMs = startMs + 300_000;
		const demo = await demoStore({ startMs, seconds: 420, stepMs: 1_000, speed: 1, load: 0.5, incidents: [{ kind: 'slow-sql', startMs: incidentMs, durationMs: 600_000 }] });
		const userRule: RuleDocument = {
			id: 'analysis-rule-transfer',
			name: 'Transfers slow',
			match: 'all',
			severity: 'warning',
			conditions: [{ kind: 'metric', id: 'slow', metric: 'latency.p95Ms', op: '>=', threshold: 500 }],
			cause: 'Transfers answer slowly.',
			action: 'Look at the transfer service.'
		};
		const messages: InsightsMessage[] = [];
		const runtime = new HostRuntime({
			openSource: () => Object.assign(demo.store, { close() {} }),
			openHistory: () => new MemoryInsightHistoryStore(),
			ruleDocs: async () => [
				{ id: userRule.id, body: ruleToPatch(userRule) },
				{ id: 'analysis-rule-broken', body: { name: 'no conditions' } }
			],
			channel: () => ({ postMessage: (m) => messages.push(m), close() {} }),
			locks: () => undefined,
			loadModel: async () => {
				throw new Error('no model here');
			}
		});
		runtime.start({ dbName: 'x', model: { name: 'none', localModelPath: '/nowhere/' }, utcOffsetMinutes: 540, clockOffsetMs: demo.endMs + 20_000 - Date.now() }, 20);
		// the first cycles replay two hours of (mostly empty) windows, at most one hour per cycle
		await expect.poll(() => messages.some((m) => m.snapshot.status.phase === 'running'), { timeout: 60_000 }).toBe(true);
		await runtime.stop();
		expect(messages[0].snapshot.status.phase).toBe('warming');
		const snapshot = messages.find((m) => m.snapshot.status.phase === 'running')!.snapshot;
		const incident = snapshot.incidents.find((i) => i.startMs >= incidentMs - 10_000)!;
		const fired = incident.analysis!.rules.filter((r) => r.fired).map((r) => `${r.ruleId}:${r.node}`);
		expect(fired).toEqual(expect.arrayContaining(['builtin.slow-sql:transfer', 'analysis-rule-transfer:transfer']));
		// forecasts wait for an hour of history; the model's state is only asked for then
		expect(snapshot.forecasts.every((f) => f.outcomes.every((o) => o.status === 'needs-history'))).toBe(true);
		expect(['failed', 'off']).toContain(snapshot.status.model.state);
	}, 120_000);
});

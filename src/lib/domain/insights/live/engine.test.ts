import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats';
import { builtinRules } from '../rules/library';
import { analyseIncident } from './analysis';
import { predictBreaches } from './breaches';
import { InsightEngine } from './engine';
import { nodeRef, rollupRef, type Observation } from './series-ref';

const STEP = 10_000;
const t0 = Date.UTC(2026, 10, 4, 3, 0);
const rand = seededRandom(3);
const noise = (amp: number) => (rand() * 2 - 1) * amp;

/** gateway -> transfer -> deposits database; transfer's database calls slow down 300x at `incidentMs`. */
function windowAt(t: number, incidentMs: number): Observation[] {
	const slow = t >= incidentMs;
	const obs = (ref: ReturnType<typeof rollupRef>, value: number): Observation => ({ ref: ref!, timeMs: t, value });
	return [
		obs(rollupRef('latency.p95Ms', 'svc|gateway'), (slow ? 900 : 70) + noise(10)),
		obs(rollupRef('requests.rate', 'svc|gateway'), 40 + noise(3)),
		obs(rollupRef('errors.rate', 'svc|gateway'), 0),
		obs(rollupRef('latency.p95Ms', 'svc|transfer'), (slow ? 1400 : 45) + noise(2)),
		obs(rollupRef('requests.rate', 'svc|transfer'), 5 + noise(0.5)),
		obs(rollupRef('dependency.latency.p95Ms', 'svc|transfer'), (slow ? 900 : 3) + noise(0.3)),
		obs(rollupRef('latency.p95Ms', 'svc|accounts'), 4 + noise(0.4)),
		{ ref: nodeRef('db.latency.p95Ms', 'database', 'db:mysql/deposits'), timeMs: t, value: (slow ? 800 : 2.6) + noise(0.2) }
	];
}

const graph = {
	nodes: [
		{ id: 'gateway', kind: 'service' as const },
		{ id: 'transfer', kind: 'service' as const },
		{ id: 'accounts', kind: 'service' as const },
		{ id: 'db:mysql/deposits', kind: 'database' as const }
	],
	edges: [
		['gateway', 'transfer'],
		['gateway', 'accounts'],
		['transfer', 'db:mysql/deposits']
	] as [string, string][]
};

describe('insight engine on a slow-SQL incident', () => {
	it('opens one incident with anomalies, ranks the culprit, fires the slow-SQL rule, then closes after the quiet time', () => {
		const engine = new InsightEngine({ stepMs: STEP, utcOffsetMinutes: 540, baseline: { alpha: 0.02 } });
		const incidentMs = t0 + 20 * 60_000;
		const endMs = incidentMs + 5 * 60_000;
		const opened: string[] = [];
		let incidentOpened = 0;
		let analysis: ReturnType<typeof analyseIncident> | undefined;
		for (let t = t0; t < endMs; t += STEP) {
			const u = engine.observe(windowAt(t, incidentMs));
			opened.push(...u.opened.map((a) => a.seriesId));
			if (u.incidentOpened) incidentOpened++;
			engine.tick(t);
		}
		// nothing before the incident, then the slow series open within a few windows
		expect(engine.openAnomalies().every((a) => a.startMs >= incidentMs)).toBe(true);
		expect(opened).toEqual(expect.arrayContaining(['latency.p95Ms@svc|transfer', 'db.latency.p95Ms@db:mysql/deposits', 'latency.p95Ms@svc|gateway']));
		expect(opened).not.toContain('latency.p95Ms@svc|accounts');
		expect(incidentOpened).toBe(1);
		const incident = engine.incidents.open!;
		expect(incident.startMs).toBeLessThanOrEqual(incidentMs + 2 * STEP);
		expect(incident.severity).toBe('critical');

		analysis = analyseIncident({ incident, series: engine.series, graph, events: [], rules: builtinRules, nowMs: endMs - STEP, stepMs: STEP });
		expect(analysis.causes[0].node).toBe('transfer');
		const slowSql = analysis.rules.find((r) => r.ruleId === 'builtin.slow-sql' && r.node === 'transfer');
		expect(slowSql?.fired).toBe(true);
		expect(slowSql?.conditions.find((c) => c.id === 'db-latency-up')).toMatchObject({ fired: true, node: 'db:mysql/deposits' });
		// the database series leads the causal evidence with a change aligned to the symptom's
		expect(analysis.causal.length).toBeGreaterThan(0);
		expect(analysis.causal.find((c) => c.seriesId === 'db.latency.p95Ms@db:mysql/deposits')?.aligned).toBe(true);

		// recovery: anomalies close, the incident closes after two quiet minutes, with its end at the last anomalous point
		let closed: typeof incident | undefined;
		for (let t = endMs; t < endMs + 10 * 60_000 && !closed; t += STEP) {
			engine.observe(windowAt(t, Infinity));
			closed = engine.tick(t).incidentClosed;
		}
		expect(closed?.id).toBe(incident.id);
		expect(closed!.endMs).toBeLessThan(endMs + STEP);
		expect(engine.openAnomalies()).toEqual([]);
	});

	it('refuses series past its bound and forgets idle ones', () => {
		const engine = new InsightEngine({ stepMs: STEP, maxSeries: 2, idleMs: 60_000 });
		const ref = (s: string) => rollupRef('requests.rate', `svc|${s}`)!;
		engine.observe(['a', 'b', 'c'].map((s) => ({ ref: ref(s), timeMs: t0, value: 1 })));
		expect([...engine.series.keys()]).toEqual(['requests.rate@svc|a', 'requests.rate@svc|b']);
		expect(engine.refusedSeries).toBe(1);
		engine.observe([{ ref: ref('a'), timeMs: t0 + 120_000, value: 1 }]);
		engine.tick(t0 + 121_000);
		expect([...engine.series.keys()]).toEqual(['requests.rate@svc|a']);
	});
});

describe('breach prediction over watched series', () => {
	it('says when a leaking heap will reach its limit, and stays quiet for a flat one', () => {
		const engine = new InsightEngine({ stepMs: STEP });
		const leak = rollupRef('runtime.heap.usage', 'inst|accounts|pod-1')!;
		const flat = rollupRef('runtime.heap.usage', 'inst|accounts|pod-2')!;
		// 0.5 -> +0.01 per minute: reaches 1.0 fifty minutes after t0
		let last = t0;
		for (let t = t0; t <= t0 + 20 * 60_000; t += STEP) {
			engine.observe([
				{ ref: leak, timeMs: t, value: 0.5 + ((t - t0) / 60_000) * 0.01 + noise(0.002) },
				{ ref: flat, timeMs: t, value: 0.4 + noise(0.002) }
			]);
			last = t;
		}
		const breaches = predictBreaches(engine.series.values(), { nowMs: last });
		expect(breaches.map((b) => b.seriesId)).toEqual(['runtime.heap.usage@inst|accounts|pod-1']);
		expect(breaches[0].inMinutes).toBeGreaterThanOrEqual(28);
		expect(breaches[0].inMinutes).toBeLessThanOrEqual(32);
		expect(breaches[0].lowMinutes).toBeLessThan(30);
		expect(breaches[0].highMinutes).toBeGreaterThan(30);
		expect(breaches[0].probability).toBeGreaterThan(0.9);
	});
});

// after the tests above: it draws from the same noise
describe('insight engine on a first day', () => {
	// t0 starts a quarter hour: on a first day each quarter hour is a new baseline slot
	it.each([
		['seven minutes before a quarter hour, the incident 20 s into it', 7 * 60_000, 20_000],
		['four and a half minutes before it and two into it', 270_000, 120_000]
	])('sees an incident with %s', (_, learnMs, afterMs) => {
		const engine = new InsightEngine({ stepMs: STEP, utcOffsetMinutes: 540, baseline: { alpha: 0.02 } });
		const incidentMs = t0 + afterMs;
		const opened: { id: string; t: number }[] = [];
		for (let t = t0 - learnMs; t < incidentMs + 6 * STEP; t += STEP) {
			opened.push(...engine.observe(windowAt(t, incidentMs)).opened.map((a) => ({ id: a.seriesId, t })));
			engine.tick(t);
		}
		expect(opened.every((o) => o.t >= incidentMs)).toBe(true);
		expect(opened.find((o) => o.id === 'latency.p95Ms@svc|transfer')?.t).toBeLessThanOrEqual(incidentMs + 2 * STEP);
		expect(engine.incidents.open?.startMs).toBeLessThanOrEqual(incidentMs + 2 * STEP);
	});
});

import { beforeAll, describe, expect, it } from 'vitest';
import { SpanKind } from '../protocol/records';
import { collect, type FlatLog, type FlatPoint, type FlatSpan } from './flatten';
import type { DemoBank, IncidentTruth } from './index';
import { createDemoBank, DEFAULT_SERVICE, INCIDENT_KINDS } from './index';

const START = Date.UTC(2026, 10, 4, 2, 0); // Wednesday 11:00 KST

function p95(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))];
}

function between(spans: FlatSpan[], fromMs: number, toMs: number): FlatSpan[] {
	return spans.filter((s) => s.startMs >= fromMs && s.startMs < toMs);
}

describe('slow SQL incident', () => {
	const at = START + 20_000;
	let bank: DemoBank;
	let points: FlatPoint[];
	let logs: FlatLog[];
	let limitSelects: FlatSpan[];
	beforeAll(() => {
		bank = createDemoBank({ seed: 31, startMs: START, speed: 60, load: 0.8, incidents: [{ kind: 'slow-sql', startMs: at, durationMs: 12_000 }] });
		let spans: FlatSpan[];
		({ spans, points, logs } = collect(bank, START, START + 50_000, 1_000));
		limitSelects = spans.filter((s) => s.kind === SpanKind.Client && /^SELECT daily_limit_krw/.test(String(s.attrs['db.query.text'])));
	});

	it('raises the statement p95 many times over during its window only', () => {
		const before = between(limitSelects, START, at).map((s) => s.durationMs);
		const during = between(limitSelects, at + 1_000, at + 12_000).map((s) => s.durationMs);
		const after = between(limitSelects, at + 15_000, START + 45_000).map((s) => s.durationMs);
		expect(before.length).toBeGreaterThan(20);
		expect(during.length).toBeGreaterThan(20);
		expect(p95(during)).toBeGreaterThan(20 * p95(before));
		expect(p95(after)).toBeLessThan(3 * p95(before));
		// The slow span sits in the transfer service's trace.
		expect(limitSelects.every((s) => s.service === 'transfer' && s.attrs['db.namespace'] === 'deposits')).toBe(true);
	});

	it('shows in the database telemetry: digest time, rows examined without an index, slow statements, lock waits', () => {
		const digest = (p: FlatPoint) => String(p.attrs['db.query.summary']) === 'SELECT transfer_limit';
		const duration = points.filter((p) => p.name === 'db.server.statement.duration' && digest(p));
		const calls = points.filter((p) => p.name === 'db.server.statement.calls' && digest(p));
		const meanAt = (from: number, to: number) => {
			const d = duration.filter((p) => p.timeMs > from && p.timeMs <= to).reduce((n, p) => n + p.value!, 0);
			const c = calls.filter((p) => p.timeMs > from && p.timeMs <= to).reduce((n, p) => n + p.value!, 0);
			return d / c;
		};
		expect(meanAt(at + 2_000, at + 12_000)).toBeGreaterThan(50 * meanAt(START, at));
		const noIndex = points.filter((p) => p.name === 'db.server.statement.no_index' && digest(p) && p.value! > 0);
		expect(noIndex.length).toBeGreaterThan(0);
		expect(noIndex.every((p) => p.timeMs > at && p.timeMs <= at + 12_000 + 1_000)).toBe(true);
		const slow = logs.filter((l) => l.eventName === 'db.server.slow_statement');
		expect(slow.length).toBeGreaterThan(0);
		// Slow statements start inside the window; the last ones end a few seconds after it.
		expect(slow.every((l) => l.timeMs >= at && l.timeMs <= at + 12_000 + 5_000 && l.attrs['db.query.summary'] === 'SELECT transfer_limit')).toBe(true);
		expect(logs.some((l) => l.eventName === 'db.server.blocking' && l.timeMs > at)).toBe(true);
		expect(logs.some((l) => l.eventName === 'db.server.blocking' && l.timeMs < at)).toBe(false);
	});

	it('reports ground truth naming the transfer service and the deposits database', () => {
		const [truth] = bank.incidents();
		expect(truth).toMatchObject({ kind: 'slow-sql', rootCauseService: 'transfer', startMs: at, endMs: at + 12_000, ended: true, dbNamespace: 'deposits' });
		expect(truth.affectedServices).toEqual(expect.arrayContaining(['transfer', 'api-gateway']));
	});
});

describe('circuit breaker incident', () => {
	const at = START + 10_000;
	let bank: DemoBank;
	let logs: FlatLog[];
	let bureau: FlatSpan[];
	let scoring: FlatSpan[];
	beforeAll(() => {
		bank = createDemoBank({ seed: 32, startMs: START, speed: 20, load: 1, incidents: [{ kind: 'circuit-breaker', startMs: at, durationMs: 30_000 }] });
		let spans: FlatSpan[];
		({ spans, logs } = collect(bank, START, START + 70_000, 1_000));
		bureau = spans.filter((s) => s.attrs['peer.service'] === 'credit-bureau');
		scoring = spans.filter((s) => s.service === 'credit-scoring' && s.kind === SpanKind.Server && s.name === 'POST /scores');
	});

	it('times out bureau calls, then fails fast with the breaker open, during its window only', () => {
		const timeouts = bureau.filter((s) => s.attrs['error.type'] === 'java.net.http.HttpTimeoutException');
		expect(timeouts.length).toBeGreaterThanOrEqual(5);
		expect(timeouts.every((s) => s.startMs >= at && s.startMs < at + 30_000)).toBe(true);
		const rejected = scoring.filter((s) => s.attrs['circuit_breaker.state'] === 'open' && s.events.some((e) => e.name === 'circuit_breaker.rejected'));
		expect(rejected.length).toBeGreaterThan(0);
		// A timeout that began just before the end opens the breaker 3 s later, and it stays open
		// 30 scenario s (1.5 s at 20×): rejections end by window end + 4.5 s.
		expect(rejected.every((s) => s.startMs >= at && s.startMs < at + 30_000 + 4_500)).toBe(true);
		expect(Math.max(...rejected.map((s) => s.durationMs))).toBeLessThan(100);
		expect(between(bureau, START, at).every((s) => s.status !== 2)).toBe(true);
		expect(logs.some((l) => /changed state from CLOSED to OPEN/.test(String(l.body)) && l.service === 'credit-scoring')).toBe(true);
	});

	it('names credit-scoring as the root cause and the bureau host as the component', () => {
		const [truth] = bank.incidents();
		expect(truth.rootCauseService).toBe('credit-scoring');
		expect(truth.rootCause).toEqual({ kind: 'external', name: 'api.kcb-credit.example.co.kr' });
		expect(truth.affectedServices).toContain('loan-application');
	});
});

describe('memory leak incident', () => {
	const at = START + 5_000;
	let points: FlatPoint[];
	let logs: FlatLog[];
	let spans: FlatSpan[];
	let truth: IncidentTruth;
	beforeAll(() => {
		const bank = createDemoBank({ seed: 33, startMs: START, speed: 60, load: 0.6, incidents: [{ kind: 'memory-leak', startMs: at, durationMs: 20_000 }] });
		({ points, logs, spans } = collect(bank, START, START + 40_000, 1_000));
		truth = bank.incidents()[0];
	});

	it('grows the leaking pod heap to its limit, then an OOMKilled event and a restart with a new instance id', () => {
		expect(truth.kind).toBe('memory-leak');
		expect(truth.rootCauseService).toBe('accounts');
		expect(truth.instanceIds).toHaveLength(2);
		const [leaky, replacement] = truth.instanceIds!;
		const old = (p: FlatPoint) => p.attrs['jvm.memory.pool.name'] === 'G1 Old Gen';
		const used = points.filter((p) => p.instance === leaky && p.name === 'jvm.memory.used' && old(p));
		const limit = points.find((p) => p.instance === leaky && p.name === 'jvm.memory.limit' && old(p))!.value!;
		const early = used.filter((p) => p.timeMs < at + 2_000).map((p) => p.value!);
		expect(Math.max(...early)).toBeLessThan(0.6 * limit);
		expect(Math.max(...used.map((p) => p.value!))).toBeGreaterThanOrEqual(limit);
		const oom = logs.find((l) => l.eventName === 'k8s.event' && l.attrs['k8s.event.reason'] === 'OOMKilled');
		expect(oom).toBeDefined();
		expect(oom!.attrs['k8s.pod.name']).toBe(truth.podName);
		const crossed = used.find((p) => p.value! >= limit)!;
		expect(oom!.timeMs).toBeGreaterThanOrEqual(crossed.timeMs);
		// Same pod, new process: spans and metrics come from a new service.instance.id.
		expect(points.some((p) => p.instance === replacement && p.resource['k8s.pod.name'] === truth.podName)).toBe(true);
		expect(points.some((p) => p.instance === leaky && p.timeMs > oom!.timeMs + 1)).toBe(false);
		expect(truth.ended).toBe(true);
		expect(truth.endMs).toBeGreaterThan(oom!.timeMs);
	});

	it('raises GC time and the leaking pod latency before the restart', () => {
		const [leaky] = truth.instanceIds!;
		// Seconds spent in GC per second (cumulative histogram sums, summed over collectors).
		const gcSum = (t: number) => points.filter((p) => p.instance === leaky && p.name === 'jvm.gc.duration' && p.timeMs === t).reduce((n, p) => n + p.sum!, 0);
		const times = [...new Set(points.filter((p) => p.instance === leaky && p.name === 'jvm.gc.duration').map((p) => p.timeMs))].sort((a, b) => a - b);
		const gcRate = (from: number, to: number) => {
			const ts = times.filter((t) => t >= from && t <= to);
			return (gcSum(ts[ts.length - 1]) - gcSum(ts[0])) / ((ts[ts.length - 1] - ts[0]) / 1000);
		};
		expect(gcRate(at + 12_000, at + 19_500)).toBeGreaterThan(10 * gcRate(START, at + 5_000));
		const server = spans.filter((s) => s.instance === leaky && s.kind === SpanKind.Server);
		const before = server.filter((s) => s.startMs < at + 5_000).map((s) => s.durationMs);
		const late = server.filter((s) => s.startMs > at + 14_000).map((s) => s.durationMs);
		expect(late.length).toBeGreaterThanOrEqual(10);
		expect(p95(late)).toBeGreaterThan(1.8 * p95(before));
	});
});

describe('traffic surge incident', () => {
	const at = START + 20_000;
	let spans: FlatSpan[];
	let logs: FlatLog[];
	let mobileRoots: FlatSpan[];
	beforeAll(() => {
		const bank = createDemoBank({ seed: 34, startMs: START, speed: 10, load: 0.3, incidents: [{ kind: 'traffic-surge', startMs: at, durationMs: 90_000 }] });
		({ spans, logs } = collect(bank, START, START + 70_000, 1_000));
		mobileRoots = spans.filter((s) => s.parentSpanId === '' && s.attrs['biz.channel'] === 'mobile');
	});

	it('multiplies mobile traffic and scales out with new instances', () => {
		const rate = (from: number, to: number) => between(mobileRoots, from, to).length / ((to - from) / 1000);
		expect(rate(at + 20_000, at + 45_000)).toBeGreaterThan(2.2 * rate(START, at));
		const instances = (from: number, to: number) => new Set(between(spans, from, to).filter((s) => s.service === 'mobile-banking').map((s) => s.instance));
		const before = instances(START, at);
		const later = instances(at + 35_000, at + 45_000);
		expect(later.size).toBeGreaterThan(before.size);
		expect([...later].some((id) => !before.has(id))).toBe(true);
		const rescale = logs.filter((l) => l.attrs['k8s.event.reason'] === 'SuccessfulRescale' && l.attrs['service.name'] === 'mobile-banking');
		expect(rescale.length).toBeGreaterThan(0);
		expect(rescale.every((l) => l.timeMs >= at)).toBe(true);
	});

	it('raises gateway latency while new pods start', () => {
		const gw = spans.filter((s) => s.service === 'api-gateway' && s.parentSpanId === '' && s.attrs['biz.channel'] === 'mobile');
		const before = between(gw, START, at).map((s) => s.durationMs);
		const worst = Math.max(...[0, 2, 4, 6, 8, 10, 12].map((k) => p95(between(gw, at + k * 1000, at + (k + 3) * 1000).map((s) => s.durationMs))));
		expect(worst).toBeGreaterThan(1.5 * p95(before));
	});
});

describe('bad deployment incident', () => {
	const at = START + 15_000;
	const errorRate = (list: FlatSpan[]) => list.filter((s) => s.status === 2).length / Math.max(1, list.length);
	let logs: FlatLog[];
	let catalogue: FlatSpan[];
	let truth: IncidentTruth;
	beforeAll(() => {
		const bank = createDemoBank({ seed: 35, startMs: START, speed: 20, load: 0.8, incidents: [{ kind: 'bad-deployment', startMs: at, durationMs: 30_000 }] });
		let spans: FlatSpan[];
		({ spans, logs } = collect(bank, START, START + 80_000, 1_000));
		catalogue = spans.filter((s) => s.service === 'product-catalogue' && s.kind === SpanKind.Server);
		truth = bank.incidents()[0];
	});

	it('serves errors from pods with the new version, announced by a deployment event', () => {
		expect(truth).toMatchObject({ kind: 'bad-deployment', rootCauseService: 'product-catalogue', previousVersion: '2.4.0', version: '2.4.1', ended: true });
		const newVersion = catalogue.filter((s) => s.resource['service.version'] === '2.4.1');
		expect(newVersion.length).toBeGreaterThan(30);
		expect(errorRate(newVersion)).toBeGreaterThan(0.1);
		expect(errorRate(between(catalogue, START, at))).toBeLessThan(0.05);
		expect(errorRate(between(catalogue, truth.endMs + 1_000, START + 80_000))).toBeLessThan(0.05);
		const rollout = logs.filter((l) => l.attrs['k8s.event.reason'] === 'DeploymentRollout' && l.attrs['service.name'] === 'product-catalogue');
		expect(rollout.length).toBe(2);
		expect(rollout[0].timeMs).toBe(at);
		expect(logs.some((l) => l.attrs['k8s.event.reason'] === 'BackOff' && l.attrs['k8s.container.status.reason'] === 'CrashLoopBackOff' && l.attrs['service.name'] === 'product-catalogue')).toBe(true);
	});
});

describe('scripted schedule', () => {
	it('cycles through every kind every 20-40 scenario minutes without overlap, with ground truth ahead of time', () => {
		const bank = createDemoBank({ seed: 36, startMs: START, speed: 60 });
		const planned = bank.incidents(START + 6 * 3_600_000 / 60);
		expect(planned.length).toBeGreaterThanOrEqual(8);
		expect(planned.slice(0, 5).map((t) => t.kind)).toEqual([...INCIDENT_KINDS]);
		for (let i = 1; i < planned.length; i++) {
			const gapScenarioMin = ((planned[i].startMs - planned[i - 1].startMs) * 60) / 60_000;
			expect(gapScenarioMin).toBeGreaterThanOrEqual(20);
			expect(gapScenarioMin).toBeLessThanOrEqual(42);
			expect(planned[i].startMs).toBeGreaterThan(planned[i - 1].endMs);
		}
		for (const t of planned) expect(t.rootCauseService).toBe(DEFAULT_SERVICE[t.kind]);
		expect(createDemoBank({ seed: 36, startMs: START, incidents: 'none' }).incidents(START + 86_400_000)).toEqual([]);
	});
});

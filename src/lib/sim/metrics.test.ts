import { beforeAll, describe, expect, it } from 'vitest';
import { SpanKind } from '../protocol/records';
import { collect, type FlatPoint, type FlatSpan } from './flatten';
import { createDemoBank } from './index';

const START = Date.UTC(2026, 10, 4, 3, 0);
let spans: FlatSpan[];
let points: FlatPoint[];

beforeAll(() => {
	const bank = createDemoBank({ seed: 61, startMs: START, load: 0.4, incidents: 'none' });
	({ spans, points } = collect(bank, START, START + 30_000, 1_000));
});

describe('instance metrics', () => {
	it('exports a cumulative http.server.request.duration histogram that counts the SERVER spans', () => {
		const last = Math.max(...points.map((p) => p.timeMs));
		const hist = points.filter((p) => p.name === 'http.server.request.duration' && p.timeMs === last);
		expect(hist.length).toBeGreaterThan(20);
		for (const h of hist) {
			expect(h.unit).toBe('s');
			expect(h.temporality).toBe(2);
			expect(h.bucketCounts!.reduce((a, b) => a + b, 0)).toBe(h.count);
		}
		// Processes started before the simulation, so count spans ending by `last` per instance and route.
		const key = (inst: string, route: unknown, status: unknown) => `${inst} ${route} ${status}`;
		const counted = new Map<string, number>();
		for (const s of spans) {
			if (s.kind !== SpanKind.Server || s.endMs > last) continue;
			const k = key(s.instance, s.attrs['http.route'], s.attrs['http.response.status_code']);
			counted.set(k, (counted.get(k) ?? 0) + 1);
		}
		for (const h of hist) expect(h.count).toBe(counted.get(key(h.instance, h.attrs['http.route'], h.attrs['http.response.status_code'])) ?? 0);
	});

	it('reports CPU, heap against its limit, GC, threads and connection pools per instance', () => {
		const names = (svc: string) => new Set(points.filter((p) => p.service === svc).map((p) => `${p.name} ${p.unit}`));
		expect(names('transfer')).toEqual(
			new Set([
				'process.cpu.utilization 1',
				'jvm.memory.used By',
				'jvm.memory.limit By',
				'jvm.thread.count {thread}',
				'jvm.gc.duration s',
				'http.server.request.duration s',
				'db.client.connection.count {connection}',
				'db.client.connection.max {connection}',
				'db.client.connection.pending_requests {request}'
			])
		);
		expect(names('mobile-banking')).toEqual(
			new Set(['process.cpu.utilization 1', 'v8js.memory.heap.used By', 'v8js.memory.heap.limit By', 'v8js.gc.duration s', 'http.server.request.duration s'])
		);
		for (const p of points.filter((p) => p.name === 'process.cpu.utilization')) {
			expect(p.value).toBeGreaterThan(0);
			expect(p.value).toBeLessThanOrEqual(1);
		}
		const limits = new Map(points.filter((p) => p.name === 'jvm.memory.limit').map((p) => [`${p.instance} ${p.attrs['jvm.memory.pool.name']}`, p.value!]));
		for (const p of points.filter((p) => p.name === 'jvm.memory.used' && p.attrs['jvm.memory.type'] === 'heap')) {
			expect(p.value).toBeLessThanOrEqual(limits.get(`${p.instance} ${p.attrs['jvm.memory.pool.name']}`)!);
			expect(p.monotonic).toBe(false);
		}
		const pool = points.filter((p) => p.name === 'db.client.connection.count' && p.service === 'transfer');
		expect(new Set(pool.map((p) => p.attrs['db.client.connection.state']))).toEqual(new Set(['used', 'idle']));
		expect(pool.every((p) => p.attrs['db.client.connection.pool.name'] === 'hikari-deposits')).toBe(true);
		const max = points.find((p) => p.name === 'db.client.connection.max' && p.service === 'transfer')!.value;
		const byTime = new Map<string, number>();
		for (const p of pool) byTime.set(`${p.instance} ${p.timeMs}`, (byTime.get(`${p.instance} ${p.timeMs}`) ?? 0) + p.value!);
		for (const total of byTime.values()) expect(total).toBe(max);
	});

	it('exports every 10 s at real-time speed, one request per instance and export', () => {
		const times = new Set(points.filter((p) => p.name === 'process.cpu.utilization').map((p) => p.timeMs - START));
		expect([...times].sort((a, b) => a - b)).toEqual([10_000, 20_000, 30_000]);
	});
});

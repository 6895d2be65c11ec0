import { beforeAll, describe, expect, it } from 'vitest';
import { sqlDigest } from '../src/lib/domain/db/digest';
import { DbMetric } from '../src/lib/domain/db/names';
import { sortTopSql } from '../src/lib/domain/db/top-sql';
import { createDbApi, type DbOverview, type DigestDetail } from './db-api';
import { demoStore, type DemoStore } from './demo-store.test-support';

const START = Date.UTC(2026, 10, 4, 3, 0);

describe('database worker api on the demo bank', () => {
	let demo: DemoStore;
	let statement: string;
	beforeAll(async () => {
		demo = await demoStore({ startMs: START, seconds: 40, stepMs: 1_000, speed: 60, incidents: [{ kind: 'slow-sql', startMs: START + 5_000, durationMs: 600_000 }] });
		statement = demo.bank.incidents().find((i) => i.kind === 'slow-sql')!.statement!;
	}, 60_000);

	const done = <T>(reply: { status: string }): T => {
		expect(reply.status).toBe('done');
		return reply as unknown as T;
	};

	it('lists the simulated databases, the incident statement at the top of top SQL, its slow executions and the status gauges', async () => {
		const api = createDbApi(() => demo.store);
		const overview = done<DbOverview>(await api.overview(1, 'demo', { fromMs: START, toMs: demo.endMs + 1, stepMs: 10_000 }));
		expect(overview.databases.map((d) => d.label).sort()).toEqual(['auth-postgresql', 'core-postgresql', 'deposits-mysql', 'lending-postgresql', 'products-mysql']);
		const digest = sqlDigest(statement);
		const top = sortTopSql(overview.topSql, 'totalMs', 'desc')[0];
		expect(top.digest).toBe(digest);
		expect(top.meanMs).toBeGreaterThan(100);
		expect(sortTopSql(overview.topSql, 'rowsExamined', 'desc')[0].digest).toBe(digest);
		expect(overview.events.slow.some((s) => s.digest === digest && s.durationMs > 1_000)).toBe(true);
		const queries = overview.gauges.series.filter((s) => s.name === DbMetric.queriesRate);
		expect(new Set(queries.map((s) => s.resourceId))).toEqual(new Set(overview.databases.map((d) => d.resourceId)));
		expect(queries.every((s) => s.values.some((v) => v !== null))).toBe(true);
		const deposits = overview.databases.find((d) => d.label === 'deposits-mysql')!;
		expect(queries.find((s) => s.resourceId === deposits.resourceId)!.latest).toBeGreaterThan(0);
		expect(overview.truncated).toEqual({ metrics: false, logs: false });
	});

	it('finds the spans that ran a digest, with their services and transactions', async () => {
		const api = createDbApi(() => demo.store);
		const overview = done<DbOverview>(await api.overview(1, 'demo', { fromMs: START, toMs: demo.endMs + 1, stepMs: 10_000 }));
		const row = overview.topSql.find((r) => r.digest === sqlDigest(statement))!;
		const detail = done<DigestDetail>(
			await api.digest(1, 'demo', { resourceId: row.resourceId, digest: row.digest, fromMs: START, toMs: demo.endMs + 1, stepMs: 5_000, spanFromMs: START })
		);
		expect(detail.spans.matched).toBeGreaterThan(0);
		expect(detail.spans.services.map((s) => s.name)).toEqual(['transfer']);
		expect(detail.spans.transactions.every((t) => t.name.startsWith('api-gateway: ') || t.name.startsWith('core-banking: '))).toBe(true);
		expect(detail.spans.unplaced).toBe(0);
		const traced = await Promise.all(detail.spans.recent.slice(0, 5).map((s) => demo.store.traceSpans(s.traceId)));
		for (const [i, spans] of traced.entries()) {
			const span = spans.find((s) => s.spanId === detail.spans.recent[i].spanId)!;
			expect(sqlDigest(String(span.attrs['db.query.text']))).toBe(row.digest);
		}
		const calls = detail.series.callsPerSec.filter((v): v is number => v !== null);
		expect(calls.reduce((a, b) => a + b, 0) * (detail.series.stepMs / 1000)).toBeCloseTo(row.calls, 6);
	});

	it('answers superseded to a fold overtaken by a newer request', async () => {
		const api = createDbApi(() => demo.store);
		const query = { fromMs: START, toMs: demo.endMs + 1, stepMs: 10_000 };
		const [first, second] = await Promise.all([api.overview(5, 'demo', query), api.overview(6, 'demo', query)]);
		expect([first.status, second.status]).toEqual(['superseded', 'done']);
	});
});

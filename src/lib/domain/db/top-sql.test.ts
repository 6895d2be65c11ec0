import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../protocol/records';
import { sqlDigest } from './digest';
import { DbAttr, DbMetric } from './names';
import { DigestSeriesFold, TopSqlFold, sortTopSql } from './top-sql';

const t0 = 1_780_000_000_000;
const slowText = 'SELECT daily_limit_krw FROM transfer_limit WHERE customer_id = ?';
const fastText = 'SELECT * FROM accounts WHERE id = ?';

function point(name: string, digest: string, value: number, atMs: number, resourceId = 'db1', extra: Record<string, string> = {}): MetricPoint {
	return {
		resourceId,
		service: resourceId === 'db1' ? 'deposits-mysql' : 'lending-postgresql',
		instance: 'h:3306',
		name,
		unit: 'ms',
		type: name === DbMetric.statementDurationMax ? 'gauge' : 'sum',
		temporality: 'delta',
		monotonic: true,
		timeUs: atMs * 1000,
		attrs: { [DbAttr.system]: 'mysql', [DbAttr.digest]: digest, [DbAttr.summary]: 'SELECT x', ...extra },
		value
	};
}

/** One poll's points for a digest: calls, total ms, rows examined, errors. */
function poll(digest: string, atMs: number, calls: number, totalMs: number, rows: number, errors = 0, resourceId = 'db1', text = ''): MetricPoint[] {
	return [
		point(DbMetric.statementCalls, digest, calls, atMs, resourceId, text ? { [DbAttr.text]: text } : {}),
		point(DbMetric.statementDuration, digest, totalMs, atMs, resourceId),
		point(DbMetric.statementRowsExamined, digest, rows, atMs, resourceId),
		point(DbMetric.statementErrors, digest, errors, atMs, resourceId),
		point(DbMetric.statementDurationMax, digest, totalMs / Math.max(1, calls) * 2, atMs, resourceId)
	];
}

describe('top SQL', () => {
	const slow = sqlDigest(slowText);
	const fast = sqlDigest(fastText);
	const fold = new TopSqlFold();
	fold.add([...poll(slow, t0, 2, 5_000, 2_480_000, 0, 'db1', slowText), ...poll(fast, t0, 900, 450, 900)]);
	fold.add([...poll(slow, t0 + 10_000, 3, 6_000, 3_720_000), ...poll(fast, t0 + 10_000, 1_100, 650, 1_100, 4)]);
	fold.add(poll(fast, t0 + 10_000, 10, 10, 10, 0, 'db2'));
	const rows = fold.rows();

	it('sums deltas per digest and database, mean = total / calls', () => {
		const s = rows.find((r) => r.digest === slow)!;
		expect([s.calls, s.totalMs, s.meanMs, s.rowsExamined, s.maxMs, s.text, s.database]).toEqual([5, 11_000, 2_200, 6_200_000, 5_000, slowText, 'deposits-mysql']);
		const f = rows.find((r) => r.digest === fast && r.resourceId === 'db1')!;
		expect([f.calls, f.totalMs, f.meanMs, f.errors]).toEqual([2_000, 1_100, 0.55, 4]);
		expect(rows).toHaveLength(3);
	});

	it('sorts by any column, nulls last', () => {
		expect(sortTopSql(rows, 'totalMs', 'desc').map((r) => r.calls)).toEqual([5, 2_000, 10]);
		expect(sortTopSql(rows, 'calls', 'desc').map((r) => r.calls)).toEqual([2_000, 10, 5]);
		expect(sortTopSql(rows, 'meanMs', 'asc').map((r) => r.calls)).toEqual([2_000, 10, 5]);
		expect(sortTopSql(rows, 'errors', 'desc')[0].errors).toBe(4);
		const withNull = [...rows, { ...rows[0], digest: 'zz', calls: 0, meanMs: null, totalMs: 0 }];
		expect(sortTopSql(withNull, 'meanMs', 'desc').at(-1)!.digest).toBe('zz');
		expect(sortTopSql(withNull, 'meanMs', 'asc').at(-1)!.digest).toBe('zz');
	});

	it('refuses digests past its bound and counts their points', () => {
		const small = new TopSqlFold(1);
		small.add([...poll('a'.repeat(16), t0, 1, 1, 1), ...poll('b'.repeat(16), t0, 1, 1, 1)]);
		expect(small.rows().map((r) => r.digest)).toEqual(['a'.repeat(16)]);
		expect(small.droppedPoints).toBe(5);
	});
});

describe('a digest over time', () => {
	it('puts each poll in the bucket of its time, as per-second rates and mean time', () => {
		const digest = sqlDigest(slowText);
		const fold = new DigestSeriesFold('db1', digest, { fromMs: t0, toMs: t0 + 60_000, stepMs: 20_000 });
		fold.add([...poll(digest, t0 + 1_000, 2, 4_000, 100), ...poll(digest, t0 + 11_000, 2, 2_000, 100), ...poll(digest, t0 + 45_000, 10, 1_000, 0, 5)]);
		fold.add(poll(digest, t0 + 5_000, 99, 99, 99, 0, 'db2'));
		const s = fold.series();
		expect(s.xsSec).toEqual([t0 / 1000, t0 / 1000 + 20, t0 / 1000 + 40]);
		expect(s.callsPerSec).toEqual([0.2, null, 0.5]);
		expect(s.meanMs).toEqual([1_500, null, 100]);
		expect(s.rowsExaminedPerSec).toEqual([10, null, 0]);
		expect(s.errorsPerSec).toEqual([0, null, 0.25]);
	});

	it('widens the step so a long range stays within 2,000 buckets', () => {
		const fold = new DigestSeriesFold('db1', 'x', { fromMs: t0, toMs: t0 + 86_400_000, stepMs: 10_000 });
		expect(fold.stepMs).toBe(44_000);
		expect(fold.series().xsSec.length).toBeLessThanOrEqual(2_000);
	});
});

/**
 * Top SQL over a range, folded from the statement digest points (names.ts: one delta point
 * per metric per digest per poll). Totals are sums of the deltas; mean time = Σ duration /
 * Σ calls; the longest execution is the largest `duration.max` gauge seen (the server's
 * figure since the digest's statistics began, so it may predate the range).
 *
 * A row is one digest on one database (resource): the same statement on two databases is two
 * rows. Bound: at most `maxRows` rows; points of further digests are counted in
 * `droppedPoints` and their rows are missing (the page says so).
 */
import type { MetricPoint } from '../../protocol/records';
import { DbAttr, DbMetric, OTHER_DIGEST } from './names';

export interface TopSqlRow {
	resourceId: string;
	/** The database's label (service.name of its resource). */
	database: string;
	system: string;
	digest: string;
	summary: string;
	/** Canonical text from `db.query.text` of the calls points ('' until one is seen). */
	text: string;
	namespace: string;
	nativeId: string;
	calls: number;
	totalMs: number;
	/** totalMs / calls; null without calls. */
	meanMs: number | null;
	maxMs: number | null;
	rowsExamined: number;
	rowsReturned: number;
	errors: number;
	noIndexCalls: number;
	firstMs: number;
	lastMs: number;
}

/** The statement metrics a top SQL fold reads. */
export const statementMetricNames: readonly string[] = [
	DbMetric.statementCalls,
	DbMetric.statementDuration,
	DbMetric.statementDurationMax,
	DbMetric.statementRowsExamined,
	DbMetric.statementRowsReturned,
	DbMetric.statementErrors,
	DbMetric.statementNoIndex
];

const sumField: Partial<Record<string, 'calls' | 'totalMs' | 'rowsExamined' | 'rowsReturned' | 'errors' | 'noIndexCalls'>> = {
	[DbMetric.statementCalls]: 'calls',
	[DbMetric.statementDuration]: 'totalMs',
	[DbMetric.statementRowsExamined]: 'rowsExamined',
	[DbMetric.statementRowsReturned]: 'rowsReturned',
	[DbMetric.statementErrors]: 'errors',
	[DbMetric.statementNoIndex]: 'noIndexCalls'
};

function str(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function topSqlKey(resourceId: string, digest: string): string {
	return `${resourceId}|${digest}`;
}

export class TopSqlFold {
	droppedPoints = 0;
	readonly #rows = new Map<string, TopSqlRow>();

	constructor(readonly maxRows = 5_000) {}

	add(points: readonly MetricPoint[]): void {
		for (const p of points) this.addPoint(p);
	}

	addPoint(p: MetricPoint): void {
		const digest = str(p.attrs[DbAttr.digest]);
		const value = p.value;
		if (!digest || typeof value !== 'number' || !Number.isFinite(value)) return;
		const field = sumField[p.name];
		if (!field && p.name !== DbMetric.statementDurationMax) return;
		const key = topSqlKey(p.resourceId, digest);
		let row = this.#rows.get(key);
		const timeMs = p.timeUs / 1000;
		if (!row) {
			if (this.#rows.size >= this.maxRows) {
				this.droppedPoints++;
				return;
			}
			row = {
				resourceId: p.resourceId,
				database: p.service,
				system: str(p.attrs[DbAttr.system]),
				digest,
				summary: str(p.attrs[DbAttr.summary]) || (digest === OTHER_DIGEST ? 'other statements' : ''),
				text: '',
				namespace: str(p.attrs[DbAttr.namespace]),
				nativeId: str(p.attrs[DbAttr.nativeId]),
				calls: 0,
				totalMs: 0,
				meanMs: null,
				maxMs: null,
				rowsExamined: 0,
				rowsReturned: 0,
				errors: 0,
				noIndexCalls: 0,
				firstMs: timeMs,
				lastMs: timeMs
			};
			this.#rows.set(key, row);
		}
		row.firstMs = Math.min(row.firstMs, timeMs);
		row.lastMs = Math.max(row.lastMs, timeMs);
		if (field) row[field] += value;
		else row.maxMs = Math.max(row.maxMs ?? 0, value);
		if (!row.text && p.name === DbMetric.statementCalls) row.text = str(p.attrs[DbAttr.text]);
	}

	rows(): TopSqlRow[] {
		return [...this.#rows.values()].map((r) => ({ ...r, meanMs: r.calls > 0 ? r.totalMs / r.calls : null }));
	}
}

export const topSqlColumns = ['totalMs', 'meanMs', 'calls', 'rowsExamined', 'errors', 'maxMs', 'rowsReturned'] as const;
export type TopSqlColumn = (typeof topSqlColumns)[number];

/** Sorted copy; nulls last whatever the direction; ties by total time, then digest. */
export function sortTopSql(rows: readonly TopSqlRow[], column: TopSqlColumn, dir: 'asc' | 'desc'): TopSqlRow[] {
	const sign = dir === 'asc' ? 1 : -1;
	return [...rows].sort((a, b) => {
		const x = a[column];
		const y = b[column];
		if (x === null || y === null) {
			if (x !== y) return x === null ? 1 : -1;
		} else if (x !== y) return (x - y) * sign;
		return b.totalMs - a.totalMs || a.digest.localeCompare(b.digest);
	});
}

export interface DigestSeries {
	stepMs: number;
	/** Bucket starts, Unix SECONDS (uPlot x). */
	xsSec: number[];
	/** Per second over each bucket; null where no point of the digest fell. */
	callsPerSec: (number | null)[];
	/** Mean execution time in the bucket; null without calls. */
	meanMs: (number | null)[];
	rowsExaminedPerSec: (number | null)[];
	errorsPerSec: (number | null)[];
}

/**
 * One digest's time series: each delta point counted in the bucket holding its poll time.
 * At most 2,000 buckets (the step grows to fit).
 */
export class DigestSeriesFold {
	readonly stepMs: number;
	readonly #first: number;
	readonly #n: number;
	readonly #sums = { calls: [] as number[], totalMs: [] as number[], rows: [] as number[], errors: [] as number[], seen: [] as boolean[] };

	constructor(
		readonly resourceId: string,
		readonly digest: string,
		range: { fromMs: number; toMs: number; stepMs: number }
	) {
		const spanMs = Math.max(1, range.toMs - range.fromMs);
		this.stepMs = Math.max(range.stepMs, Math.ceil(spanMs / 2_000 / 1000) * 1000);
		this.#first = Math.floor(range.fromMs / this.stepMs) * this.stepMs;
		this.#n = Math.ceil((range.toMs - this.#first) / this.stepMs);
		for (const list of Object.values(this.#sums)) list.length = this.#n;
		this.#sums.calls.fill(0);
		this.#sums.totalMs.fill(0);
		this.#sums.rows.fill(0);
		this.#sums.errors.fill(0);
		this.#sums.seen.fill(false);
	}

	add(points: readonly MetricPoint[]): void {
		for (const p of points) {
			if (p.resourceId !== this.resourceId || p.attrs[DbAttr.digest] !== this.digest) continue;
			const value = p.value;
			if (typeof value !== 'number' || !Number.isFinite(value)) continue;
			const i = Math.floor((p.timeUs / 1000 - this.#first) / this.stepMs);
			if (i < 0 || i >= this.#n) continue;
			this.#sums.seen[i] = true;
			if (p.name === DbMetric.statementCalls) this.#sums.calls[i] += value;
			else if (p.name === DbMetric.statementDuration) this.#sums.totalMs[i] += value;
			else if (p.name === DbMetric.statementRowsExamined) this.#sums.rows[i] += value;
			else if (p.name === DbMetric.statementErrors) this.#sums.errors[i] += value;
		}
	}

	series(): DigestSeries {
		const stepSec = this.stepMs / 1000;
		const s = this.#sums;
		const rate = (list: number[]) => list.map((v, i) => (s.seen[i] ? v / stepSec : null));
		return {
			stepMs: this.stepMs,
			xsSec: Array.from({ length: this.#n }, (_, i) => (this.#first + i * this.stepMs) / 1000),
			callsPerSec: rate(s.calls),
			meanMs: s.calls.map((calls, i) => (s.seen[i] && calls > 0 ? s.totalMs[i] / calls : null)),
			rowsExaminedPerSec: rate(s.rows),
			errorsPerSec: rate(s.errors)
		};
	}
}

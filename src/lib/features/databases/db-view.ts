import { topSqlColumns, type TopSqlColumn } from '$lib/domain/db/top-sql';
import { param, type ViewSchema } from '$lib/state/url-state';

/** Ranges the page offers: top SQL is folded from raw points, kept 24 h by default. */
export const dbRangeKeys = ['5m', '1h', '24h'] as const;
export type DbRangeKey = (typeof dbRangeKeys)[number];

export const dbTabs = ['top', 'slow', 'status', 'variables', 'sessions'] as const;
export type DbTab = (typeof dbTabs)[number];

/**
 * The Database page's state in the query string:
 * `?range=1h&db=core-db&tab=top&sort=meanMs&digest=<16 hex>&digestDb=core-db`.
 */
export interface DbView {
	range: DbRangeKey;
	/** Database label (service.name of its resource); '' = all databases. */
	db: string;
	tab: DbTab;
	sort: TopSqlColumn;
	dir: 'asc' | 'desc';
	/** The digest whose detail is open ('' = none), and the label of its database. */
	digest: string;
	digestDb: string;
}

export const dbViewSchema: ViewSchema<DbView> = {
	range: param.oneOf(dbRangeKeys, '1h'),
	db: param.string(''),
	tab: param.oneOf(dbTabs, 'top'),
	sort: param.oneOf(topSqlColumns, 'totalMs'),
	dir: param.oneOf(['asc', 'desc'], 'desc'),
	digest: param.string('', 32),
	digestDb: param.string('')
};

/** Bucket of the gauge and digest charts for a range: about 120 buckets, at least one poll (10 s). */
export function chartStepMs(rangeMs: number): number {
	return Math.max(10_000, Math.ceil(rangeMs / 120 / 10_000) * 10_000);
}

/** Spans are searched over the last 15 minutes of the range at most: one pass reads every span. */
export const maxSpanWindowMs = 15 * 60_000;

/**
 * The Transactions screen's state in the query string, so a link reopens the same scatter,
 * filters, selection and search:
 *   ?range=15m&service=transfer&status=error&y=log&sel=1732530000000,1732530060000,1000,60000
 *   &qs=transfer&qa=biz.amount_krw>=1000000&qmin=1s&qst=error
 * A past window is `range=at&at=<end, Unix ms>&len=15m`.
 */
import { param, type ParamCodec, type ViewSchema } from '$lib/state/url-state';
import type { DataRect } from '$lib/domain/scatter/select';
import { parseTraceQuery, type QueryError, type TraceQuery } from '$lib/domain/trace/search';

export const scatterRanges = ['5m', '15m', '1h', 'at'] as const;
export type ScatterRange = (typeof scatterRanges)[number];
export const windowLengths = ['5m', '15m', '1h'] as const;
export type WindowLength = (typeof windowLengths)[number];
export const lengthMs: Record<WindowLength, number> = { '5m': 300_000, '15m': 900_000, '1h': 3_600_000 };

/** Live windows all load the longest one, so switching between them reads nothing again. */
export const liveLoadMs = lengthMs['1h'];

export interface TransactionsView {
	range: ScatterRange;
	/** End of a past window (Unix ms), for `range=at`. */
	at: number;
	len: WindowLength;
	service: string[];
	operation: string;
	domain: string;
	status: '' | 'error' | 'ok';
	y: 'log' | 'linear';
	/** The dragged rectangle, or null. */
	sel: DataRect | null;
	qs: string;
	qo: string;
	qa: string[];
	qmin: string;
	qmax: string;
	qst: '' | 'error' | 'ok';
}

const rect: ParamCodec<DataRect | null> = {
	fallback: null,
	parse(values) {
		const parts = (values[0] ?? '').split(',').map(Number);
		if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
		const [fromMs, toMs, minDurationMs, maxDurationMs] = parts;
		return fromMs <= toMs && minDurationMs <= maxDurationMs ? { fromMs, toMs, minDurationMs, maxDurationMs } : undefined;
	},
	format: (value) =>
		value === null
			? []
			: [[Math.floor(value.fromMs), Math.ceil(value.toMs), Math.round(value.minDurationMs * 1000) / 1000, Math.round(value.maxDurationMs * 1000) / 1000].join(',')]
};

export const transactionsViewSchema: ViewSchema<TransactionsView> = {
	range: param.oneOf(scatterRanges, '15m'),
	at: param.int(0, { min: 0 }),
	len: param.oneOf(windowLengths, '15m'),
	service: param.list(20),
	operation: param.string(''),
	domain: param.string(''),
	status: param.oneOf(['', 'error', 'ok'], ''),
	y: param.oneOf(['log', 'linear'], 'log'),
	sel: rect,
	qs: param.string(''),
	qo: param.string(''),
	qa: param.list(10),
	qmin: param.string('', 20),
	qmax: param.string('', 20),
	qst: param.oneOf(['', 'error', 'ok'], '')
};

/** The time window a view shows at `nowMs`: live ranges end now, a past window at `at`. */
export function windowOf(view: Pick<TransactionsView, 'range' | 'at' | 'len'>, nowMs: number): { fromMs: number; toMs: number; live: boolean } {
	if (view.range === 'at' && view.at > 0) return { fromMs: view.at - lengthMs[view.len], toMs: view.at, live: false };
	const length = view.range === 'at' ? lengthMs[view.len] : lengthMs[view.range];
	return { fromMs: nowMs - length, toMs: nowMs, live: true };
}

/** The trace search the view holds, with what could not be read (reported, then ignored). */
export function searchQueryOf(view: Pick<TransactionsView, 'qs' | 'qo' | 'qa' | 'qmin' | 'qmax' | 'qst'>): { query: TraceQuery; errors: QueryError[] } {
	const params: [string, string][] = [];
	if (view.qs) params.push(['service', view.qs]);
	if (view.qo) params.push(['operation', view.qo]);
	for (const a of view.qa) if (a.trim()) params.push(['attr', a.trim()]);
	if (view.qmin.trim()) params.push(['minDuration', view.qmin.trim()]);
	if (view.qmax.trim()) params.push(['maxDuration', view.qmax.trim()]);
	if (view.qst) params.push(['status', view.qst]);
	return parseTraceQuery(params);
}

/** Whether the view asks for a search at all (an empty form searches nothing). */
export function hasSearch(view: Pick<TransactionsView, 'qs' | 'qo' | 'qa' | 'qmin' | 'qmax' | 'qst'>): boolean {
	return view.qs !== '' || view.qo !== '' || view.qa.length > 0 || view.qmin !== '' || view.qmax !== '' || view.qst !== '';
}

/**
 * The Architecture area's state in the query string, so a link reopens what someone saw:
 * findings `?range=1h&end=1767000000000&severity=high&kind=shared-table&sort=evidence`,
 * advisor `?range=5m&end=…&service=core-banking&ctx=biz.transaction&k=4`, or with the
 * designer's business transactions as contexts `…&ctxFrom=designer&k=4`.
 *
 * `end` is the window's end (Unix ms) once a read has run; 0 means "ending now" (what the
 * navigation link opens). `k` 0 means "sweep K".
 */
import type { FindingKind, Severity } from '$lib/domain/advisor/findings/types';
import { param, type ViewSchema } from '$lib/state/url-state';
import { timeRangeDurationMs } from '$lib/state/time-range';

/** Windows offered: raw spans are read, so no `live`; 24 h of a busy system takes minutes. */
export const windowKeys = ['5m', '1h', '24h'] as const;
export type WindowKey = (typeof windowKeys)[number];

export const findingKinds: readonly FindingKind[] = [
	'shared-table',
	'cyclic-dependency',
	'chatty-calls',
	'long-chain',
	'failure-propagation',
	'missing-timeout',
	'gateway-bypass',
	'hidden-hub'
];
export const severities: readonly Severity[] = ['high', 'medium', 'low'];
export const findingSorts = ['severity', 'kind', 'subject', 'evidence', 'services'] as const;
export type FindingSort = (typeof findingSorts)[number];

export interface WindowView {
	range: WindowKey;
	end: number;
}

export interface FindingsView extends WindowView {
	severity: Severity | 'all';
	kind: FindingKind | 'all';
	sort: FindingSort;
	dir: 'asc' | 'desc';
}

export interface AdvisorView extends WindowView {
	source: 'window' | 'csv';
	/** Monolith service; '' = the service with the most class-level spans. */
	service: string;
	/** Where a trace's business context comes from: a span attribute, or the designer's mapping. */
	ctxFrom: ContextSource;
	/** Business-context attribute; '' = biz.transaction. */
	ctx: string;
	k: number;
}

export const contextSources = ['attribute', 'designer'] as const;
export type ContextSource = (typeof contextSources)[number];

export const maxK = 40;

const windowSchema: ViewSchema<WindowView> = {
	range: param.oneOf(windowKeys, '5m'),
	end: param.int(0, { min: 0 })
};

export const findingsViewSchema: ViewSchema<FindingsView> = {
	...windowSchema,
	severity: param.oneOf(['all', ...severities], 'all'),
	kind: param.oneOf(['all', ...findingKinds], 'all'),
	sort: param.oneOf(findingSorts, 'severity'),
	dir: param.oneOf(['asc', 'desc'], 'asc')
};

export const advisorViewSchema: ViewSchema<AdvisorView> = {
	...windowSchema,
	source: param.oneOf(['window', 'csv'], 'window'),
	service: param.string(''),
	ctxFrom: param.oneOf(contextSources, 'attribute'),
	ctx: param.string('', 120),
	k: param.int(0, { min: 0, max: maxK })
};

export const defaultContextAttribute = 'biz.transaction';

/** The half-open window [fromMs, toMs) a view reads: `end` or `nowMs`, back by the range's length. */
export function windowOf(view: WindowView, nowMs: number): { fromMs: number; toMs: number } {
	const toMs = view.end > 0 ? view.end : Math.floor(nowMs);
	return { fromMs: toMs - timeRangeDurationMs[view.range], toMs };
}

/** Query string carrying the window (and the demo flag) from one page of the area to the other. */
export function windowQuery(view: WindowView, demo: boolean): string {
	const params = new URLSearchParams();
	if (demo) params.set('demo', '');
	if (view.range !== '5m') params.set('range', view.range);
	if (view.end > 0) params.set('end', String(view.end));
	const text = params.toString().replace(/^demo=(&|$)/, 'demo$1');
	return text ? `?${text}` : '';
}

import { param, type ViewSchema } from '$lib/state/url-state';

export const baselineWindows = ['off', '15m', '1h', '6h', '24h'] as const;
export type BaselineWindow = (typeof baselineWindows)[number];

export const baselineWindowMs: Record<Exclude<BaselineWindow, 'off'>, number> = {
	'15m': 900_000,
	'1h': 3_600_000,
	'6h': 21_600_000,
	'24h': 86_400_000
};

/**
 * The transaction path view in the query string: `/trace/?id=<traceId>&span=<spanId>&baseline=1h`.
 * Other screens link to exactly `/trace/?id=<traceId>`.
 */
export interface TraceView {
	id: string;
	/** The selected span; '' = none. */
	span: string;
	/** Compare against similar traces ending in this window before now. */
	baseline: BaselineWindow;
}

export const traceViewSchema: ViewSchema<TraceView> = {
	id: param.string('', 64),
	span: param.string('', 32),
	baseline: param.oneOf(baselineWindows, 'off')
};

/** The link that opens a trace. */
export function traceHref(traceId: string): string {
	return `/trace/?id=${encodeURIComponent(traceId)}`;
}

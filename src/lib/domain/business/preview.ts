/**
 * Live preview of a mapping rule while the user edits it: how many spans per minute it
 * matches in a recent range, sample matches, the most frequent routes that no rule maps
 * yet, and overlaps (spans that match two transactions).
 *
 * The draft replaces the saved transaction of the same id; the other saved transactions
 * take part in "unmatched" and overlap detection. Unmatched routes are counted among
 * transaction spans (domain/telemetry/transactions.ts) by service and endpoint name.
 *
 * Bounds: `maxSamples` samples (default 10), `maxOverlapPairs` overlap pairs (default 20,
 * further pairs counted in `otherOverlaps`), at most 10,000 distinct unmatched routes
 * tracked (spans of further routes are counted in `otherUnmatched`).
 */
import type { SpanRecord } from '../../protocol/records';
import { endpointName, isTransaction } from '../telemetry/transactions';
import { RuleMatcher } from './compile';
import type { BusinessTransaction } from './types';

export interface SpanSample {
	traceId: string;
	spanId: string;
	service: string;
	name: string;
	endpoint: string;
	endMs: number;
	durationMs: number;
	/** The span's `biz.*` attributes (at most 12). */
	biz: Record<string, string | number | boolean>;
}

export interface UnmatchedRoute {
	service: string;
	endpoint: string;
	count: number;
}

export interface OverlapPair {
	a: string;
	b: string;
	count: number;
	sample: SpanSample;
}

export interface PreviewResult {
	spans: number;
	/** Spans the draft matched; per minute over the range. */
	matched: number;
	matchedPerMinute: number;
	successes: number;
	samples: SpanSample[];
	unmatchedRoutes: UnmatchedRoute[];
	otherUnmatched: number;
	/** Pairs involving the draft first, then the other pairs; most frequent first. */
	overlaps: OverlapPair[];
	otherOverlaps: number;
}

export interface PreviewOptions {
	draft: BusinessTransaction;
	others: readonly BusinessTransaction[];
	fromMs: number;
	toMs: number;
	maxSamples?: number;
	maxRoutes?: number;
	maxOverlapPairs?: number;
}

const maxTrackedRoutes = 10_000;

export function sampleOf(span: SpanRecord): SpanSample {
	const biz: Record<string, string | number | boolean> = {};
	let n = 0;
	for (const [key, value] of Object.entries(span.attrs)) {
		if (!key.startsWith('biz.') || Array.isArray(value)) continue;
		biz[key] = value;
		if (++n >= 12) break;
	}
	const endMs = (span.startUs + span.durationUs) / 1000;
	return { traceId: span.traceId, spanId: span.spanId, service: span.service, name: span.name, endpoint: endpointName(span), endMs, durationMs: span.durationUs / 1000, biz };
}

export class RulePreview {
	private readonly matcher: RuleMatcher;
	private readonly ids: string[];
	private readonly out: Int32Array;
	private readonly routes = new Map<string, UnmatchedRoute>();
	private readonly pairs = new Map<string, OverlapPair>();
	private spans = 0;
	private matched = 0;
	private successes = 0;
	private otherUnmatched = 0;
	private otherOverlaps = 0;
	private readonly samples: SpanSample[] = [];

	constructor(private readonly options: PreviewOptions) {
		const transactions = [options.draft, ...options.others.filter((t) => t.id !== options.draft.id)];
		this.ids = transactions.map((t) => t.id);
		this.matcher = new RuleMatcher(transactions);
		this.out = new Int32Array(transactions.length);
	}

	addSpans(spans: readonly SpanRecord[]): void {
		const { fromMs, toMs } = this.options;
		const maxSamples = this.options.maxSamples ?? 10;
		const maxPairs = this.options.maxOverlapPairs ?? 20;
		for (const span of spans) {
			const endMs = (span.startUs + span.durationUs) / 1000;
			if (endMs < fromMs || endMs >= toMs) continue;
			this.spans++;
			const n = this.matcher.matchInto(span, this.out);
			if (n === 0) {
				if (isTransaction(span)) this.countUnmatched(span);
				continue;
			}
			// the draft is rule 0, so it comes first when it matched
			if (this.out[0] === 0) {
				this.matched++;
				if (this.matcher.rules[0].success(span)) this.successes++;
				if (this.samples.length < maxSamples) this.samples.push(sampleOf(span));
			}
			for (let i = 0; i < n; i++) {
				for (let j = i + 1; j < n; j++) {
					const key = this.out[i] + ':' + this.out[j];
					const pair = this.pairs.get(key);
					if (pair) pair.count++;
					else if (this.pairs.size < maxPairs * 4) this.pairs.set(key, { a: this.ids[this.out[i]], b: this.ids[this.out[j]], count: 1, sample: sampleOf(span) });
					else this.otherOverlaps++;
				}
			}
		}
	}

	private countUnmatched(span: SpanRecord): void {
		const endpoint = endpointName(span);
		const key = span.service + '\u0000' + endpoint;
		const route = this.routes.get(key);
		if (route) route.count++;
		else if (this.routes.size < maxTrackedRoutes) this.routes.set(key, { service: span.service, endpoint, count: 1 });
		else this.otherUnmatched++;
	}

	result(): PreviewResult {
		const minutes = Math.max(1 / 60, (this.options.toMs - this.options.fromMs) / 60_000);
		const maxRoutes = this.options.maxRoutes ?? 10;
		const maxPairs = this.options.maxOverlapPairs ?? 20;
		const routes = [...this.routes.values()].sort((a, b) => b.count - a.count || (a.service + a.endpoint < b.service + b.endpoint ? -1 : 1));
		const draftId = this.ids[0];
		const pairs = [...this.pairs.values()].sort((x, y) => {
			const dx = x.a === draftId ? 0 : 1;
			const dy = y.a === draftId ? 0 : 1;
			return dx - dy || y.count - x.count;
		});
		const shown = pairs.slice(0, maxPairs);
		return {
			spans: this.spans,
			matched: this.matched,
			matchedPerMinute: this.matched / minutes,
			successes: this.successes,
			samples: [...this.samples],
			unmatchedRoutes: routes.slice(0, maxRoutes),
			otherUnmatched: this.otherUnmatched + routes.slice(maxRoutes).reduce((sum, r) => sum + r.count, 0),
			overlaps: shown,
			otherOverlaps: this.otherOverlaps + pairs.slice(maxPairs).reduce((sum, p) => sum + p.count, 0)
		};
	}
}

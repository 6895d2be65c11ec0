/**
 * Which span attributes could name a trace's business context: string attributes of entry
 * spans (roots, where instrumentations put business attributes) that take a few distinct
 * values. The advisor screen offers them next to the default `biz.transaction`.
 *
 * Bounded: at most `maxKeys` attribute keys are tracked (later keys are ignored and
 * counted in `ignoredKeys`); per key at most `maxValues` + 1 distinct values are kept, so
 * "more than maxValues" is known without holding them all.
 */
import type { SpanRecord } from '../../protocol/records';

export interface ContextCandidate {
	key: string;
	/** Entry spans carrying the attribute as a non-empty string. */
	spans: number;
	/** Distinct values, capped at maxValues + 1. */
	values: number;
	/** Up to 5 example values, first seen first. */
	examples: string[];
}

export interface ContextCensusLimits {
	maxKeys: number;
	maxValues: number;
}

export const defaultContextCensusLimits: ContextCensusLimits = { maxKeys: 100, maxValues: 50 };

export class ContextCensus {
	private readonly limits: ContextCensusLimits;
	private readonly keys = new Map<string, { spans: number; values: Set<string> }>();
	ignoredKeys = 0;

	constructor(limits: Partial<ContextCensusLimits> = {}) {
		this.limits = { ...defaultContextCensusLimits, ...limits };
	}

	addSpans(spans: readonly SpanRecord[]): void {
		for (const span of spans) {
			if (span?.parentSpanId !== '' || typeof span.attrs !== 'object' || span.attrs === null) continue;
			for (const [key, value] of Object.entries(span.attrs)) {
				if (typeof value !== 'string' || value === '') continue;
				let entry = this.keys.get(key);
				if (!entry) {
					if (this.keys.size >= this.limits.maxKeys) {
						this.ignoredKeys += 1;
						continue;
					}
					entry = { spans: 0, values: new Set() };
					this.keys.set(key, entry);
				}
				entry.spans += 1;
				if (entry.values.size <= this.limits.maxValues) entry.values.add(value);
			}
		}
	}

	/** Keys with 2 to maxValues distinct values, most common first. */
	candidates(): ContextCandidate[] {
		return [...this.keys]
			.filter(([, e]) => e.values.size >= 2 && e.values.size <= this.limits.maxValues)
			.map(([key, e]) => ({ key, spans: e.spans, values: e.values.size, examples: [...e.values].slice(0, 5) }))
			.sort((a, b) => b.spans - a.spans || a.key.localeCompare(b.key));
	}
}

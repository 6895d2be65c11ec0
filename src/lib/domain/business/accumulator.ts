/**
 * Maps spans to business transactions and accumulates KPI windows at one level (1 s for
 * live ingest, 1 min for history). `takeDeltas()` hands over what changed since the last
 * call, to be merged into stored windows (windows.ts `mergeInto`) the way the rollup
 * engine merges its deltas, so late spans and late conversion steps land in the right
 * window.
 *
 * Bound: at most `maxOpenWindows` windows between two takeDeltas() calls (default 20,000:
 * 5.5 h of 1 s windows, 14 days of 1 min windows); spans that would open another are
 * dropped and counted in `counters.droppedSpans`.
 */
import type { SpanRecord } from '../../protocol/records';
import { levelWidthMs, type RollupLevel } from '../telemetry/levels';
import { defaultAlpha, minIndexable, QuantileSketch } from '../telemetry/sketch';
import { JourneyTracker, defaultMaxJourneys } from './journeys';
import type { BusinessModel } from './model';
import { BizStats } from './stats';
import type { KpiWindowRecord } from './windows';

export const defaultMaxOpenWindows = 20_000;

export interface AccumulatorOptions {
	level?: RollupLevel;
	alpha?: number;
	maxOpenWindows?: number;
	maxJourneys?: number;
}

export interface AccumulatorCounters {
	/** Spans seen. */
	spans: number;
	/** Spans that matched at least one business transaction. */
	matched: number;
	/** Spans that matched two or more transactions. */
	overlaps: number;
	/** Step spans without the join attribute. */
	unjoinable: number;
	droppedSpans: number;
	journeysEvicted: number;
	journeyOrphans: number;
}

interface WindowState {
	stats: (BizStats | undefined)[];
	conversions: (Float64Array | undefined)[];
}

export class KpiAccumulator {
	readonly level: RollupLevel;
	readonly counters: AccumulatorCounters = { spans: 0, matched: 0, overlaps: 0, unjoinable: 0, droppedSpans: 0, journeysEvicted: 0, journeyOrphans: 0 };
	private readonly widthMs: number;
	private readonly alpha: number;
	private readonly maxOpenWindows: number;
	private windows = new Map<number, WindowState>();
	private readonly trackers: JourneyTracker[];
	private readonly credits: ((cohortMs: number, step: number) => void)[];
	private readonly keySketch: QuantileSketch;
	private readonly matches: Int32Array;
	private readonly domainStamp: Int32Array;
	private readonly domainSuccess: Uint8Array;
	private stamp = 0;

	constructor(
		readonly model: BusinessModel,
		options: AccumulatorOptions = {}
	) {
		this.level = options.level ?? '1s';
		this.widthMs = levelWidthMs[this.level];
		this.alpha = options.alpha ?? defaultAlpha;
		this.maxOpenWindows = options.maxOpenWindows ?? defaultMaxOpenWindows;
		this.keySketch = new QuantileSketch(this.alpha);
		this.matches = new Int32Array(model.matcher.size);
		this.domainStamp = new Int32Array(model.targets.length);
		this.domainSuccess = new Uint8Array(model.targets.length);
		this.trackers = model.conversions.map((c) => new JourneyTracker(c.maxLagMs, options.maxJourneys ?? defaultMaxJourneys));
		// one credit function per conversion, made once (record() is called for every step span)
		this.credits = model.conversions.map((spec, c) => (cohortMs: number, step: number) => {
			const window = this.windowAt(cohortMs);
			if (!window) {
				this.counters.droppedSpans++;
				return;
			}
			let steps = window.conversions[c];
			if (!steps) steps = window.conversions[c] = new Float64Array(spec.steps);
			steps[step]++;
		});
	}

	/** Adds spans; returns how many matched a business transaction. */
	addSpans(spans: readonly SpanRecord[]): number {
		const model = this.model;
		const rules = model.matcher.rules;
		const matches = this.matches;
		const width = this.widthMs;
		let matchedHere = 0;
		let currentStart = NaN;
		let current: WindowState | undefined;
		for (let i = 0; i < spans.length; i++) {
			const span = spans[i];
			this.counters.spans++;
			const n = model.matcher.matchInto(span, matches);
			if (n === 0) continue;
			const endMs = (span.startUs + span.durationUs) / 1000;
			const startMs = Math.floor(endMs / width) * width;
			if (startMs !== currentStart) {
				current = this.windowAt(startMs);
				currentStart = current ? startMs : NaN;
			}
			if (!current) {
				this.counters.droppedSpans++;
				continue;
			}
			matchedHere++;
			if (n > 1) this.counters.overlaps++;
			const durationMs = span.durationUs / 1000;
			const sketchKey = durationMs > minIndexable ? this.keySketch.keyOf(durationMs) : 0;
			if (++this.stamp === 0x7fffffff) {
				this.domainStamp.fill(0);
				this.stamp = 1;
			}
			for (let m = 0; m < n; m++) {
				const r = matches[m];
				const success = rules[r].success(span);
				this.statsOf(current, model.ruleTarget[r]).add(durationMs, sketchKey, success, span.attrs);
				const d = model.ruleDomainTarget[r];
				if (this.domainStamp[d] !== this.stamp) {
					this.domainStamp[d] = this.stamp;
					this.domainSuccess[d] = success ? 1 : 0;
				} else if (!success) this.domainSuccess[d] = 0;
			}
			for (let m = 0; m < n; m++) {
				const d = model.ruleDomainTarget[matches[m]];
				if (this.domainStamp[d] !== this.stamp) continue;
				// first rule of this domain in the span: add once, then unmark
				this.domainStamp[d] = 0;
				this.statsOf(current, d).add(durationMs, sketchKey, this.domainSuccess[d] === 1, span.attrs);
			}
			if (model.conversions.length > 0) this.recordSteps(span, n, endMs, startMs);
		}
		this.counters.matched += matchedHere;
		return matchedHere;
	}

	private recordSteps(span: SpanRecord, n: number, endMs: number, windowMs: number): void {
		const conversions = this.model.conversions;
		for (let c = 0; c < conversions.length; c++) {
			const spec = conversions[c];
			for (let m = 0; m < n; m++) {
				const step = spec.stepOfRule[this.matches[m]];
				if (step < 0) continue;
				let key: string;
				if (spec.join.by === 'trace') key = span.traceId;
				else {
					const value = span.attrs[spec.join.key];
					if (value === undefined || Array.isArray(value) || value === '') {
						this.counters.unjoinable++;
						continue;
					}
					key = String(value);
				}
				this.trackers[c].record(key, step, endMs, windowMs, this.credits[c]);
			}
		}
	}

	private windowAt(startMs: number): WindowState | undefined {
		let window = this.windows.get(startMs);
		if (window) return window;
		if (this.windows.size >= this.maxOpenWindows) return undefined;
		window = { stats: new Array(this.model.targets.length), conversions: new Array(this.model.conversions.length) };
		this.windows.set(startMs, window);
		return window;
	}

	private statsOf(window: WindowState, target: number): BizStats {
		let stats = window.stats[target];
		if (!stats) stats = window.stats[target] = new BizStats(this.model.targets[target].attrs, this.alpha);
		return stats;
	}

	/** Windows touched since the last call, oldest first; the accumulator starts empty again. */
	takeDeltas(): KpiWindowRecord[] {
		const out: KpiWindowRecord[] = [];
		const targets = this.model.targets;
		const conversions = this.model.conversions;
		for (const [startMs, window] of [...this.windows].sort((a, b) => a[0] - b[0])) {
			const record: KpiWindowRecord = { level: this.level, startMs, targets: {}, conversions: {} };
			window.stats.forEach((stats, i) => {
				if (stats) record.targets[targets[i].key] = stats.toData();
			});
			window.conversions.forEach((steps, c) => {
				if (steps) record.conversions[conversions[c].kpiId] = Array.from(steps);
			});
			out.push(record);
		}
		this.windows = new Map();
		this.counters.journeysEvicted = this.trackers.reduce((sum, t) => sum + t.evicted, 0);
		this.counters.journeyOrphans = this.trackers.reduce((sum, t) => sum + t.orphans, 0);
		return out;
	}
}

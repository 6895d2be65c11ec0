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
import type { AttrValue, SpanRecord } from '../../protocol/records';
import { levelWidthMs, type RollupLevel } from '../telemetry/levels';
import { defaultAlpha, minIndexable, QuantileSketch } from '../telemetry/sketch';
import { RuleMatcher } from './compile';
import { JourneyTracker, defaultMaxJourneys } from './journeys';
import type { BusinessModel } from './model';
import { attrKeysRead, rowsServe, shapeFilter } from './rows-serve';
import { rowEndMs, rowView, setAttr, shapeAsSpan, type RowShape, type RuleRows } from './rule-rows';
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

interface RowPlan {
	/** 1 for a rule decided by a row's shape alone (it reads none of the record's columns). */
	byShape: Uint8Array;
	/** Model rule index of each rule of `rowMatcher`. */
	rowRules: Int32Array;
	rowMatcher: RuleMatcher | undefined;
	/** False when no rule of `rowMatcher` can match a row of this shape, whatever its column values. */
	mayMatch: (shape: RowShape) => boolean;
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
	/** The window the last span went to (spans come mostly in time order). */
	private currentStart = NaN;
	private current: WindowState | undefined;
	private readonly plans = new Map<string, RowPlan>();
	/** Attribute keys rules, KPI sums and means, and conversion joins read. */
	private readonly keysRead: ReadonlySet<string>;
	private readonly rowsServe: boolean;

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
		this.rowsServe = rowsServe(model);
		this.keysRead = new Set([
			...model.transactions.flatMap((t) => attrKeysRead(t)),
			...model.targets.flatMap((t) => t.attrs),
			...model.conversions.flatMap((c) => (c.join.by === 'attr' ? [c.join.key] : []))
		]);
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
		const matcher = this.model.matcher;
		const matches = this.matches;
		let matchedHere = 0;
		for (let i = 0; i < spans.length; i++) {
			const span = spans[i];
			this.counters.spans++;
			const n = matcher.matchInto(span, matches);
			if (n > 0 && this.addMatched(span, n, (span.startUs + span.durationUs) / 1000, span.durationUs)) matchedHere++;
		}
		this.counters.matched += matchedHere;
		return matchedHere;
	}

	/**
	 * Adds the rows of a rule-rows record (rule-rows.ts) that end in [fromMs, toMs); the same
	 * windows as adding their spans. Rules that read only what a row shares with its shape are
	 * matched once per shape; rules that read a column of the record, row by row.
	 */
	addRows(rows: RuleRows, fromMs = -Infinity, toMs = Infinity): number {
		if (!this.rowsServe) throw new Error('These definitions need spans, not rule rows');
		const plan = this.planFor(rows.columns.map((c) => c.key));
		const matches = this.matches;
		const views: (SpanRecord | undefined)[] = new Array(rows.shapes.length);
		const shapeMatches: (Int32Array | undefined)[] = new Array(rows.shapes.length);
		/** Per shape: 0 not seen yet, 1 rules tested row by row may match its rows, 2 none may, 3 no rule can match at all. */
		const state = new Uint8Array(rows.shapes.length);
		const columns = rows.columns;
		const cursors = new Uint32Array(columns.length);
		const read = columns.map((c) => this.keysRead.has(c.key));
		const rowOut = plan.rowMatcher ? new Int32Array(plan.rowMatcher.size) : undefined;
		const shapeOf = rows.shape;
		let spans = 0;
		let matchedHere = 0;
		for (let i = 0; i < rows.count; i++) {
			const endMs = rowEndMs(rows, i);
			if (endMs < fromMs || endMs >= toMs) continue;
			spans++;
			const s = shapeOf[i];
			if (state[s] === 3) continue;
			const shape = rows.shapes[s];
			if (state[s] === 0) {
				const all = this.model.matcher.matchInto(shapeAsSpan(shape), matches);
				const kept: number[] = [];
				for (let m = 0; m < all; m++) if (plan.byShape[matches[m]] === 1) kept.push(matches[m]);
				shapeMatches[s] = Int32Array.from(kept);
				state[s] = plan.rowMatcher && plan.mayMatch(shape) ? 1 : kept.length > 0 ? 2 : 3;
				if (state[s] === 3) continue;
				views[s] = rowView(shape);
			}
			const view = views[s] as SpanRecord;
			const shared = shapeMatches[s] as Int32Array;
			// this row's values of the columns read (cursors step past the rows skipped)
			for (let c = 0; c < columns.length; c++) {
				if (!read[c]) continue;
				const column = columns[c];
				let at = cursors[c];
				while (at < column.rows.length && column.rows[at] < i) at++;
				cursors[c] = at;
				if (column.rows[at] === i) setAttr(view.attrs, column.key, column.values[at]);
				else if (view.attrs[column.key] !== shape.attrs[column.key]) setAttr(view.attrs, column.key, shape.attrs[column.key] as AttrValue);
			}
			view.durationUs = rows.durationUs[i];
			let n = shared.length;
			for (let m = 0; m < n; m++) matches[m] = shared[m];
			if (plan.rowMatcher && rowOut && state[s] === 1) {
				const k = plan.rowMatcher.matchInto(view, rowOut);
				for (let m = 0; m < k; m++) {
					// insertion keeps `matches` ascending
					const r = plan.rowRules[rowOut[m]];
					let j = n++;
					while (j > 0 && matches[j - 1] > r) {
						matches[j] = matches[j - 1];
						j--;
					}
					matches[j] = r;
				}
			}
			if (n > 0 && this.addMatched(view, n, endMs, view.durationUs)) matchedHere++;
		}
		this.counters.spans += spans;
		this.counters.matched += matchedHere;
		return matchedHere;
	}

	/** Which rules a record with these column keys decides per shape, and a matcher for the others. */
	private planFor(columnKeys: string[]): RowPlan {
		const id = columnKeys.join('\u0000');
		let plan = this.plans.get(id);
		if (plan) return plan;
		const columns = new Set(columnKeys);
		const transactions = this.model.transactions;
		const byShape = new Uint8Array(transactions.length);
		const rowRules: number[] = [];
		transactions.forEach((t, r) => {
			const reads = attrKeysRead(t);
			if (reads.some((k) => columns.has(k))) rowRules.push(r);
			else byShape[r] = 1;
		});
		plan = { byShape, rowRules: Int32Array.from(rowRules), rowMatcher: rowRules.length > 0 ? new RuleMatcher(rowRules.map((r) => transactions[r])) : undefined, mayMatch: shapeFilter(rowRules.map((r) => transactions[r]), columns) };
		if (this.plans.size >= 64) this.plans.clear();
		this.plans.set(id, plan);
		return plan;
	}

	/** Adds a span that matched the `n` rules in `this.matches`; false when its window could not be opened. */
	private addMatched(span: SpanRecord, n: number, endMs: number, durationUs: number): boolean {
		const model = this.model;
		const rules = model.matcher.rules;
		const matches = this.matches;
		const width = this.widthMs;
		const startMs = Math.floor(endMs / width) * width;
		if (startMs !== this.currentStart) {
			this.current = this.windowAt(startMs);
			this.currentStart = this.current ? startMs : NaN;
		}
		const current = this.current;
		if (!current) {
			this.counters.droppedSpans++;
			return false;
		}
		if (n > 1) this.counters.overlaps++;
		const durationMs = durationUs / 1000;
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
		return true;
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
		this.currentStart = NaN;
		this.current = undefined;
		this.counters.journeysEvicted = this.trackers.reduce((sum, t) => sum + t.evicted, 0);
		this.counters.journeyOrphans = this.trackers.reduce((sum, t) => sum + t.orphans, 0);
		return out;
	}
}

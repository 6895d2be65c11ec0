/**
 * Re-evaluation of history after a rule or KPI change: every stored span chunk of the
 * range goes through the new model again and the KPI windows are rebuilt. Pure: the
 * caller (the business worker) supplies the chunks, oldest first, and receives progress.
 *
 * Progress is the share of the range covered by the newest span end time seen so far
 * (chunks arrive in time order), reported at most once per percent and once at the end.
 * Spans ending outside [fromMs, toMs) are skipped (chunks straddle the range borders).
 *
 * The source is span chunks, or rule-rows records (rule-rows.ts, oldest first by their
 * newest row) when the model reads only what rows hold (rows-serve.ts `rowsServe`): the same
 * windows, without reading the spans.
 */
import type { SpanRecord } from '../../protocol/records';
import type { RollupLevel } from '../telemetry/levels';
import { KpiAccumulator, type AccumulatorCounters } from './accumulator';
import type { BusinessModel } from './model';
import type { RuleRows } from './rule-rows';
import type { KpiWindowRecord } from './windows';

export interface ReevaluationProgress {
	/** 0..1 */
	fraction: number;
	spans: number;
	matched: number;
	chunks: number;
}

export interface ReevaluationResult {
	/** Windows of `level`, oldest first (coarser levels: windows.ts coarsenKpiWindows). */
	windows: KpiWindowRecord[];
	level: RollupLevel;
	counters: AccumulatorCounters;
	/** Span chunks or rule-rows records read. */
	chunks: number;
	/** True when `isCancelled` stopped the run; `windows` then cover only part of the range. */
	cancelled: boolean;
}

export interface ReevaluateOptions {
	model: BusinessModel;
	chunks?: AsyncIterable<readonly SpanRecord[]> | Iterable<readonly SpanRecord[]>;
	/** Instead of `chunks`. */
	rows?: AsyncIterable<RuleRows> | Iterable<RuleRows>;
	fromMs: number;
	toMs: number;
	/** Default 1 min: 1,440 windows a day. */
	level?: RollupLevel;
	onProgress?: (progress: ReevaluationProgress) => void;
	/** Checked between chunks. */
	isCancelled?: () => boolean;
}

export async function reevaluateHistory(options: ReevaluateOptions): Promise<ReevaluationResult> {
	const { model, fromMs, toMs } = options;
	const level = options.level ?? '1m';
	const accumulator = new KpiAccumulator(model, { level });
	let newestMs = fromMs;
	/** The chunk's spans inside the range (the chunk itself in the common case), noting the newest end. */
	const inside = (chunk: readonly SpanRecord[]): readonly SpanRecord[] => {
		let outside = 0;
		for (let i = 0; i < chunk.length; i++) {
			const endMs = (chunk[i].startUs + chunk[i].durationUs) / 1000;
			if (endMs < fromMs || endMs >= toMs) outside++;
			else if (endMs > newestMs) newestMs = endMs;
		}
		if (outside === 0) return chunk;
		return chunk.filter((s) => {
			const endMs = (s.startUs + s.durationUs) / 1000;
			return endMs >= fromMs && endMs < toMs;
		});
	};
	const spanMs = Math.max(1, toMs - fromMs);
	let chunks = 0;
	let reported = -1;
	let cancelled = false;
	const report = (fraction: number) => {
		const percent = Math.floor(fraction * 100);
		if (percent <= reported) return;
		reported = percent;
		options.onProgress?.({ fraction, spans: accumulator.counters.spans, matched: accumulator.counters.matched, chunks });
	};
	for await (const chunk of options.chunks ?? []) {
		if (options.isCancelled?.()) {
			cancelled = true;
			break;
		}
		chunks++;
		accumulator.addSpans(inside(chunk));
		report(Math.min(0.99, (newestMs - fromMs) / spanMs));
	}
	for await (const record of options.rows ?? []) {
		if (cancelled || options.isCancelled?.()) {
			cancelled = true;
			break;
		}
		chunks++;
		accumulator.addRows(record, fromMs, toMs);
		newestMs = Math.max(newestMs, Math.min(record.toMs, toMs));
		report(Math.min(0.99, (newestMs - fromMs) / spanMs));
	}
	if (!cancelled) report(1);
	const windows = accumulator.takeDeltas();
	return { windows, level, counters: { ...accumulator.counters }, chunks, cancelled };
}

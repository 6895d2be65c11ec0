/**
 * Architecture findings over spans arriving in chunks, with bounded memory: spans are
 * grouped into traces (`TraceBuffer`), each settled trace is folded into bounded aggregates
 * (`collect.ts`) and dropped, and `report()` turns the aggregates into findings.
 */
import type { SpanRecord } from '../../../protocol/records';
import { TraceBuffer, type TraceBufferOptions, type TraceBufferStats } from '../trace-buffer';
import { collectTrace } from './collect';
import { reportFindings } from './report';
import { newFindingsState, type FindingsState } from './state';
import { defaultFindingSettings, type Finding, type FindingSettings } from './types';

export interface FindingsReport {
	findings: Finding[];
	traces: number;
	spans: number;
	buffer: TraceBufferStats;
	/** New keys refused per aggregate table because it was full (`maxKeys`). */
	dropped: FindingsState['dropped'];
}

export class FindingsAnalyzer {
	readonly settings: FindingSettings;
	private state = newFindingsState();
	private readonly buffer: TraceBuffer;

	constructor(settings: Partial<FindingSettings> = {}, buffer: TraceBufferOptions = {}) {
		this.settings = { ...defaultFindingSettings, ...settings };
		this.buffer = new TraceBuffer((spans) => collectTrace(this.state, spans, this.settings), buffer);
	}

	addSpans(spans: readonly SpanRecord[]): void {
		this.buffer.add(spans);
	}

	/** Findings so far; `flush` first folds in traces that have not settled yet (end of input). */
	report(options: { flush?: boolean } = {}): FindingsReport {
		if (options.flush ?? true) this.buffer.flush();
		return {
			findings: reportFindings(this.state, this.settings),
			traces: this.state.traces,
			spans: this.state.spans,
			buffer: this.buffer.stats(),
			dropped: { ...this.state.dropped }
		};
	}
}

/** One-shot convenience over a whole span set. */
export function analyzeSpans(spans: readonly SpanRecord[], settings: Partial<FindingSettings> = {}): FindingsReport {
	const analyzer = new FindingsAnalyzer(settings);
	analyzer.addSpans(spans);
	return analyzer.report();
}

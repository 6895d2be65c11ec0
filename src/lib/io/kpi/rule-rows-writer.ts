/**
 * Turns the transaction spans the KPI engine reads into rule-rows records (one open record
 * per kind, domain/business/rule-rows.ts) for the KPI window store. The open records are
 * written again with their ids as they grow, so a record fills up to `maxRowsPerRecord`
 * rows however few spans a step brings; a full record is written once more and left.
 * Bound: two open records (at most 2 × 8,192 rows) in memory.
 */
import { RuleRowsBuilder } from '../../domain/business/rule-rows';
import { isTransaction } from '../../domain/telemetry/transactions';
import type { SpanRecord } from '../../protocol/records';
import type { RowKind, StoredRuleRows } from './kpi-window-store';

interface OpenRecord {
	builder: RuleRowsBuilder;
	id?: number;
}

export class RuleRowsWriter {
	private open: Partial<Record<RowKind, OpenRecord>> = {};
	/** Full records not yet written. */
	private closed: StoredRuleRows[] = [];
	/** Where the open records are in what `take` returned last. */
	private taken: { kind: RowKind; index: number; open: OpenRecord }[] = [];

	/** Adds the transactions among `spans` (other spans are skipped). */
	add(spans: readonly SpanRecord[]): void {
		for (const span of spans) {
			const kind: RowKind = span.parentSpanId === '' ? 'entry' : 'inner';
			if (kind === 'inner' && !isTransaction(span)) continue;
			let record = this.open[kind];
			if (record?.builder.full) {
				this.closed.push({ ...record.builder.build(), kind, ...(record.id !== undefined ? { id: record.id } : {}) });
				record = undefined;
			}
			if (!record) record = this.open[kind] = { builder: new RuleRowsBuilder() };
			record.builder.add(span);
		}
	}

	/** Full records waiting to be written. */
	get pendingFull(): number {
		return this.closed.length;
	}

	/**
	 * What to write now: the full records, then (with `withOpen`) the open ones. Pass the
	 * ids the store gave them to `written`.
	 */
	take(withOpen: boolean): StoredRuleRows[] {
		const out = this.closed;
		this.closed = [];
		this.taken = [];
		if (withOpen) {
			for (const kind of ['entry', 'inner'] as const) {
				const open = this.open[kind];
				if (!open || open.builder.count === 0) continue;
				this.taken.push({ kind, index: out.length, open });
				out.push({ ...open.builder.build(), kind, ...(open.id !== undefined ? { id: open.id } : {}) });
			}
		}
		return out;
	}

	/** The ids the store gave the records `take` returned last, in order. */
	written(ids: readonly number[]): void {
		for (const { index, open } of this.taken) open.id = ids[index];
		this.taken = [];
	}

	/** Forgets every record (after the store's rows were cleared). */
	reset(): void {
		this.open = {};
		this.closed = [];
	}
}

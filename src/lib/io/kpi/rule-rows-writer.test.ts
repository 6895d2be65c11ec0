import { describe, expect, it } from 'vitest';
import { maxRowsPerRecord } from '../../domain/business/rule-rows';
import { bizSpan } from '../../domain/business/test-spans';
import { SpanKind } from '../../protocol/records';
import { MemoryKpiWindowStore } from './memory-kpi-window-store';
import { RuleRowsWriter } from './rule-rows-writer';

const t0 = Date.UTC(2026, 0, 5, 9);
const entry = (i: number) => bizSpan({ endMs: t0 + i });
const inner = (i: number) => ({ ...bizSpan({ endMs: t0 + i }), parentSpanId: 'p'.repeat(16) });
const client = (i: number) => ({ ...inner(i), kind: SpanKind.Client });

async function counts(store: MemoryKpiWindowStore) {
	const out: [string, number][] = [];
	for await (const r of store.ruleRows(['entry', 'inner'], 0)) out.push([r.kind, r.count]);
	return out.sort();
}

describe('RuleRowsWriter', () => {
	it('keeps transactions only, by kind, and grows each open record under one id', async () => {
		const store = new MemoryKpiWindowStore();
		const writer = new RuleRowsWriter();
		for (let step = 0; step < 3; step++) {
			writer.add([entry(step), inner(step), client(step), inner(step + 100)]);
			writer.written(await store.putRows(writer.take(true)));
		}
		expect(await counts(store)).toEqual([
			['entry', 3],
			['inner', 6]
		]);
	});

	it('closes a full record and starts the next, without losing a row', async () => {
		const store = new MemoryKpiWindowStore();
		const writer = new RuleRowsWriter();
		writer.add(Array.from({ length: maxRowsPerRecord - 1 }, (_, i) => entry(i)));
		writer.written(await store.putRows(writer.take(true)));
		writer.add(Array.from({ length: 10 }, (_, i) => entry(i)));
		expect(writer.pendingFull).toBe(1);
		writer.written(await store.putRows(writer.take(true)));
		writer.add([entry(1)]);
		writer.written(await store.putRows(writer.take(true)));
		expect(await counts(store)).toEqual([
			['entry', 10],
			['entry', maxRowsPerRecord]
		]);
		writer.reset();
		expect(writer.take(true)).toEqual([]);
	});
});

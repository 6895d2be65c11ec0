import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import type { SpanRecord } from '../src/lib/protocol/records';
import { SpanFactory } from '../test/fixtures/advisor/spans';
import { createAdvisorApi, type ReadProgress } from './advisor-api';

/** Four traces through a two-class monolith `core`, writing LEDGER from two business contexts. */
function monolithSpans(startUs = 0): SpanRecord[] {
	const f = new SpanFactory();
	for (let i = 0; i < 4; i++) {
		const atUs = startUs + i * 10_000;
		const root = f.entry('core', 'POST /x', atUs, 5_000, { attrs: { 'biz.transaction': i % 2 ? 'deposit' : 'transfer', 'biz.channel': i < 2 ? 'IB' : 'MB' } });
		const a = f.internal(root, 'A.run', atUs + 10, 4_000, { 'code.namespace': 'A', 'code.function': 'run' });
		const b = f.internal(a, 'B.save', atUs + 20, 1_000, { 'code.namespace': 'B', 'code.function': 'save' });
		f.db(b, 'LEDGER', 'INSERT', atUs + 30, 500, 'core');
	}
	return f.spans;
}

async function storeWith(spans: SpanRecord[]): Promise<MemoryTelemetryStore> {
	const store = new MemoryTelemetryStore();
	await store.writeBatches('epoch', [{ seq: 1, receivedMs: 0, resources: [], spans, metrics: [], logs: [] }]);
	return store;
}

describe('advisor worker api', () => {
	it('reports findings and decomposes the class spans it was fed', async () => {
		const api = createAdvisorApi();
		api.addSpans(monolithSpans());
		expect(api.findings().findings.map((x) => x.subject)).toEqual(['mysql core / ledger']);
		const reply = await api.decomposeSpans(1, { k: 2 });
		expect(reply.status).toBe('done');
		if (reply.status === 'done') expect(reply.decomposition?.proposal.services).toHaveLength(2);
	});

	it('answers superseded to an older decomposition request once a newer one arrived', async () => {
		const api = createAdvisorApi();
		const text = readFileSync('test/fixtures/advisor/three-modules.csv', 'utf8');
		const [older, newer] = await Promise.all([api.decomposeCsv(1, text, { k: 3 }), api.decomposeCsv(2, text, { k: 3 })]);
		expect(older.status).toBe('superseded');
		expect(newer).toMatchObject({ status: 'done', csv: { accepted: 13, errors: [{ line: 15 }] } });
	});
});

describe('advisor worker api on a stored window', () => {
	it('reads the window from the store with progress, then decomposes the monolith it found', async () => {
		const store = await storeWith(monolithSpans());
		const api = createAdvisorApi(() => store);
		const progress: ReadProgress[] = [];
		const reply = await api.readWindow(1, { dbName: 'test', fromMs: 0, toMs: 100 }, (p) => progress.push(p));
		expect(reply.status).toBe('done');
		if (reply.status !== 'done') return;
		expect(reply.cached).toBe(false);
		expect(reply.read.spans).toBe(16);
		expect(reply.read.findings.findings.map((x) => x.subject)).toEqual(['mysql core / ledger']);
		expect(reply.read.monoliths).toEqual([{ service: 'core', classSpans: 8, classes: 2, collected: true }]);
		expect(reply.read.contextCandidates.map((c) => c.key)).toEqual(['biz.channel', 'biz.transaction']);
		expect(progress.at(-1)).toMatchObject({ spans: 16 });
		expect(progress.every((p, i) => p.fraction >= 0 && p.fraction <= 1 && (i === 0 || p.fraction >= progress[i - 1].fraction))).toBe(true);

		const proposal = await api.decomposeSource(1, { kind: 'window', service: 'core' }, { k: 2 });
		expect(proposal.status).toBe('done');
		if (proposal.status !== 'done') return;
		expect(proposal.decomposition?.proposal.services.map((s) => s.classes)).toEqual([['A'], ['B']]);
		expect(proposal.drawing?.edges).toEqual([{ id: 'e:0:1', from: 'c:0', to: 'c:1', volume: 4, cut: true }]);
		expect(await api.decomposeSource(2, { kind: 'window', service: 'elsewhere' })).toEqual({ status: 'missing' });
	});

	it('answers the same window from memory, and a different context attribute by reading again', async () => {
		const store = await storeWith(monolithSpans());
		const api = createAdvisorApi(() => store);
		await api.readWindow(1, { dbName: 'test', fromMs: 0, toMs: 100 });
		expect(await api.readWindow(2, { dbName: 'test', fromMs: 0, toMs: 100 })).toMatchObject({ status: 'done', cached: true });
		const channel = await api.readWindow(3, { dbName: 'test', fromMs: 0, toMs: 100, contextAttribute: 'biz.channel' });
		expect(channel).toMatchObject({ status: 'done', cached: false });
		const proposal = await api.decomposeSource(1, { kind: 'window', service: 'core' }, { k: 1 });
		if (proposal.status !== 'done') throw new Error(proposal.status);
		expect(proposal.decomposition?.proposal.services[0].contexts.sort()).toEqual(['IB', 'MB']);
	});

	it("takes the business contexts from the designer's transactions when asked, reading again", async () => {
		const store = await storeWith(monolithSpans());
		const api = createAdvisorApi(() => store);
		await api.readWindow(1, { dbName: 'test', fromMs: 0, toMs: 100 });
		const rule = (value: string) => ({ kind: 'all' as const, conditions: [{ kind: 'test' as const, field: 'attr' as const, key: 'biz.transaction', op: 'equals' as const, value }] });
		const designer = {
			domains: [{ id: 'deposits', names: { en: 'Deposits' } }],
			transactions: [
				{ id: 'transfer', domainId: 'deposits', name: 'Account transfer', rule: rule('transfer') },
				{ id: 'deposit', domainId: 'deposits', name: 'Cash deposit', rule: rule('deposit') }
			]
		};
		expect(await api.readWindow(2, { dbName: 'test', fromMs: 0, toMs: 100, designer })).toMatchObject({ status: 'done', cached: false });
		expect(await api.readWindow(3, { dbName: 'test', fromMs: 0, toMs: 100, designer })).toMatchObject({ status: 'done', cached: true });
		const proposal = await api.decomposeSource(1, { kind: 'window', service: 'core' }, { k: 1 });
		if (proposal.status !== 'done') throw new Error(proposal.status);
		expect(proposal.decomposition?.proposal.services[0].contexts.sort()).toEqual(['Account transfer', 'Cash deposit']);
	});

	it('stops an older read once a newer one or a cancel arrives', async () => {
		const store = await storeWith([...monolithSpans(0), ...monolithSpans(50_000_000)]);
		const api = createAdvisorApi(() => store);
		const [older, newer] = await Promise.all([
			api.readWindow(1, { dbName: 'test', fromMs: 0, toMs: 100_000 }),
			api.readWindow(2, { dbName: 'test', fromMs: 0, toMs: 50_000 })
		]);
		expect(older.status).toBe('superseded');
		expect(newer).toMatchObject({ status: 'done', read: { spans: 16 } });
		const cancelled = api.readWindow(3, { dbName: 'test', fromMs: 0, toMs: 100_000 });
		api.cancelRead(4);
		expect((await cancelled).status).toBe('superseded');
	});

	it('says a read failed when the store throws, and keeps working', async () => {
		const broken = { spanChunks: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('IndexedDB is closed')) }) }) };
		const api = createAdvisorApi(() => broken);
		expect(await api.readWindow(1, { dbName: 'x', fromMs: 0, toMs: 1 })).toEqual({ status: 'failed', message: 'IndexedDB is closed' });
	});
});

describe('advisor worker api on a CSV file', () => {
	it('parses a dropped file with its errors, then decomposes it for any K without reading it again', async () => {
		const api = createAdvisorApi();
		expect(await api.decomposeSource(1, { kind: 'csv' })).toEqual({ status: 'missing' });
		const text = readFileSync('test/fixtures/advisor/three-modules.csv', 'utf8');
		const file = new File([text], 'three-modules.csv');
		const loaded = await api.loadCsv(1, file);
		expect(loaded).toMatchObject({ status: 'done', name: 'three-modules.csv', csv: { accepted: 13, errors: [{ line: 15, code: 'badTimestamp' }] }, graph: { classes: 9 } });
		const three = await api.decomposeSource(2, { kind: 'csv' }, { k: 3 });
		if (three.status !== 'done') throw new Error(three.status);
		const modules = three.decomposition!.proposal.services.map((s) => s.classes.map((c) => c.replace(/(Controller|Service|Repository)$/, '')).sort());
		expect(modules.map((m) => [...new Set(m)]).sort()).toEqual([['Account'], ['Card'], ['Loan']]);
		const two = await api.decomposeSource(3, { kind: 'csv' }, { k: 2 });
		expect(two.status === 'done' && two.decomposition?.proposal.services).toHaveLength(2);
	});
});

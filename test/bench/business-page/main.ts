/**
 * The in-browser half of test/bench/business.bench.ts: rule changes as the app runs them, in
 * the app's code and IndexedDB. The day's transaction spans are written through
 * DexieTelemetryStore.writeBatches (groups of 20,000, as ingest writes them); the KPI engine
 * (workers/business-engine.ts) evaluates the starter set once from them; the first rule
 * change (the warm-up of the first row below) reads them again and builds the rule rows
 * (domain/business/rule-rows.ts) in the DexieKpiWindowStore. Then, each measured as the
 * median of `runs` after that warm-up:
 * - a starter rule changed (alternately on and off): the engine re-evaluates its domain from
 *   the entry rows; baseline, alternating with the runs: reading the store's entry chunks;
 * - the 50-rule set put in place (every KPI evaluated), then one of its rules changed (the
 *   large-transfer threshold, alternately 1 M and 2 M): re-evaluated from every transaction's
 *   rows; baseline: reading the store's transaction chunks (what the engine read before rows).
 * Exposes `window.meridianBench`.
 */
import { BusinessModel } from '../../../src/lib/domain/business/model';
import { seedDomains } from '../../../src/lib/domain/business/seed';
import type { BusinessDefinitions } from '../../../src/lib/domain/business/types';
import { DexieTelemetryStore } from '../../../src/lib/io/dexie-store';
import { DexieKpiWindowStore } from '../../../src/lib/io/kpi/dexie-kpi-window-store';
import type { SpanFollowOptions } from '../../../src/lib/io/telemetry-store';
import type { SpanRecord } from '../../../src/lib/protocol/records';
import { KpiEngine, type EngineStatus } from '../../../workers/business-engine';
import { dayChunks, dayStartMs, generateDay, rootCount } from '../business-day';
import { allKpis, changedStarter, eq, fiftyRules, starterDefinitions } from '../business-rules';

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error);
	});
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function fiftyDefinitions(minKrw: number): BusinessDefinitions {
	const transactions = fiftyRules().map((r) =>
		r.id === 'large-transfers' ? { ...r, rule: { kind: 'all' as const, conditions: [eq('biz.transaction', 'account.transfer'), { kind: 'test' as const, field: 'attr' as const, key: 'biz.amount_krw', op: 'range' as const, min: minKrw }] } } : r
	);
	return { domains: [...seedDomains], transactions, kpis: allKpis(transactions) };
}

const bench = {
	async ruleChanges(options: { runs: number }) {
		const day = generateDay(1);
		const roots = rootCount(day);
		const name = 'bench-business-' + Date.now();
		const kpiName = name + '-kpi';
		const store = new DexieTelemetryStore({ name });
		const dayEndMs = dayStartMs + 86_400_000;
		let started = performance.now();
		let seq = 0;
		let group: SpanRecord[] = [];
		const flush = async () => {
			await store.writeBatches('day', [{ seq: ++seq, receivedMs: dayEndMs, resources: [], spans: group, metrics: [], logs: [] }]);
			group = [];
		};
		for (const chunk of dayChunks(day)) {
			group.push(...chunk);
			if (group.length >= 20_000) await flush();
		}
		if (group.length > 0) await flush();
		const writeMs = performance.now() - started;

		const windows = new DexieKpiWindowStore({ name: kpiName });
		let last: EngineStatus | undefined;
		let reevaluated: string[] | undefined;
		const engine = new KpiEngine({
			spans: store,
			windows,
			now: () => dayEndMs,
			onStatus: (s) => {
				last = s;
				if (s.phase === 'reevaluating') reevaluated = s.transactions;
			}
		});
		const settle = async () => {
			while (await engine.step());
		};
		const reading = async (query: SpanFollowOptions) => {
			const t = performance.now();
			let n = 0;
			for await (const chunk of store.spanChunks({ fromMs: dayStartMs, toMs: dayEndMs, ...query })) n += chunk.length;
			return { ms: performance.now() - t, n };
		};
		/** Median time of `runs` definition changes after a warm-up, each checked to re-evaluate `expect` from rows; baselines alternate with them. */
		const changes = async (defs: BusinessDefinitions[], expect: string, baseline: SpanFollowOptions) => {
			const changeMs: number[] = [];
			const readMs: number[] = [];
			let read = 0;
			let warmUpMs = 0;
			for (let r = 0; r <= options.runs; r++) {
				reevaluated = undefined;
				const t = performance.now();
				engine.setDefinitions(defs[r % defs.length]);
				await settle();
				const ms = performance.now() - t;
				if ((reevaluated as string[] | undefined)?.join() !== expect) throw new Error(`the engine re-evaluated ${JSON.stringify(reevaluated)}, not ${expect}`);
				// the warm-up of the first change builds the rows from the spans
				if (r > 0 && last?.source !== 'rows') throw new Error(`the engine re-evaluated from ${last?.source}, not rule rows`);
				if (r === 0) warmUpMs = ms;
				const base = await reading(baseline);
				read = base.n;
				if (r > 0) {
					changeMs.push(ms);
					readMs.push(base.ms);
				}
			}
			return { changeMs: median(changeMs), readMs: median(readMs), read, warmUpMs };
		};

		const starter = starterDefinitions();
		started = performance.now();
		engine.setDefinitions(starter);
		await settle();
		const firstMs = performance.now() - started;
		const starterRuns = await changes([changedStarter(starter), starter], 'account-transfer', { entriesOnly: true });
		if (starterRuns.read !== roots) throw new Error(`the store's entry chunks hold ${starterRuns.read} spans, the day ${roots}`);

		const fifty = [fiftyDefinitions(2_000_000), fiftyDefinitions(1_000_000)];
		const model = BusinessModel.build(fifty[1]);
		started = performance.now();
		engine.setDefinitions(fifty[1]);
		await settle();
		const fiftyAllMs = performance.now() - started;
		if (last?.source !== 'rows') throw new Error('the 50-rule set was not evaluated from rule rows');
		const fiftyRuns = await changes(fifty, 'large-transfers', { transactionsOnly: true });
		if (fiftyRuns.read !== day.length) throw new Error(`the store's transaction chunks hold ${fiftyRuns.read} spans, the day ${day.length}`);
		const part = model.subset({ transactions: ['large-transfers'] });

		let rows = 0;
		let records = 0;
		for await (const record of windows.ruleRows(['entry', 'inner'], 0)) {
			rows += record.count;
			records++;
		}
		store.close();
		windows.db.close();
		await deleteDatabase(name);
		await deleteDatabase(kpiName);
		return {
			spans: day.length,
			roots,
			rows,
			records,
			writeMs,
			firstMs,
			buildMs: starterRuns.warmUpMs,
			starter: { changeMs: starterRuns.changeMs, readMs: starterRuns.readMs },
			fifty: { kpis: model.kpis.length, allMs: fiftyAllMs, changeMs: fiftyRuns.changeMs, readMs: fiftyRuns.readMs, rules: part.model.transactions.length, targets: part.targets.length }
		};
	}
};

export type RuleChangeResult = Awaited<ReturnType<typeof bench.ruleChanges>>;

(globalThis as unknown as { meridianBench: typeof bench }).meridianBench = bench;
document.body.dataset.ready = 'true';

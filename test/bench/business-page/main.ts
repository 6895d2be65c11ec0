/**
 * The in-browser half of test/bench/business.bench.ts: a starter-rule change as the app runs
 * it, in the app's code and IndexedDB. The day's entry spans are written through
 * DexieTelemetryStore.writeBatches (groups of 20,000, as ingest writes them); the KPI engine
 * (workers/business-engine.ts) evaluates the starter set once, then each measured run changes
 * one rule (alternately on and off) and re-evaluates what it affects over the store's entry
 * chunks into a DexieKpiWindowStore. Baseline, alternating with the runs: reading the same
 * entry chunks without evaluating. Exposes `window.meridianBench`.
 */
import { DexieTelemetryStore } from '../../../src/lib/io/dexie-store';
import { DexieKpiWindowStore } from '../../../src/lib/io/kpi/dexie-kpi-window-store';
import type { SpanRecord } from '../../../src/lib/protocol/records';
import { KpiEngine } from '../../../workers/business-engine';
import { dayChunks, dayStartMs, generateDay, rootCount } from '../business-day';
import { changedStarter, starterDefinitions } from '../business-rules';

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error);
	});
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bench = {
	async starterChange(options: { runs: number }) {
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
		for (const chunk of dayChunks(day, { rootsOnly: true })) {
			group.push(...chunk);
			if (group.length >= 20_000) await flush();
		}
		if (group.length > 0) await flush();
		const writeMs = performance.now() - started;

		const windows = new DexieKpiWindowStore({ name: kpiName });
		let reevaluated: string[] | undefined;
		const engine = new KpiEngine({ spans: store, windows, now: () => dayEndMs, onStatus: (s) => s.phase === 'reevaluating' && (reevaluated = s.transactions) });
		const settle = async () => {
			while (await engine.step());
		};
		const defs = starterDefinitions();
		const changed = changedStarter(defs);
		started = performance.now();
		engine.setDefinitions(defs);
		await settle();
		const fullMs = performance.now() - started;
		const changeMs: number[] = [];
		const readMs: number[] = [];
		let read = 0;
		for (let r = 0; r <= options.runs; r++) {
			reevaluated = undefined;
			started = performance.now();
			engine.setDefinitions(r % 2 === 0 ? changed : defs);
			await settle();
			const ms = performance.now() - started;
			if ((reevaluated as string[] | undefined)?.join() !== 'account-transfer') throw new Error(`the engine re-evaluated ${JSON.stringify(reevaluated)}, not the changed rule`);
			started = performance.now();
			read = 0;
			for await (const chunk of store.spanChunks({ fromMs: dayStartMs, toMs: dayEndMs, entriesOnly: true })) read += chunk.length;
			// the first run of each warms up
			if (r > 0) {
				changeMs.push(ms);
				readMs.push(performance.now() - started);
			}
		}
		if (read !== roots) throw new Error(`the store's entry chunks hold ${read} spans, the day ${roots}`);
		store.close();
		windows.db.close();
		await deleteDatabase(name);
		await deleteDatabase(kpiName);
		return { roots, writeMs, fullMs, changeMs: median(changeMs), readMs: median(readMs) };
	}
};

(globalThis as unknown as { meridianBench: typeof bench }).meridianBench = bench;
document.body.dataset.ready = 'true';

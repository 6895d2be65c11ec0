/**
 * The insights host as the writer tab's insight worker runs it: one host per browser (Web
 * Lock `meridian-insights`; when the writer tab closes the next writer's worker takes over),
 * a cycle every `cycleMs` that never overlaps itself, snapshots broadcast to every tab on the
 * BroadcastChannel `meridian-insights`, rules read from the user's `analysis-rule` documents
 * (meridian-docs) once a minute, and the shipped forecasting model loaded on first use.
 */
import { InsightHost, type InsightHostSource } from '../src/lib/io/insights/insight-host';
import type { InsightHistoryStore } from '../src/lib/io/insights/history-store';
import { standardForecasters } from '../src/lib/domain/insights/forecast/library';
import { neuralForecaster } from '../src/lib/domain/insights/forecast/neural';
import type { Forecaster } from '../src/lib/domain/insights/forecast/types';
import { ruleSet, ruleDocType } from '../src/lib/domain/insights/live/rule-docs';
import type { InsightSnapshot, ModelState } from '../src/lib/domain/insights/live/snapshot';
import type { RuleDocument } from '../src/lib/domain/insights/rules/types';
import type { Json } from '../src/lib/protocol/sync';
import { loadTimeSeriesModel, type TimeSeriesModelOptions } from '../src/lib/io/time-series-model';
import { DexieTelemetryStore } from '../src/lib/io/dexie-store';
import { DexieInsightHistoryStore } from '../src/lib/io/insights/dexie-history-store';
import { DexieLocalDocStore } from '../src/lib/io/docs/dexie-local-store';
import { viewOf } from '../src/lib/domain/docs/edits';

export const insightsChannelName = 'meridian-insights';
export const insightsLockName = 'meridian-insights';

export type InsightsMessage = { type: 'snapshot'; snapshot: InsightSnapshot };

export interface HostStartOptions {
	dbName: string;
	model: TimeSeriesModelOptions;
	utcOffsetMinutes: number;
	/** Relay clock minus this browser's clock (ms). */
	clockOffsetMs: number;
}

export interface RuntimeDeps {
	openSource(dbName: string): InsightHostSource & { close(): void };
	openHistory(): InsightHistoryStore;
	ruleDocs(): Promise<{ id: string; body: Record<string, Json> }[]>;
	channel(): { postMessage(message: InsightsMessage): void; close(): void } | undefined;
	locks(): Pick<LockManager, 'request'> | undefined;
	loadModel(options: TimeSeriesModelOptions): Promise<Forecaster>;
}

/** The worker's real dependencies: the IndexedDB stores, the channel, the lock and transformers.js. */
export const browserDeps = (): RuntimeDeps => ({
	openSource: (dbName) => new DexieTelemetryStore({ name: dbName }),
	openHistory: () => new DexieInsightHistoryStore(),
	ruleDocs: async () => {
		const store = new DexieLocalDocStore();
		try {
			return (await store.list(ruleDocType)).map(viewOf).filter((v) => !v.deleted).map((v) => ({ id: v.id, body: v.body }));
		} finally {
			store.close();
		}
	},
	channel: () => (typeof BroadcastChannel === 'function' ? new BroadcastChannel(insightsChannelName) : undefined),
	locks: () => (globalThis.navigator as Navigator | undefined)?.locks,
	loadModel: async (options) => neuralForecaster('patchtst', await loadTimeSeriesModel(options))
});

export class HostRuntime {
	readonly #deps: RuntimeDeps;
	#host: InsightHost | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;
	#release: (() => void) | undefined;
	#clockOffsetMs = 0;
	#model: ModelState = { state: 'off' };
	#neural: Forecaster | undefined;
	#rules: { at: number; rules: readonly RuleDocument[] } = { at: -Infinity, rules: [] };
	#closers: (() => void)[] = [];
	lastError: string | null = null;

	constructor(deps: RuntimeDeps) {
		this.#deps = deps;
	}

	setClockOffset(offsetMs: number): void {
		if (Number.isFinite(offsetMs)) this.#clockOffsetMs = offsetMs;
	}

	get modelState(): ModelState {
		return this.#model;
	}

	/** Starts once this worker holds the lock; resolves at once. */
	start(options: HostStartOptions, cycleMs = 10_000): void {
		this.#clockOffsetMs = options.clockOffsetMs;
		const run = async () => {
			if (this.#stopped) return;
			const source = this.#deps.openSource(options.dbName);
			const history = this.#deps.openHistory();
			const channel = this.#deps.channel();
			this.#closers.push(() => source.close(), () => history.close(), () => channel?.close());
			this.#host = new InsightHost({
				source,
				history,
				publish: (snapshot) => channel?.postMessage({ type: 'snapshot', snapshot }),
				now: () => Date.now() + this.#clockOffsetMs,
				rules: () => this.#currentRules(),
				forecasters: () => this.#forecasters(options.model),
				modelState: () => this.#model,
				utcOffsetMinutes: options.utcOffsetMinutes
			});
			try {
				await this.#host.start();
			} catch (error) {
				// saved state unreadable: the host starts without it (bands learn afresh)
				this.lastError = error instanceof Error ? error.message : String(error);
			}
			const loop = async () => {
				if (this.#stopped) return;
				try {
					await this.#host!.cycle();
					this.lastError = null;
				} catch (error) {
					// a failed cycle (store closed, quota) is retried at the next tick; nothing is lost
					this.lastError = error instanceof Error ? error.message : String(error);
				}
				if (!this.#stopped) this.#timer = setTimeout(loop, cycleMs);
			};
			await loop();
			await new Promise<void>((resolve) => (this.#release = resolve));
		};
		const locks = this.#deps.locks();
		if (locks) void locks.request(insightsLockName, run);
		else void run();
	}

	async #currentRules(): Promise<readonly RuleDocument[]> {
		if (Date.now() - this.#rules.at < 60_000) return this.#rules.rules;
		let docs: { id: string; body: Record<string, Json> }[] = [];
		try {
			docs = await this.#deps.ruleDocs();
		} catch {
			// documents unreadable (another schema version open): built-ins still apply
		}
		this.#rules = { at: Date.now(), rules: ruleSet(docs).rules };
		return this.#rules.rules;
	}

	async #forecasters(model: TimeSeriesModelOptions): Promise<readonly Forecaster[]> {
		if (this.#model.state === 'off') {
			this.#model = { state: 'loading' };
			try {
				this.#neural = await this.#deps.loadModel(model);
				this.#model = { state: 'ready' };
			} catch (error) {
				this.#model = { state: 'failed', error: error instanceof Error ? error.message : String(error) };
			}
		}
		return standardForecasters(this.#neural);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#release?.();
		for (const close of this.#closers.splice(0)) close();
	}
}


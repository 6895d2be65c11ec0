/**
 * What the insight worker exposes (insight.worker.ts wraps it with comlink). Every analysis
 * is a domain function; the state is the optional neural forecaster (loaded on demand, used
 * by `forecast` when present), the insights host (started by the writer tab, see
 * insight-runtime.ts) and the page's last imported file (analysed offline, never stored).
 */
import { bandAndScore, streamingScores } from '../src/lib/domain/insights/series-analysis';
import { forecastWithBestModel } from '../src/lib/domain/insights/forecast/backtest';
import { standardForecasters } from '../src/lib/domain/insights/forecast/library';
import { neuralForecaster } from '../src/lib/domain/insights/forecast/neural';
import type { Forecaster } from '../src/lib/domain/insights/forecast/types';
import { breachAlert, predictBreach } from '../src/lib/domain/insights/failure';
import { clusterDays } from '../src/lib/domain/insights/patterns';
import { analyseCauses } from '../src/lib/domain/insights/causal';
import { rankRootCauses } from '../src/lib/domain/insights/rca';
import { evaluateRules } from '../src/lib/domain/insights/rules/evaluate';
import { builtinRules } from '../src/lib/domain/insights/rules/library';
import { parseRule } from '../src/lib/domain/insights/rules/validate';
import { analyseSeries, type SeriesAnalysis } from '../src/lib/domain/insights/live/analyse-series';
import { parseMetricsCsv, type ImportResult } from '../src/lib/domain/insights/live/import-csv';
import { parseOtlpFile } from '../src/lib/domain/insights/live/import-otlp';
import { compareModelOutput, isModelCheckFixture, type ModelCheckResult } from '../src/lib/domain/insights/live/model-check';
import { loadSeries } from '../src/lib/sim/index';
import { loadTimeSeriesModel, type TimeSeriesModelOptions } from '../src/lib/io/time-series-model';
import { HostRuntime, browserDeps, type HostStartOptions, type RuntimeDeps } from './insight-runtime';

export interface ForecastCall {
	history: number[];
	horizon: number;
	periodSteps: number;
	coverage?: number;
	folds?: number;
}

/** An import as the page lists it: each series' name, size and time span (the values stay in the worker). */
export interface ImportSummary {
	fileName: string;
	format: ImportResult['format'] | 'sample';
	series: { name: string; points: number; fromMs: number; toMs: number }[];
	issues: ImportResult['issues'];
	moreIssues: number;
}

export type ModelCheckOutcome = ({ status: 'done' } & ModelCheckResult & { contextLength: number; predictionLength: number }) | { status: 'failed'; message: string };

/** Largest file the import reads (text in the worker's memory). */
export const maxImportChars = 64 * 1024 * 1024;

function summaryOf(fileName: string, result: ImportResult, format: ImportSummary['format'] = result.format): ImportSummary {
	return {
		fileName,
		format,
		series: result.series.map((s) => ({ name: s.name, points: s.values.length, fromMs: s.timesMs[0] ?? NaN, toMs: s.timesMs[s.timesMs.length - 1] ?? NaN })),
		issues: result.issues,
		moreIssues: result.moreIssues
	};
}

/**
 * `wasmPaths`: the ONNX runtime files as this worker's bundle serves them (browser); every
 * model load without its own uses them, so nothing is fetched from outside the app.
 */
export function createInsightApi(deps: RuntimeDeps = browserDeps(), wasmPaths?: TimeSeriesModelOptions['wasmPaths']) {
	const withWasm = (model: TimeSeriesModelOptions): TimeSeriesModelOptions => (model.wasmPaths || !wasmPaths ? model : { ...model, wasmPaths });
	let neural: Forecaster | undefined;
	let imported: ImportResult | undefined;
	const runtime = new HostRuntime(deps);
	const load = (model: TimeSeriesModelOptions) => loadTimeSeriesModel(withWasm(model));
	const localForecasters = async (model?: TimeSeriesModelOptions) => {
		if (!neural && model) {
			try {
				neural = neuralForecaster('patchtst', await load(model));
			} catch {
				// statistical forecasters answer; the page shows the model's own check for why
			}
		}
		return standardForecasters(neural);
	};
	return {
		bandAndScore,
		streamingScores,
		predictBreach,
		breachAlert,
		clusterDays,
		analyseCauses,
		rankRootCauses,
		evaluateRules,
		parseRule,
		builtinRules: () => builtinRules,
		/** Loads the shipped model; resolves false with the reason when it cannot (forecasts stay statistical). */
		async loadModel(options: TimeSeriesModelOptions): Promise<{ loaded: boolean; error?: string }> {
			try {
				neural = neuralForecaster('patchtst', await load(options));
				return { loaded: true };
			} catch (error) {
				return { loaded: false, error: (error as Error).message };
			}
		},
		forecast(call: ForecastCall) {
			return forecastWithBestModel({ ...call, forecasters: standardForecasters(neural) });
		},

		/** Runs the insights host in this worker once it holds the browser-wide lock (writer tab). */
		startHost(options: HostStartOptions): void {
			runtime.start({ ...options, model: withWasm(options.model) });
		},
		setClockOffset(offsetMs: number): void {
			runtime.setClockOffset(offsetMs);
		},
		hostError(): string | null {
			return runtime.lastError;
		},
		stopHost(): Promise<void> {
			return runtime.stop();
		},

		/** Reads a dropped file (metrics CSV, or OTLP/JSON metrics or traces); nothing is stored. */
		importFile(fileName: string, text: string): ImportSummary {
			if (text.length > maxImportChars) {
				imported = undefined;
				return { fileName, format: 'csv', series: [], issues: [{ code: 'too-many-rows', detail: `The file is larger than ${maxImportChars / 1024 / 1024} MiB.` }], moreIssues: 0 };
			}
			const looksJson = /^\s*[{[]/.test(text) || /\.(json|jsonl|ndjson)$/i.test(fileName);
			imported = looksJson ? parseOtlpFile(text, { nowMs: Date.now() }) : parseMetricsCsv(text);
			return summaryOf(fileName, imported);
		},
		/** Four weeks of the demo bank's load model at five minutes (Poisson, seed 1): a series with history to analyse offline. */
		importSample(nowMs: number): ImportSummary {
			const stepMs = 5 * 60_000;
			const count = 28 * 288;
			const startMs = Math.floor(nowMs / stepMs) * stepMs - count * stepMs;
			const values = Array.from(loadSeries({ startMs, stepMs, count, seed: 1 }), (v) => v / (stepMs / 1000));
			imported = { format: 'csv', series: [{ name: 'demo bank transactions per second', timesMs: values.map((_, i) => startMs + i * stepMs), values }], issues: [], moreIssues: 0 };
			return summaryOf('demo-bank-load.csv', imported, 'sample');
		},
		/** Bands, anomalies, load patterns and forecasts of one imported series. */
		async analyseImported(index: number, options: { utcOffsetMinutes: number; model?: TimeSeriesModelOptions }): Promise<SeriesAnalysis> {
			const s = imported?.series[index];
			if (!s) throw new RangeError(`No imported series ${index}: import a file first.`);
			return analyseSeries({ name: s.name, timesMs: s.timesMs, values: s.values, forecasters: await localForecasters(options.model), utcOffsetMinutes: options.utcOffsetMinutes });
		},
		/** Loads the model offline and compares its output on the recorded input with the fixture at `fixtureUrl`. */
		async checkModel(options: TimeSeriesModelOptions, fixtureUrl: string): Promise<ModelCheckOutcome> {
			try {
				const response = await fetch(fixtureUrl);
				if (!response.ok) throw new Error(`${fixtureUrl} answered ${response.status}`);
				const fixture: unknown = await response.json();
				if (!isModelCheckFixture(fixture)) throw new Error(`${fixtureUrl} is not a model check file`);
				const runner = await load(options);
				if (fixture.input.length !== runner.contextLength) throw new Error(`the check input has ${fixture.input.length} values; the model takes ${runner.contextLength}`);
				const output = await runner.run(Float32Array.from(fixture.input));
				neural ??= neuralForecaster('patchtst', runner);
				return { status: 'done', contextLength: runner.contextLength, predictionLength: runner.predictionLength, ...compareModelOutput(output, fixture) };
			} catch (error) {
				return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
			}
		}
	};
}

export type InsightApi = ReturnType<typeof createInsightApi>;
export type { HostStartOptions } from './insight-runtime';

/**
 * Wraps a fixed-shape neural forecaster (such as the shipped PatchTST, context 576 ->
 * prediction 288) as a Forecaster. The inference itself is injected (`run`), so domain code
 * stays pure: src/lib/io/time-series-model.ts supplies it with transformers.js.
 *
 * Shorter histories are left-padded by repeating the earliest period (or the first value);
 * horizons beyond `predictionLength` are produced by feeding forecasts back as context.
 */
import { fillGaps } from './statistical';
import type { ForecastRequest, Forecaster } from './types';

export interface NeuralRunner {
	contextLength: number;
	predictionLength: number;
	/** One univariate window of `contextLength` values in, `predictionLength` values out. */
	run(context: Float32Array): Promise<Float32Array>;
}

export function padContext(history: readonly number[], contextLength: number, periodSteps: number): Float32Array {
	const x = fillGaps(history);
	const out = new Float32Array(contextLength);
	if (x.length >= contextLength) {
		out.set(x.slice(x.length - contextLength));
		return out;
	}
	const missing = contextLength - x.length;
	const p = periodSteps > 0 && x.length >= periodSteps ? periodSteps : 0;
	for (let i = 0; i < missing; i++) {
		// Position i sits (missing - i) steps before the first known value.
		const back = missing - i;
		out[i] = p > 0 ? x[(p - (back % p)) % p] : (x[0] ?? 0);
	}
	out.set(x, missing);
	return out;
}

export function neuralForecaster(name: string, runner: NeuralRunner): Forecaster {
	return {
		name,
		minHistory: (p) => Math.max(24, Math.min(runner.contextLength, p > 0 ? p : 24)),
		async forecast({ history, horizon, periodSteps }: ForecastRequest): Promise<number[]> {
			let context = Array.from(padContext(history, runner.contextLength, periodSteps));
			const out: number[] = [];
			while (out.length < horizon) {
				const y = await runner.run(Float32Array.from(context.slice(context.length - runner.contextLength)));
				for (let i = 0; i < y.length && out.length < horizon; i++) out.push(y[i]);
				context = context.concat(Array.from(y));
			}
			return out;
		}
	};
}

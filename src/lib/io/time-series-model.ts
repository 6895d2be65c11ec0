/**
 * Loads a shipped time-series model (static/models/<name>/: config.json + onnx/model.onnx)
 * with transformers.js and exposes it as a NeuralRunner for the domain's neuralForecaster.
 * Offline only: remote models are disabled, so a missing file fails fast with a clear error
 * instead of reaching for a model hub.
 */
import { env, PatchTSMixerForPrediction, PatchTSTForPrediction, Tensor } from '@huggingface/transformers';
import type { NeuralRunner } from '../domain/insights/forecast/neural';

export interface TimeSeriesModelOptions {
	/** Folder name under `localModelPath`, e.g. 'meridian-patchtst'. */
	name: string;
	/** Directory (Node) or URL path (browser) holding model folders, e.g. '/models/'. */
	localModelPath: string;
	/**
	 * Where the ONNX runtime's wasm files are served from (browser only): a folder URL, or the
	 * exact URLs of the runtime's `.mjs` factory and `.wasm` binary as the app's bundler emits them.
	 */
	wasmPaths?: string | { mjs: string; wasm: string };
	architecture?: 'patchtst' | 'patchtsmixer';
}

interface ModelConfig {
	context_length: number;
	prediction_length: number;
}

export async function loadTimeSeriesModel(options: TimeSeriesModelOptions): Promise<NeuralRunner> {
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = options.localModelPath;
	const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown } };
	if (options.wasmPaths && onnx.wasm) onnx.wasm.wasmPaths = typeof options.wasmPaths === 'string' ? options.wasmPaths : { ...options.wasmPaths };
	const Model = options.architecture === 'patchtsmixer' ? PatchTSMixerForPrediction : PatchTSTForPrediction;
	let model: Awaited<ReturnType<typeof PatchTSTForPrediction.from_pretrained>>;
	try {
		model = await Model.from_pretrained(options.name, { dtype: 'fp32' });
	} catch (error) {
		throw new Error(
			`The forecasting model "${options.name}" could not be loaded from ${options.localModelPath} (${(error as Error).message}). ` +
				'Statistical forecasters keep working without it.'
		);
	}
	const config = model.config as unknown as ModelConfig;
	const contextLength = config.context_length;
	const predictionLength = config.prediction_length;
	return {
		contextLength,
		predictionLength,
		async run(context: Float32Array): Promise<Float32Array> {
			if (context.length !== contextLength) throw new RangeError(`context must have ${contextLength} values, got ${context.length}`);
			const pastValues = new Tensor('float32', context, [1, contextLength, 1]);
			const output = (await model({ past_values: pastValues })) as { prediction_outputs: Tensor };
			return Float32Array.from(output.prediction_outputs.data as Float32Array);
		}
	};
}

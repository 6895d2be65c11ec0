/**
 * The shipped PatchTST loads offline through transformers.js (onnxruntime-node) and gives the
 * same forecast PyTorch gave at export time (export-check.json, written by train.py for the
 * first training window: the first 576 points of simulator-like series seed 1000).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTimeSeriesModel } from '../../src/lib/io/time-series-model';
import { neuralForecaster } from '../../src/lib/domain/insights/forecast/neural';
import { syntheticLoadSeries } from './synthetic-series';
import { projectRoot } from './sections';

const modelDir = join(projectRoot, 'static', 'models');
const reference = JSON.parse(readFileSync(join(modelDir, 'meridian-patchtst', 'export-check.json'), 'utf8')) as { input_rows: number; first_output: number[] };

describe('meridian-patchtst', () => {
	it('matches the PyTorch reference output within 1e-4 relative', async () => {
		const runner = await loadTimeSeriesModel({ name: 'meridian-patchtst', localModelPath: modelDir + '/' });
		expect(runner.contextLength).toBe(reference.input_rows);
		expect(runner.predictionLength).toBe(288);
		const input = Float32Array.from(syntheticLoadSeries(1000).values.slice(0, runner.contextLength));
		const out = await runner.run(input);
		expect(out.length).toBe(288);
		reference.first_output.forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThan(1e-4 * Math.abs(v) + 1e-3));
	});

	it('forecasts a day ahead through the domain wrapper, and fails clearly for a missing model', async () => {
		const runner = await loadTimeSeriesModel({ name: 'meridian-patchtst', localModelPath: modelDir + '/' });
		const f = neuralForecaster('patchtst', runner);
		const history = syntheticLoadSeries(3).values.slice(0, 2016);
		const fc = await f.forecast({ history, horizon: 300, periodSteps: 288 });
		expect(fc.length).toBe(300);
		expect(fc.every(Number.isFinite)).toBe(true);
		await expect(loadTimeSeriesModel({ name: 'no-such-model', localModelPath: modelDir + '/' })).rejects.toThrow(/could not be loaded/);
	});
});

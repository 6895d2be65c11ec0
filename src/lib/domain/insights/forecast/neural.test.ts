import { describe, expect, it } from 'vitest';
import { neuralForecaster, padContext, type NeuralRunner } from './neural';

/** A stand-in runner whose output is determined by its input: next values continue +1 steps. */
const counting: NeuralRunner = {
	contextLength: 4,
	predictionLength: 3,
	async run(context) {
		const last = context[context.length - 1];
		return Float32Array.from([last + 1, last + 2, last + 3]);
	}
};

describe('neuralForecaster', () => {
	it('feeds its own forecasts back for horizons beyond the model output', async () => {
		const f = neuralForecaster('n', counting);
		expect(await f.forecast({ history: [1, 2, 3, 4, 5], horizon: 7, periodSteps: 0 })).toEqual([6, 7, 8, 9, 10, 11, 12]);
	});

	it('left-pads a short history by repeating its first period', () => {
		// Four padded points keep the phase: ... 3 | 1 2 3 | 1 2 3.
		expect(Array.from(padContext([1, 2, 3], 7, 3))).toEqual([3, 1, 2, 3, 1, 2, 3]);
		expect(Array.from(padContext([5], 3, 0))).toEqual([5, 5, 5]);
		expect(Array.from(padContext([1, 2, 3, 4, 5], 3, 0))).toEqual([3, 4, 5]);
	});
});

import { describe, expect, it } from 'vitest';
import { createInsightApi } from './insight-api';

describe('insight worker API', () => {
	it('forecasts with statistical models until a neural model is loaded, and reports a missing model', async () => {
		const api = createInsightApi();
		const history = Array.from({ length: 24 * 10 }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 24));
		const fc = await api.forecast({ history, horizon: 12, periodSteps: 24 });
		expect(fc.mean.length).toBe(12);
		expect(fc.forecaster).not.toBe('patchtst');
		fc.mean.forEach((m, h) => expect(m).toBeCloseTo(history[history.length - 24 + h], 0));
		const load = await api.loadModel({ name: 'no-such-model', localModelPath: '/nonexistent/' });
		expect(load.loaded).toBe(false);
		expect(load.error).toMatch(/could not be loaded/);
	});

	it('exposes the rule library and validation', () => {
		const api = createInsightApi();
		expect(api.builtinRules().length).toBe(7);
		expect(api.parseRule({}).ok).toBe(false);
	});
});

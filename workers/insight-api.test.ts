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

describe('insight worker: offline import', () => {
	it('reads a CSV, lists its series, and analyses one without storing anything', async () => {
		const api = createInsightApi();
		const rows = Array.from({ length: 600 }, (_, i) => `${1_700_000_000 + i * 60},${50 + 20 * Math.sin((2 * Math.PI * i) / 60) + (i >= 500 && i < 510 ? 400 : 0)}`);
		const summary = api.importFile('load.csv', ['time,requests', ...rows].join('\n'));
		expect(summary).toMatchObject({ format: 'csv', series: [{ name: 'requests', points: 600, fromMs: 1_700_000_000_000 }], issues: [] });
		const a = await api.analyseImported(0, { utcOffsetMinutes: 0 });
		expect(a.stepMs).toBe(60_000);
		expect(a.anomalies.some((e) => e.startMs === 1_700_000_000_000 + 500 * 60_000)).toBe(true);
		expect(a.forecasts[0].status).toBe('done');
		await expect(api.analyseImported(3, { utcOffsetMinutes: 0 })).rejects.toThrow(/No imported series 3/);
	});

	it('offers four weeks of the demo bank load as a sample, with load patterns', async () => {
		const api = createInsightApi();
		const summary = api.importSample(Date.UTC(2026, 10, 30));
		expect(summary.series[0].points).toBe(28 * 288);
		const a = await api.analyseImported(0, { utcOffsetMinutes: 540 });
		const labels = new Set(a.patterns?.days.map((d) => d.label));
		expect(labels.has('weekday')).toBe(true);
		expect(labels.has('weekend')).toBe(true);
		expect(a.forecasts.map((f) => f.status)).toEqual(['done', 'done']);
	}, 60_000);
});

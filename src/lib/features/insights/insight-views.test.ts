import { describe, expect, it } from 'vitest';
import type { ForecastView } from '$lib/domain/insights/live/forecast-plan';
import { bandedChart, conditionRows, forecastChart, maseRows, patternShapes, spanParts } from './insight-views';

describe('insight views', () => {
	it('turns a series chart into uPlot data in seconds with its band, gaps as null and the lower edge at zero', () => {
		const c = bandedChart({ xsMs: [10_000, 20_000], values: [5, NaN], expected: [4, 4], lower: [-2, 1], upper: [10, 7] }, 10_000);
		expect(c.data).toEqual([[10, 20], [5, null]]);
		expect(c.band).toEqual({ lower: [0, 1], expected: [4, 4], upper: [10, 7] });
		expect(c.stepSec).toBe(10);
	});

	it('charts a forecast from its first step, and lists backtests with the chosen forecaster first', () => {
		const f: ForecastView = { forecaster: 'holt-winters', mean: [1, 2], lower: [0, 1], upper: [2, 3], coverage: 0.8, horizon: 'hour', fromMs: 60_000, stepMs: 60_000, backtestMase: { 'seasonal-naive': 0.5, 'holt-winters': 0.7, patchtst: NaN } };
		expect(forecastChart(f).data).toEqual([[60, 120], [1, 2]]);
		expect(maseRows(f).map((r) => [r.name, r.chosen])).toEqual([
			['holt-winters', true],
			['seasonal-naive', false]
		]);
	});

	it('lays condition trees out as indented rows and daily shapes over the hours of a day', () => {
		const rows = conditionRows([
			{ id: 'calls-database', fired: true, node: 'db:mysql/deposits' },
			{ id: 'degraded', fired: true, children: [{ id: 'latency-anomalous', fired: true, node: 'transfer', observed: 12 }, { id: 'errors-anomalous', fired: false, reason: 'below-threshold' }] }
		]);
		expect(rows.map((r) => [r.id, r.depth, r.group])).toEqual([
			['calls-database', 0, false],
			['degraded', 0, true],
			['latency-anomalous', 1, false],
			['errors-anomalous', 1, false]
		]);
		const shapes = patternShapes({ k: 2, silhouette: 0.6, scale: 1, days: [], groups: [{ id: 0, label: 'weekday', centroid: [1, 2, 3, 4], days: 5 }, { id: 1, label: 'weekend', centroid: [0, 1, 1, 0], days: 2 }] });
		expect(shapes.xsSec).toEqual([0, 21_600, 43_200, 64_800]);
		expect(shapes.columns).toEqual([[1, 2, 3, 4], [0, 1, 1, 0]]);
		expect(spanParts(120 * 60_000)).toEqual({ unit: 'hours', value: 2 });
		expect(spanParts(40 * 60_000)).toEqual({ unit: 'minutes', value: 40 });
		expect(spanParts(2 * 86_400_000)).toEqual({ unit: 'days', value: 2 });
	});
});

import { describe, expect, it } from 'vitest';
import { healthOf } from './health';
import type { Figures } from './types';

const figures = (requests: number, errorRate: number, p95Ms: number): Figures => ({
	requests, errors: Math.round(requests * errorRate), requestsPerSec: requests / 60, errorRate, p50Ms: p95Ms / 2, p95Ms, p99Ms: p95Ms * 1.2
});

describe('healthOf', () => {
	it.each([
		['idle', figures(0, 0, Number.NaN), 'idle', []],
		['too little traffic', figures(5, 0.6, 5000), 'unknown', []],
		['healthy', figures(100, 0.01, 200), 'ok', []],
		['errors warn', figures(100, 0.03, 200), 'warn', ['errors']],
		['errors critical', figures(100, 0.2, 200), 'crit', ['errors']],
		['slow', figures(100, 0, 1500), 'warn', ['latency']],
		['both', figures(100, 0.5, 4000), 'crit', ['errors', 'latency']]
	] as const)('%s', (_, f, health, reasons) => {
		expect(healthOf(f)).toEqual({ health, reasons: [...reasons] });
	});

	it('judges against a baseline instead of fixed thresholds when one is given', () => {
		const baseline = { errorRate: 0.001, p95Ms: 40 };
		expect(healthOf(figures(100, 0.001, 70), { baseline }).health).toBe('warn');
		expect(healthOf(figures(100, 0.001, 150), { baseline }).health).toBe('crit');
		// a slow service is fine at its usual 2.5 s
		expect(healthOf(figures(100, 0.001, 2500), { baseline: { p95Ms: 2400 } }).health).toBe('ok');
		// 1 error in 100 against a clean baseline is under the 2-point margin
		expect(healthOf(figures(100, 0.01, 40), { baseline: { errorRate: 0, p95Ms: 40 } }).health).toBe('ok');
		expect(healthOf(figures(100, 0.15, 40), { baseline: { errorRate: 0.01, p95Ms: 40 } })).toEqual({ health: 'crit', reasons: ['errors'] });
	});

	it('accepts custom thresholds', () => {
		expect(healthOf(figures(100, 0, 300), { thresholds: { p95WarnMs: 250 } }).health).toBe('warn');
	});
});

import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
	it('stays closed until 5 calls are seen, then opens at ≥ 50 % failures', () => {
		const b = new CircuitBreaker('x', 30_000);
		for (let i = 0; i < 4; i++) expect(b.record(false, i)).toBeUndefined();
		expect(b.state).toBe('closed');
		expect(b.record(false, 4)).toEqual({ from: 'closed', to: 'open' });
		expect(b.tryAcquire(10)).toEqual({ permitted: false });
	});

	it('does not open while failures stay under half of the window', () => {
		const b = new CircuitBreaker('x');
		for (let i = 0; i < 30; i++) b.record(i % 3 !== 0, i);
		expect(b.state).toBe('closed');
	});

	it('lets three trial calls through after the wait, then closes on success or reopens on failure', () => {
		const b = new CircuitBreaker('x', 1_000);
		for (let i = 0; i < 5; i++) b.record(false, 0);
		expect(b.tryAcquire(999).permitted).toBe(false);
		expect(b.tryAcquire(1_000)).toEqual({ permitted: true, transition: { from: 'open', to: 'half_open' } });
		expect(b.tryAcquire(1_001).permitted).toBe(true);
		expect(b.tryAcquire(1_002).permitted).toBe(true);
		expect(b.tryAcquire(1_003).permitted).toBe(false);
		b.record(true, 1_100);
		b.record(true, 1_100);
		expect(b.record(true, 1_100)).toEqual({ from: 'half_open', to: 'closed' });

		for (let i = 0; i < 5; i++) b.record(false, 2_000);
		expect(b.tryAcquire(3_000).permitted).toBe(true);
		expect(b.record(false, 3_100)).toEqual({ from: 'half_open', to: 'open' });
		expect(b.tryAcquire(3_500).permitted).toBe(false);
	});
});

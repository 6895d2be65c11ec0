/**
 * A count-based circuit breaker with resilience4j's defaults scaled down: sliding window of
 * the last 10 calls, evaluated from 5 calls, opens at ≥ 50 % failures, stays open 30 s of
 * scenario time, then lets 3 trial calls through (half-open): any failure reopens, three
 * successes close it.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerTransition {
	from: BreakerState;
	to: BreakerState;
}

const WINDOW = 10;
const MIN_CALLS = 5;
const FAILURE_THRESHOLD = 0.5;
const HALF_OPEN_CALLS = 3;

export class CircuitBreaker {
	state: BreakerState = 'closed';
	private outcomes: boolean[] = [];
	private openedAtMs = 0;
	private trialsStarted = 0;
	private trialsSucceeded = 0;

	constructor(
		readonly name: string,
		readonly openScenarioMs = 30_000
	) {}

	/** May a call go out at this scenario time? Moves open → half-open after the wait. */
	tryAcquire(scenarioMs: number): { permitted: boolean; transition?: BreakerTransition } {
		if (this.state === 'open') {
			if (scenarioMs - this.openedAtMs < this.openScenarioMs) return { permitted: false };
			this.state = 'half_open';
			this.trialsStarted = 0;
			this.trialsSucceeded = 0;
			this.trialsStarted++;
			return { permitted: true, transition: { from: 'open', to: 'half_open' } };
		}
		if (this.state === 'half_open') {
			if (this.trialsStarted >= HALF_OPEN_CALLS) return { permitted: false };
			this.trialsStarted++;
		}
		return { permitted: true };
	}

	/** Records a permitted call's outcome; returns the transition it caused, if any. */
	record(success: boolean, scenarioMs: number): BreakerTransition | undefined {
		if (this.state === 'half_open') {
			if (!success) return this.open(scenarioMs, 'half_open');
			this.trialsSucceeded++;
			if (this.trialsSucceeded >= HALF_OPEN_CALLS) {
				this.state = 'closed';
				this.outcomes = [];
				return { from: 'half_open', to: 'closed' };
			}
			return undefined;
		}
		if (this.state !== 'closed') return undefined;
		this.outcomes.push(success);
		if (this.outcomes.length > WINDOW) this.outcomes.shift();
		if (this.outcomes.length < MIN_CALLS) return undefined;
		const failures = this.outcomes.filter((ok) => !ok).length;
		return failures / this.outcomes.length >= FAILURE_THRESHOLD ? this.open(scenarioMs, 'closed') : undefined;
	}

	private open(scenarioMs: number, from: BreakerState): BreakerTransition {
		this.state = 'open';
		this.openedAtMs = scenarioMs;
		this.outcomes = [];
		return { from, to: 'open' };
	}
}

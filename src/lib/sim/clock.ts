/**
 * Two clocks. The caller's clock (`...Ms` without qualifier) stamps every span, point and log
 * and bounds every ground-truth interval. The scenario clock drives the load shape, the
 * incident schedule, auto-scaling and pod lifecycles; it runs `speed` times faster:
 *
 *   scenarioMs = scenarioStartMs + (callerMs - startMs) * speed
 *
 * Request latencies are physical and never scaled: a 3 ms query takes 3 caller ms at any speed.
 */
export interface ScenarioClock {
	/** Caller's clock at the start of the simulation. */
	startMs: number;
	/** Scenario clock at the start (defaults to `startMs`). */
	scenarioStartMs: number;
	speed: number;
}

export function scenarioMsAt(clock: ScenarioClock, callerMs: number): number {
	return clock.scenarioStartMs + (callerMs - clock.startMs) * clock.speed;
}

export function callerMsAt(clock: ScenarioClock, scenarioMs: number): number {
	return clock.startMs + (scenarioMs - clock.scenarioStartMs) / clock.speed;
}

/**
 * OTLP `...UnixNano` as a number: whole microseconds times 1,000, so the value is integral
 * (float64 keeps ~256 ns above 2^53 ns, finer than the microseconds Meridian stores).
 */
export function unixNano(ms: number): number {
	return Math.round(ms * 1000) * 1000;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

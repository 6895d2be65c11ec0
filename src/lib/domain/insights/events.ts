/**
 * Anomaly events with hysteresis: an event opens after `openPoints` consecutive points with
 * |z| >= `openZ`, and closes after `closePoints` consecutive points with |z| < `closeZ`
 * (closeZ < openZ), so one incident that flickers around the threshold stays one event.
 * Severity follows the peak |z|: >= `criticalZ` is critical, else warning.
 * Bound: the last `maxClosed` closed events are kept; older ones are dropped and counted.
 */

export type Severity = 'warning' | 'critical';

export interface AnomalyEvent {
	startMs: number;
	/** Time of the last anomalous point; null while open. */
	endMs: number | null;
	peakZ: number;
	peakMs: number;
	severity: Severity;
	points: number;
}

export interface EventOptions {
	openZ?: number;
	closeZ?: number;
	openPoints?: number;
	closePoints?: number;
	criticalZ?: number;
	maxClosed?: number;
}

export class AnomalyEventTracker {
	private readonly o: Required<EventOptions>;
	private open: AnomalyEvent | null = null;
	private pendingStartMs = NaN;
	private above = 0;
	private below = 0;
	private lastAnomalousMs = NaN;
	private readonly closedEvents: AnomalyEvent[] = [];
	/** Closed events dropped because more than `maxClosed` were kept. */
	dropped = 0;

	constructor(options: EventOptions = {}) {
		this.o = { openZ: 3, closeZ: 2, openPoints: 2, closePoints: 3, criticalZ: 6, maxClosed: 500, ...options };
		if (!(this.o.closeZ <= this.o.openZ)) throw new RangeError('closeZ must not exceed openZ (hysteresis)');
	}

	/** Feeds one scored point; returns the event that opened or closed on it, if any. */
	update(timeMs: number, z: number): { opened?: AnomalyEvent; closed?: AnomalyEvent } {
		const a = Math.abs(z);
		if (!Number.isFinite(a)) return {};
		if (!this.open) {
			if (a >= this.o.openZ) {
				if (this.above === 0) this.pendingStartMs = timeMs;
				this.above++;
				if (this.above >= this.o.openPoints) {
					this.open = { startMs: this.pendingStartMs, endMs: null, peakZ: z, peakMs: timeMs, severity: a >= this.o.criticalZ ? 'critical' : 'warning', points: this.above };
					this.lastAnomalousMs = timeMs;
					this.below = 0;
					return { opened: { ...this.open } };
				}
			} else this.above = 0;
			return {};
		}
		const ev = this.open;
		if (a >= this.o.closeZ) {
			this.below = 0;
			ev.points++;
			this.lastAnomalousMs = timeMs;
			if (a > Math.abs(ev.peakZ)) {
				ev.peakZ = z;
				ev.peakMs = timeMs;
				if (a >= this.o.criticalZ) ev.severity = 'critical';
			}
			return {};
		}
		this.below++;
		if (this.below < this.o.closePoints) return {};
		ev.endMs = this.lastAnomalousMs;
		this.open = null;
		this.above = 0;
		this.closedEvents.push(ev);
		if (this.closedEvents.length > this.o.maxClosed) {
			this.closedEvents.shift();
			this.dropped++;
		}
		return { closed: { ...ev } };
	}

	get active(): AnomalyEvent | null {
		return this.open ? { ...this.open } : null;
	}

	get closed(): readonly AnomalyEvent[] {
		return this.closedEvents;
	}
}

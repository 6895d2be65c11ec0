/**
 * Measured in-flight requests from the semantic-convention metric
 * `http.server.active_requests` (an up-down counter per server instance). While such points
 * arrive, the live board shows the measured sum per service; otherwise it estimates with
 * Little's law and says so (`activeEstimated`).
 *
 * A series' value holds for `holdMs` (60 s: longer than common export intervals of 10-30 s)
 * after its point; the sum per service is over series still held.
 */
import type { MetricPoint } from '../../protocol/records';

export const activeRequestsMetric = 'http.server.active_requests';
export const activeHoldMs = 60_000;
/** Series remembered at most; more are ignored (their services fall back to the estimate). */
export const maxActiveSeries = 10_000;

interface Held {
	service: string;
	timeMs: number;
	value: number;
}

export class ActiveTracker {
	private readonly series = new Map<string, Held>();

	/** Takes the `http.server.active_requests` points among `points`. */
	observe(points: readonly MetricPoint[]): void {
		for (const p of points) {
			if (p.name !== activeRequestsMetric || typeof p.value !== 'number' || !Number.isFinite(p.value)) continue;
			const key = p.resourceId + '|' + JSON.stringify(p.attrs ?? {});
			const timeMs = p.timeUs / 1000;
			const held = this.series.get(key);
			if (held) {
				if (timeMs >= held.timeMs) {
					held.timeMs = timeMs;
					held.value = p.value;
				}
			} else if (this.series.size < maxActiveSeries) {
				this.series.set(key, { service: p.service, timeMs, value: p.value });
			}
		}
	}

	/** Sum per service and overall of values held at `atMs`; undefined when nothing is held. */
	sampleAt(atMs: number): { overall: number; services: Map<string, number> } | undefined {
		let overall = 0;
		let any = false;
		const services = new Map<string, number>();
		for (const [key, held] of this.series) {
			if (atMs - held.timeMs > activeHoldMs) {
				if (atMs - held.timeMs > 10 * activeHoldMs) this.series.delete(key);
				continue;
			}
			if (held.timeMs > atMs + activeHoldMs) continue;
			any = true;
			overall += held.value;
			services.set(held.service, (services.get(held.service) ?? 0) + held.value);
		}
		return any ? { overall, services } : undefined;
	}
}

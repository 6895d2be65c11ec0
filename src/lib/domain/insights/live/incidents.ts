/**
 * Incidents group anomaly events that happen together. An incident opens with the first
 * anomaly that can be a symptom (traffic, latency or errors of the whole system, a service
 * or a dependency; or any critical anomaly); anomalies opening while it is open
 * join it. It closes once none of its anomalies has been open for `quietMs`; an anomaly
 * opening within that quiet time joins it again, so a flickering incident stays one.
 *
 *   anomalies   A━━━━━━━━┓   B━━━━━━┓        C━━━┓
 *   incident    ●━━━━━━━━━━━━━━━━━━━━━━━━━ quiet ━━━━━━━━━━━━━━━━ quiet ┃ closed (end = C's end)
 *
 * Bounds: `maxAnomaliesPerIncident` ids per incident (later ones counted in `moreAnomalies`),
 * `maxClosed` closed incidents kept in memory (the host persists older ones).
 */
import type { Severity } from '../events';
import type { SeriesRef } from './series-ref';

export interface AnomalyRecord {
	/** `<series id>@<startMs>` */
	id: string;
	seriesId: string;
	ref: SeriesRef;
	startMs: number;
	/** Time of the last anomalous point; null while open. */
	endMs: number | null;
	severity: Severity;
	peakZ: number;
	peakMs: number;
	peakValue: number;
	expectedAtPeak: number;
	points: number;
	incidentId?: string;
}

export interface IncidentRecord {
	/** `inc-<startMs>` */
	id: string;
	startMs: number;
	endMs: number | null;
	severity: Severity;
	/** Series id of the anomaly that opened it (the symptom root-cause ranking starts from). */
	symptom: string;
	anomalyIds: string[];
	moreAnomalies: number;
	/** Services whose series are among its anomalies. */
	services: string[];
	updatedMs: number;
}

export interface IncidentOptions {
	quietMs?: number;
	maxAnomaliesPerIncident?: number;
	maxClosed?: number;
}

const symptomMetrics = /^(requests\.rate|latency\.p95Ms|errors\.rate|dependency\.|db\.latency)/;

/** Endpoint, instance and host anomalies join incidents; alone they open one only when critical. */
const symptomScopes = new Set(['overall', 'service', 'database', 'external']);

export function canOpenIncident(a: Pick<AnomalyRecord, 'ref' | 'severity'>): boolean {
	if (a.severity === 'critical') return true;
	return symptomScopes.has(a.ref.scope) && symptomMetrics.test(a.ref.metric);
}

export class IncidentTracker {
	readonly #o: Required<IncidentOptions>;
	#open: IncidentRecord | null = null;
	/** Open anomaly ids of the open incident, and when the last one closed. */
	readonly #live = new Set<string>();
	#quietSinceMs = NaN;
	#lastEndMs = -Infinity;
	readonly #closed: IncidentRecord[] = [];

	constructor(options: IncidentOptions = {}) {
		this.#o = { quietMs: 120_000, maxAnomaliesPerIncident: 100, maxClosed: 20, ...options };
	}

	get open(): IncidentRecord | null {
		return this.#open;
	}

	get closed(): readonly IncidentRecord[] {
		return this.#closed;
	}

	/** An anomaly opened: returns the incident it joined or opened, if any. */
	anomalyOpened(a: AnomalyRecord, nowMs: number): { incident?: IncidentRecord; opened: boolean } {
		let opened = false;
		if (!this.#open) {
			if (!canOpenIncident(a)) return { opened };
			this.#open = { id: `inc-${a.startMs}`, startMs: a.startMs, endMs: null, severity: a.severity, symptom: a.seriesId, anomalyIds: [], moreAnomalies: 0, services: [], updatedMs: nowMs };
			opened = true;
		}
		const inc = this.#open;
		if (inc.anomalyIds.length < this.#o.maxAnomaliesPerIncident) inc.anomalyIds.push(a.id);
		else inc.moreAnomalies++;
		if (a.severity === 'critical') inc.severity = 'critical';
		if (a.ref.service && !inc.services.includes(a.ref.service)) inc.services.push(a.ref.service);
		inc.updatedMs = nowMs;
		a.incidentId = inc.id;
		this.#live.add(a.id);
		this.#quietSinceMs = NaN;
		return { incident: inc, opened };
	}

	/** An anomaly closed (or escalated): updates its incident's severity and quiet time. */
	anomalyClosed(a: AnomalyRecord, nowMs: number): IncidentRecord | undefined {
		const inc = this.#open;
		if (!inc || a.incidentId !== inc.id) return undefined;
		if (a.severity === 'critical') inc.severity = 'critical';
		this.#live.delete(a.id);
		this.#lastEndMs = Math.max(this.#lastEndMs, a.endMs ?? nowMs);
		if (this.#live.size === 0) this.#quietSinceMs = nowMs;
		inc.updatedMs = nowMs;
		return inc;
	}

	/** Closes the open incident once it has been quiet for `quietMs` at `nowMs`. */
	tick(nowMs: number): IncidentRecord | undefined {
		const inc = this.#open;
		if (!inc || this.#live.size > 0 || !(nowMs - this.#quietSinceMs >= this.#o.quietMs)) return undefined;
		inc.endMs = Number.isFinite(this.#lastEndMs) ? this.#lastEndMs : nowMs;
		inc.updatedMs = nowMs;
		this.#open = null;
		this.#lastEndMs = -Infinity;
		this.#closed.push(inc);
		if (this.#closed.length > this.#o.maxClosed) this.#closed.shift();
		return inc;
	}
}

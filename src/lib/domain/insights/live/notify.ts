/**
 * What the opt-in browser notifications say: a new incident once (when it opens), and a
 * predicted breach once per series while its expected time to the limit is within
 * `breachWithinMinutes`. `seen` remembers what was said (bounded by the caller).
 */
import type { InsightSnapshot } from './snapshot';

export interface InsightNotice {
	/** Stable id: the same event never notifies twice. */
	key: string;
	kind: 'incident' | 'breach';
	severity: 'info' | 'warning' | 'critical';
	/** Incident: its symptom series; breach: the series heading to its limit. */
	seriesId: string;
	services: string[];
	inMinutes?: number;
	probability?: number;
	limit?: number;
}

export const breachWithinMinutes = 30;

export function newNotices(snapshot: InsightSnapshot, seen: ReadonlySet<string>): InsightNotice[] {
	const out: InsightNotice[] = [];
	for (const inc of snapshot.incidents) {
		if (inc.endMs !== null) continue;
		const key = `incident:${inc.id}`;
		if (!seen.has(key)) out.push({ key, kind: 'incident', severity: inc.severity, seriesId: inc.symptom, services: inc.analysis?.causes.slice(0, 1).map((c) => c.node) ?? inc.services.slice(0, 3) });
	}
	for (const b of snapshot.breaches) {
		if (b.inMinutes > breachWithinMinutes) continue;
		const key = `breach:${b.seriesId}`;
		if (!seen.has(key)) out.push({ key, kind: 'breach', severity: b.inMinutes <= 10 ? 'critical' : 'warning', seriesId: b.seriesId, services: b.ref.service ? [b.ref.service] : [], inMinutes: b.inMinutes, probability: b.probability, limit: b.limit });
	}
	return out;
}

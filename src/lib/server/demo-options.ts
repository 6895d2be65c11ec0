/**
 * Command-line control of the embedded demo bank: seed, scenario speed and which
 * incidents run. `--demo-incidents` takes `scripted` (the rotating schedule), `none`, or a
 * comma list of `kind@+SECONDS[:DURATION_SECONDS]` relative to the relay's start, e.g.
 * `slow-sql@+5:300,memory-leak@+60`. `--demo-truth FILE` writes the ground truth of the
 * incidents (root-cause service, start, end) to FILE for tests and evaluations; the app
 * never reads it, users see only telemetry.
 */
import { INCIDENT_KINDS, KST_OFFSET_MS, type IncidentKind, type IncidentSpec } from '../sim/index';

export interface DemoConfig {
	seed: number;
	speed: number;
	incidents: 'scripted' | 'none' | RelativeIncident[];
	truthFile: string | undefined;
	/** Past simulated and sent before the relay serves (ms, 0 = none); incidents stay relative to the start. */
	historyMs: number;
	/** The bank's local (KST) time of day when the relay starts, minutes after midnight; undefined = the real time. */
	localMinutes: number | undefined;
}

export interface RelativeIncident {
	kind: IncidentKind;
	afterSec: number;
	durationSec?: number;
}

export function parseDemoIncidents(raw: string): DemoConfig['incidents'] {
	const text = raw.trim();
	if (text === '' || text === 'scripted') return 'scripted';
	if (text === 'none') return 'none';
	return text.split(',').map((item) => {
		const match = item.trim().match(/^([a-z-]+)@\+(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/);
		if (!match) {
			throw new Error(`--demo-incidents: "${item}" is not kind@+SECONDS[:DURATION_SECONDS], e.g. slow-sql@+5:300`);
		}
		const kind = match[1] as IncidentKind;
		if (!INCIDENT_KINDS.includes(kind)) {
			throw new Error(`--demo-incidents: unknown incident "${match[1]}"; known: ${INCIDENT_KINDS.join(', ')}`);
		}
		return { kind, afterSec: Number(match[2]), ...(match[3] ? { durationSec: Number(match[3]) } : {}) };
	});
}

/** "HH:MM" (24 h) → minutes after midnight. */
export function parseDemoTime(raw: string): number {
	const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(raw.trim());
	if (!match) throw new Error(`--demo-time must be a time of day HH:MM (bank local time, KST), e.g. 12:30; got "${raw}"`);
	return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The scenario clock at the bank's start (`startMs - historyMs` on the caller's clock) such that
 * the bank's local time reads `localMinutes` when the relay starts (`startMs`), on the same
 * KST calendar day as the real time: a demo or a test at 04:00 KST can run the lunch peak.
 * Undefined `localMinutes` = the real time.
 */
export function demoScenarioStartMs(localMinutes: number | undefined, startMs: number, historyMs: number, speed: number): number | undefined {
	if (localMinutes === undefined) return undefined;
	const dayMs = 86_400_000;
	const kstDayStartMs = Math.floor((startMs + KST_OFFSET_MS) / dayMs) * dayMs - KST_OFFSET_MS;
	return kstDayStartMs + localMinutes * 60_000 - historyMs * speed;
}

/** Incident specs on the caller's clock, for `createDemoBank`. */
export function incidentSpecs(incidents: DemoConfig['incidents'], startMs: number): 'scripted' | 'none' | IncidentSpec[] {
	if (typeof incidents === 'string') return incidents;
	return incidents.map((i) => ({
		kind: i.kind,
		startMs: startMs + i.afterSec * 1000,
		...(i.durationSec !== undefined ? { durationMs: i.durationSec * 1000 } : {})
	}));
}

/**
 * Command-line control of the embedded demo bank: seed, scenario speed and which
 * incidents run. `--demo-incidents` takes `scripted` (the rotating schedule), `none`, or a
 * comma list of `kind@+SECONDS[:DURATION_SECONDS]` relative to the relay's start, e.g.
 * `slow-sql@+5:300,memory-leak@+60`. `--demo-truth FILE` writes the ground truth of the
 * incidents (root-cause service, start, end) to FILE for tests and evaluations; the app
 * never reads it, users see only telemetry.
 */
import { INCIDENT_KINDS, type IncidentKind, type IncidentSpec } from '../sim/index';

export interface DemoConfig {
	seed: number;
	speed: number;
	incidents: 'scripted' | 'none' | RelativeIncident[];
	truthFile: string | undefined;
	/** Past simulated and sent before the relay serves (ms, 0 = none); incidents stay relative to the start. */
	historyMs: number;
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

/** Incident specs on the caller's clock, for `createDemoBank`. */
export function incidentSpecs(incidents: DemoConfig['incidents'], startMs: number): 'scripted' | 'none' | IncidentSpec[] {
	if (typeof incidents === 'string') return incidents;
	return incidents.map((i) => ({
		kind: i.kind,
		startMs: startMs + i.afterSec * 1000,
		...(i.durationSec !== undefined ? { durationMs: i.durationSec * 1000 } : {})
	}));
}

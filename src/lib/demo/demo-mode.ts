/**
 * Whether the app runs on the in-browser demo bank instead of a relay.
 *
 * Forced on by, in order: `?demo` in the address (`?demo=0` does not count), the demo
 * build (`npm run build:demo`), or the setting `demo: 'on'`. With `demo: 'auto'` (the
 * default) the app probes `<relay>/api/health` and falls back to the demo when no relay
 * answers within `probeTimeoutMs`. With `demo: 'off'` it never falls back: the status shows
 * the relay as unreachable and the stream keeps retrying.
 */
import type { RelayHealth } from '../protocol/stream';
import type { DemoMode } from '../domain/telemetry/settings';

/** A relay on the same machine or LAN answers /api/health in milliseconds. */
export const probeTimeoutMs = 1_500;

export type DemoReason = 'query' | 'build' | 'setting' | 'no-relay';

export function demoForcedBy(input: {
	search: string;
	demoBuild: boolean;
	setting: DemoMode;
}): DemoReason | undefined {
	const value = new URLSearchParams(input.search).get('demo');
	if (value !== null && value !== '0' && value !== 'false') return 'query';
	if (input.demoBuild) return 'build';
	if (input.setting === 'on') return 'setting';
	return undefined;
}

/**
 * `relay`: a Meridian relay answered; `unauthorized`: a relay answered 401 (it wants the view
 * token), so it exists and the demo must not replace it; `absent`: nothing usable answered.
 */
export type ProbeResult =
	| { kind: 'relay'; health: RelayHealth }
	| { kind: 'unauthorized' }
	| { kind: 'absent'; reason: string };

function looksLikeHealth(value: unknown): value is RelayHealth {
	const v = value as Partial<RelayHealth> | null;
	return typeof v === 'object' && v !== null && typeof v.epoch === 'string' && typeof v.lastSeq === 'number';
}

export async function probeRelay(options: {
	fetch: typeof fetch;
	relayUrl: string;
	viewToken: string;
	timeoutMs?: number;
}): Promise<ProbeResult> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? probeTimeoutMs);
	try {
		const response = await options.fetch(`${options.relayUrl}/api/health`, {
			headers: options.viewToken ? { authorization: `Bearer ${options.viewToken}` } : {},
			signal: controller.signal,
			cache: 'no-store'
		});
		if (response.status === 401) return { kind: 'unauthorized' };
		if (!response.ok) return { kind: 'absent', reason: `HTTP ${response.status}` };
		const body: unknown = await response.json().catch(() => undefined);
		return looksLikeHealth(body) ? { kind: 'relay', health: body } : { kind: 'absent', reason: 'not a Meridian relay' };
	} catch (error) {
		const reason = controller.signal.aborted ? `no answer within ${options.timeoutMs ?? probeTimeoutMs} ms` : String(error);
		return { kind: 'absent', reason };
	} finally {
		clearTimeout(timer);
	}
}

export type ModeDecision = { mode: 'relay' } | { mode: 'demo'; reason: DemoReason };

/** The whole decision; probes only when nothing forces the demo and the setting is `auto`. */
export async function decideMode(input: {
	search: string;
	demoBuild: boolean;
	setting: DemoMode;
	probe: () => Promise<ProbeResult>;
}): Promise<ModeDecision> {
	const forced = demoForcedBy(input);
	if (forced) return { mode: 'demo', reason: forced };
	if (input.setting === 'off') return { mode: 'relay' };
	const probe = await input.probe();
	return probe.kind === 'absent' ? { mode: 'demo', reason: 'no-relay' } : { mode: 'relay' };
}

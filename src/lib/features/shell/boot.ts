/**
 * Start-up: decide relay or demo, start the demo when needed, then the data path, and feed
 * the session. The demo (msw) must be running before the data path creates its workers:
 * only workers created under the service worker's control have their fetches intercepted.
 *
 *   ?demo / demo build ──────────────────────────────► demo ─► data path (demo)
 *   otherwise: data path (relay) ─► settings ─► demo on, or auto + no relay answers
 *                                                └─► stop data path ─► demo ─► data path (demo)
 */
import { decideMode, demoForcedBy, probeRelay, type DemoReason } from '$lib/demo/demo-mode';
import { isDemoBuild } from '$lib/demo/build-flag';
import { translate } from '$lib/i18n/catalogue';
import type { Session } from '$lib/state/session.svelte';
import { i18n } from '$lib/state/locale.svelte';
import type { TelemetryClient } from '$lib/workers/types';
import { startTelemetry } from '$lib/workers/telemetry-client';

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function attach(session: Session, client: TelemetryClient): () => void {
	session.client = client;
	session.phase = 'running';
	return client.live.subscribe((snapshot) => {
		session.snapshot = snapshot;
	});
}

async function runDemo(session: Session, reason: DemoReason): Promise<() => void> {
	session.mode = 'demo';
	session.demoReason = reason;
	try {
		const { startDemo } = await import('$lib/demo/start-demo');
		await startDemo();
	} catch (error) {
		// the data path still starts: stored history stays readable
		session.error = translate(i18n.locale, 'demo.failed', { message: message(error) });
	}
	return attach(session, startTelemetry({ demo: true }));
}

/** Returns a function that detaches the session from the live feed. */
export async function boot(session: Session): Promise<() => void> {
	try {
		const forced = demoForcedBy({ search: location.search, demoBuild: isDemoBuild, setting: 'auto' });
		if (forced) return await runDemo(session, forced);

		const client = startTelemetry({ demo: false });
		const settings = await client.getSettings();
		session.relayUrl = settings.relayUrl;
		const decision = await decideMode({
			search: location.search,
			demoBuild: isDemoBuild,
			setting: settings.demo,
			probe: () => probeRelay({ fetch, relayUrl: settings.relayUrl, viewToken: settings.viewToken })
		});
		if (decision.mode === 'demo') {
			await client.stop();
			return await runDemo(session, decision.reason);
		}
		session.mode = 'relay';
		return attach(session, client);
	} catch (error) {
		session.phase = 'failed';
		session.error = translate(i18n.locale, 'boot.failed', { message: message(error) });
		return () => {};
	}
}

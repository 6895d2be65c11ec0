/**
 * Start-up: read the settings, decide relay or demo, start the demo when needed, then the
 * data path, and feed the session. The demo (msw) must be running before the data path
 * creates its workers: only workers created under the service worker's control have their
 * fetches intercepted.
 *
 *   settings ─► ?demo / demo build / demo: on ──────────────► demo ─► data path (demo)
 *           └─► demo: auto and /api/health silent for 1.5 s ─► demo ─► data path (demo)
 *           └─► otherwise ───────────────────────────────────────────► data path (relay)
 */
import { decideMode, probeRelay, type DemoReason } from '$lib/demo/demo-mode';
import { isDemoBuild } from '$lib/demo/build-flag';
import { defaultSettings, type Settings } from '$lib/domain/telemetry/settings';
import { translate } from '$lib/i18n/catalogue';
import { DexieTelemetryStore } from '$lib/io/dexie-store';
import type { Session } from '$lib/state/session.svelte';
import { documents } from '$lib/state/documents.svelte';
import { insights } from '$lib/state/insights.svelte';
import { i18n } from '$lib/state/locale.svelte';
import type { TelemetryClient } from '$lib/workers/types';
import { startTelemetry } from '$lib/workers/telemetry-client';

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * The stored settings, read before any worker starts. When IndexedDB cannot be opened the
 * defaults apply; the data path then reports the storage problem itself.
 */
async function readSettings(): Promise<Settings> {
	let store: DexieTelemetryStore | undefined;
	try {
		store = new DexieTelemetryStore();
		return await store.getSettings();
	} catch {
		return defaultSettings;
	} finally {
		store?.close();
	}
}

function attach(session: Session, client: TelemetryClient): () => void {
	session.client = client;
	session.phase = 'running';
	return client.live.subscribe((snapshot) => {
		session.snapshot = snapshot;
	});
}

async function startDemoMode(session: Session, reason: DemoReason): Promise<void> {
	session.mode = 'demo';
	session.demoReason = reason;
	try {
		const { startDemo } = await import('$lib/demo/start-demo');
		await startDemo();
	} catch (error) {
		// the data path still starts: stored history stays readable
		session.error = translate(i18n.locale, 'demo.failed', { message: message(error) });
	}
}

/** Returns a function that detaches the session from the live feed. */
export async function boot(session: Session): Promise<() => void> {
	try {
		const settings = await readSettings();
		session.relayUrl = settings.relayUrl;
		const decision = await decideMode({
			search: location.search,
			demoBuild: isDemoBuild,
			setting: settings.demo,
			probe: () => probeRelay({ fetch, relayUrl: settings.relayUrl, viewToken: settings.viewToken })
		});
		if (decision.mode === 'demo') await startDemoMode(session, decision.reason);
		else session.mode = 'relay';
		// user documents (boards, business definitions) sync through the same relay, or the demo's
		void documents.start({ demo: decision.mode === 'demo', relayUrl: settings.relayUrl, viewToken: settings.viewToken });
		const client = startTelemetry({ demo: decision.mode === 'demo' });
		const detach = attach(session, client);
		// insights: the writer tab runs the host; every tab hears its snapshots
		const stopInsights = insights.start(client);
		return () => {
			detach();
			stopInsights();
		};
	} catch (error) {
		session.phase = 'failed';
		session.error = translate(i18n.locale, 'boot.failed', { message: message(error) });
		return () => {};
	}
}

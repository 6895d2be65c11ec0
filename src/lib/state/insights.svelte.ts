/**
 * App-wide insights: the host's latest snapshot (every tab hears it; a new tab reads the last
 * one saved), the history store for incidents and saved baselines (bands for any chart), and
 * the opt-in browser notifications. Started by the shell's boot with the data path: the
 * writer tab also runs the host (workers/insight-client.ts) and is the one that notifies.
 */
import { DexieInsightHistoryStore } from '$lib/io/insights/dexie-history-store';
import type { InsightHistoryStore } from '$lib/io/insights/history-store';
import type { InsightSnapshot, StoredBaseline } from '$lib/domain/insights/live/snapshot';
import { newNotices, type InsightNotice } from '$lib/domain/insights/live/notify';
import { startInsightHost, subscribeInsights } from '$lib/workers/insight-client';
import type { TelemetryClient } from '$lib/workers/types';
import { seriesLabel } from './insight-labels';
import { i18n } from './locale.svelte';

const notifyKey = 'meridian.insights.notify';
const seenKey = 'meridian.insights.notified';
/** Notified keys remembered (oldest forgotten first). */
const maxSeen = 200;
/** Saved baselines are re-read at most this often (the host saves them once a minute). */
const baselineTtlMs = 60_000;

type Notifier = (notice: InsightNotice) => void;

/** One browser notification per notice, tagged so the browser replaces rather than stacks a repeat. */
export function showNotice(notice: InsightNotice): void {
	const series = seriesLabel(notice.seriesId, i18n);
	const incident = notice.kind === 'incident';
	const title = incident ? i18n.t('insights.notify.incident.title', { series }) : i18n.t('insights.notify.breach.title', { minutes: notice.inMinutes ?? 0 });
	const body = incident
		? i18n.t('insights.notify.incident.body', { cause: notice.services.join(', ') || '–' })
		: i18n.t('insights.notify.breach.body', { series, percent: i18n.percent(notice.probability ?? 0, 0) });
	try {
		new Notification(title, { body, tag: notice.key });
	} catch {
		// some browsers allow notifications only from a service worker: the page still shows it all
	}
}

class InsightsState {
	snapshot = $state.raw<InsightSnapshot | null>(null);
	/** The user asked for notifications and the browser allows them. */
	notifyEnabled = $state(false);
	permission = $state<NotificationPermission | 'unsupported'>('unsupported');
	#history: InsightHistoryStore | undefined;
	#started = false;
	#baselines = new Map<string, { at: number; value: StoredBaseline | undefined }>();
	#notifier: Notifier | undefined;

	get history(): InsightHistoryStore {
		this.#history ??= new DexieInsightHistoryStore();
		return this.#history;
	}

	/** Starts the host in the writer tab and listens for snapshots in every tab. */
	start(client: TelemetryClient, notifier: Notifier = showNotice): () => void {
		if (this.#started) return () => {};
		this.#started = true;
		this.#readNotifySetting();
		this.#notifier = notifier;
		const stopHost = startInsightHost(client);
		const unsubscribe = subscribeInsights((snapshot) => this.#receive(snapshot, client.role() === 'writer'));
		void this.history
			.readSnapshot()
			.then((saved) => {
				if (saved && (!this.snapshot || saved.atMs > this.snapshot.atMs)) this.snapshot = saved;
			})
			.catch(() => undefined);
		return () => {
			stopHost();
			unsubscribe();
			this.#started = false;
		};
	}

	#receive(snapshot: InsightSnapshot, writer: boolean): void {
		if (this.snapshot && snapshot.atMs < this.snapshot.atMs) return;
		this.snapshot = snapshot;
		if (writer && this.notifyEnabled) this.#notify(snapshot);
	}

	/** Saved baselines of these series (re-read after `baselineTtlMs`). */
	async baselines(ids: readonly string[]): Promise<Map<string, StoredBaseline>> {
		const now = Date.now();
		const stale = ids.filter((id) => !(now - (this.#baselines.get(id)?.at ?? -Infinity) < baselineTtlMs));
		if (stale.length > 0) {
			const found = new Map((await this.history.baselines(stale)).map((b) => [b.id, b]));
			for (const id of stale) this.#baselines.set(id, { at: now, value: found.get(id) });
		}
		const out = new Map<string, StoredBaseline>();
		for (const id of ids) {
			const b = this.#baselines.get(id)?.value;
			if (b) out.set(id, b);
		}
		return out;
	}

	#readNotifySetting(): void {
		const supported = typeof Notification === 'function';
		this.permission = supported ? Notification.permission : 'unsupported';
		this.notifyEnabled = supported && Notification.permission === 'granted' && globalThis.localStorage?.getItem(notifyKey) === 'on';
	}

	/** Asks the browser for permission (only ever from a click) and turns notifications on. */
	async enableNotifications(): Promise<void> {
		if (typeof Notification !== 'function') return;
		const permission = await Notification.requestPermission();
		this.permission = permission;
		this.notifyEnabled = permission === 'granted';
		if (this.notifyEnabled) {
			globalThis.localStorage?.setItem(notifyKey, 'on');
			// what is already on screen is not news
			if (this.snapshot) this.#remember(newNotices(this.snapshot, this.#seen()).map((n) => n.key));
		}
	}

	disableNotifications(): void {
		this.notifyEnabled = false;
		globalThis.localStorage?.setItem(notifyKey, 'off');
	}

	#seen(): Set<string> {
		try {
			return new Set(JSON.parse(globalThis.localStorage?.getItem(seenKey) ?? '[]') as string[]);
		} catch {
			return new Set();
		}
	}

	#remember(keys: string[]): void {
		const all = [...this.#seen(), ...keys].slice(-maxSeen);
		globalThis.localStorage?.setItem(seenKey, JSON.stringify(all));
	}

	#notify(snapshot: InsightSnapshot): void {
		const notices = newNotices(snapshot, this.#seen());
		if (notices.length === 0) return;
		this.#remember(notices.map((n) => n.key));
		for (const n of notices) this.#notifier?.(n);
	}
}

export const insights = new InsightsState();

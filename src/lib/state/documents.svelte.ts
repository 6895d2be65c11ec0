/**
 * App-wide user documents: the documents session (io/docs/start.ts: IndexedDB store,
 * editor, sync with the relay's /api/sync), the boards and business definitions as they
 * stand, and the sync status. Started by the shell's boot once the mode (relay or demo) is
 * known; screens read `documents.boards` / `documents.definitions` and edit through
 * `documents.docs`. Every change (local, another tab, another device) refreshes both lists
 * and hands the definitions to the business worker's KPI engine.
 */
import { startDocuments, type DocumentsSession } from '$lib/io/docs/start';
import type { Documents, DocView } from '$lib/io/docs/documents';
import type { SyncStatus } from '$lib/io/docs/sync-client';
import type { BusinessDefinitions } from '$lib/domain/business/types';
import { sharedBusinessClient } from '$lib/workers/business-client';

export interface StartOptions {
	/** In demo mode documents sync with the in-browser relay on this origin. */
	demo: boolean;
	/** Settings' relay URL ('' = this origin) and view token. */
	relayUrl: string;
	viewToken: string;
}

class DocumentsState {
	session = $state.raw<DocumentsSession | null>(null);
	status = $state.raw<SyncStatus | undefined>(undefined);
	boards = $state.raw<DocView[]>([]);
	definitions = $state.raw<BusinessDefinitions>({ domains: [], transactions: [], kpis: [] });
	/** True once the first lists are read. */
	ready = $state(false);
	error = $state<string | null>(null);
	#refreshing: Promise<void> | undefined;
	#again = false;

	get docs(): Documents | null {
		return this.session?.docs ?? null;
	}

	async start(options: StartOptions): Promise<void> {
		if (this.session) return;
		try {
			const session = await startDocuments({
				url: (options.demo ? '' : options.relayUrl) + '/api/sync',
				token: () => (options.demo ? undefined : options.viewToken || undefined)
			});
			this.session = session;
			this.status = session.status();
			session.onStatus((status) => (this.status = status));
			session.docs.onChange(() => void this.refresh());
			await this.refresh();
		} catch (error) {
			this.error = error instanceof Error ? error.message : String(error);
		}
	}

	/** Re-reads boards and definitions; calls during a refresh coalesce into one more. */
	refresh(): Promise<void> {
		if (this.#refreshing) {
			this.#again = true;
			return this.#refreshing;
		}
		this.#refreshing = (async () => {
			do {
				this.#again = false;
				const docs = this.docs;
				if (!docs) return;
				this.boards = await docs.list('board');
				const definitions = await docs.definitions();
				this.definitions = definitions;
				this.ready = true;
				void sharedBusinessClient().setDefinitions(definitions).catch(() => undefined);
			} while (this.#again);
		})().finally(() => (this.#refreshing = undefined));
		return this.#refreshing;
	}
}

export const documents = new DocumentsState();

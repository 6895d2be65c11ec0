/**
 * What the app edits documents through: typed reads, edits stamped by this tab's hybrid
 * clock, deletion, board export/import, and change notifications. Works offline: edits
 * go to the local store and its outbox; the sync client (sync-client.ts) sends them when
 * the relay answers and brings other devices' edits in through `applyRemote`.
 *
 * Replica id: one per Documents instance (a tab), so two tabs of one browser never issue
 * equal stamps. The clock resumes from the newest stamp the store has seen, so it never
 * runs backwards across reloads.
 *
 * Other tabs hear of changes through `channel` (a BroadcastChannel in the browser).
 */
import type { DocChange, DocRecord, DocType, Hlc, HistoryEntry, Json } from '../../protocol/sync';
import type { BusinessDefinitions } from '../../domain/business/types';
import { exportBoard, importBoardChanges, parseBoardExport, type BoardExport, type ImportIssue } from '../../domain/docs/board-io';
import { definitionChanges, definitionsFromDocs, seedChanges, type DefinitionType } from '../../domain/docs/business-docs';
import { deleteChange, patchChanges, viewOf, type DocPatch, type DocView } from '../../domain/docs/edits';
import { HybridClock } from '../../domain/docs/hlc';
import { newestStamp } from '../../domain/docs/merge';
import type { BusinessDomain, BusinessTransaction, KpiDefinition } from '../../domain/business/types';
import type { LocalDocStore, SyncCursor } from './local-store';

export type ChangeOrigin = 'local' | 'remote' | 'other-tab';
export type ChangeListener = (ids: string[], origin: ChangeOrigin) => void;

/** The part of BroadcastChannel Documents uses. */
export interface DocsChannel {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	close(): void;
}

export interface DocumentsOptions {
	store: LocalDocStore;
	now?: () => number;
	random?: () => number;
	channel?: DocsChannel;
	/** Seed the four business domains when absent (default true). */
	seed?: boolean;
}

function randomId(random: () => number, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
	return out;
}

export class Documents {
	readonly replicaId: string;
	private readonly listeners = new Set<ChangeListener>();
	/** Local commits run one after another so each edit reads the document the previous one wrote. */
	private queue: Promise<unknown> = Promise.resolve();

	private constructor(
		readonly store: LocalDocStore,
		private readonly clock: HybridClock,
		private readonly random: () => number,
		private readonly channel: DocsChannel | undefined
	) {
		this.replicaId = clock.replica;
		channel?.addEventListener('message', (event: MessageEvent) => {
			const data = event.data as { type?: string; ids?: string[] };
			if (data?.type === 'docs-changed' && Array.isArray(data.ids)) this.emit(data.ids, 'other-tab');
		});
	}

	static async open(options: DocumentsOptions): Promise<Documents> {
		const random = options.random ?? Math.random;
		const last = await options.store.readClock();
		const clock = new HybridClock('tab-' + randomId(random, 10), options.now ?? Date.now, last);
		const docs = new Documents(options.store, clock, random, options.channel);
		if (options.seed ?? true) {
			// seeds carry the seed stamp: identical on every device, so queueing them again is harmless
			const present = new Set((await options.store.list('domain')).map((r) => r.id));
			const toSeed = seedChanges().filter((c) => !present.has(c.id));
			if (toSeed.length > 0) await options.store.commit(toSeed, clock.last);
		}
		return docs;
	}

	onChange(listener: ChangeListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private emit(ids: string[], origin: ChangeOrigin): void {
		if (ids.length === 0) return;
		for (const listener of this.listeners) listener(ids, origin);
	}

	private tick = (): Hlc => this.clock.tick();

	/** Commits changes (serialised with other local edits) and tells listeners and other tabs. */
	private commit(build: () => Promise<DocChange[]>): Promise<DocChange[]> {
		const run = this.queue.then(async () => {
			const changes = await build();
			if (changes.length === 0) return changes;
			await this.store.commit(changes, this.clock.last);
			const ids = [...new Set(changes.map((c) => c.id))];
			this.emit(ids, 'local');
			this.channel?.postMessage({ type: 'docs-changed', ids });
			return changes;
		});
		this.queue = run.catch(() => undefined);
		return run;
	}

	async get(id: string): Promise<DocView | undefined> {
		const record = await this.store.get(id);
		return record && viewOf(record);
	}

	/** Live documents of a type (tombstoned ones left out), by id. */
	async list(type: DocType): Promise<DocView[]> {
		return (await this.store.list(type)).map(viewOf).filter((v) => !v.deleted);
	}

	/** Overwritten values of a document, newest first, and the stamp below which history was dropped. */
	async history(id: string): Promise<{ entries: HistoryEntry[]; floor?: Hlc }> {
		const record = await this.store.get(id);
		return { entries: record?.history ?? [], floor: record?.historyFloor };
	}

	/** Applies a patch (see domain/docs/edits.ts); returns the changes made ([] when nothing changed). */
	edit(id: string, type: DocType, patch: DocPatch): Promise<DocChange[]> {
		return this.commit(async () => patchChanges({ id, type, record: await this.store.get(id), patch, tick: this.tick }));
	}

	/** Creates a document with a fresh id (`<type>-<random>`) and returns the id. */
	async create(type: DocType, patch: DocPatch): Promise<string> {
		const id = `${type}-${randomId(this.random, 12)}`;
		await this.edit(id, type, patch);
		return id;
	}

	remove(id: string, type: DocType): Promise<DocChange[]> {
		return this.commit(async () => [deleteChange({ id, type, tick: this.tick })]);
	}

	restore(id: string, type: DocType): Promise<DocChange[]> {
		return this.commit(async () => [deleteChange({ id, type, tick: this.tick, deleted: false })]);
	}

	/** Live business definitions (unvalidated; BusinessModel.build validates). */
	async definitions(): Promise<BusinessDefinitions> {
		const records = [...(await this.store.list('domain')), ...(await this.store.list('transaction')), ...(await this.store.list('kpi'))];
		return definitionsFromDocs(records);
	}

	saveDefinition(type: DefinitionType, definition: BusinessDomain | BusinessTransaction | KpiDefinition): Promise<DocChange[]> {
		return this.commit(async () => definitionChanges({ type, definition, record: await this.store.get(definition.id), tick: this.tick }));
	}

	/**
	 * Commits changes that carry their own stamps (seed-stamped starter documents): fields the
	 * device already holds with a newer stamp keep their value.
	 */
	applyStamped(changes: DocChange[]): Promise<DocChange[]> {
		return this.commit(async () => changes);
	}

	async exportBoard(id: string): Promise<BoardExport | undefined> {
		return exportBoard(id, await this.store.list());
	}

	/** Imports an export file's text; nothing is written when the file has problems. */
	async importBoard(text: string, mode: 'replace' | 'copy'): Promise<{ ok: true; boardId: string } | { ok: false; issues: ImportIssue[] }> {
		const parsed = parseBoardExport(text);
		if (!parsed.ok) return parsed;
		let boardId = '';
		await this.commit(async () => {
			const existing = new Map((await this.store.list()).map((r) => [r.id, r]));
			const result = importBoardChanges({ file: parsed.value, mode, existing, tick: this.tick, newId: () => `board-${randomId(this.random, 12)}` });
			boardId = result.boardId;
			return result.changes;
		});
		return { ok: true, boardId };
	}

	/** Documents from the relay (the sync client calls this): merged, cursor stored, listeners told. */
	async applyRemote(records: readonly DocRecord[], cursor: SyncCursor): Promise<{ changed: string[]; conflicts: { id: string; reason: string }[] }> {
		for (const record of records) this.clock.observe(newestStamp(record));
		const result = await this.store.mergeRemote(records, cursor);
		const ids = result.changed.map((r) => r.id);
		this.emit(ids, 'remote');
		if (ids.length > 0) this.channel?.postMessage({ type: 'docs-changed', ids });
		return { changed: ids, conflicts: result.conflicts };
	}

	close(): void {
		this.channel?.close();
		this.listeners.clear();
	}
}

export type { DocView, DocPatch, Json };

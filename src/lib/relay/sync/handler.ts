/**
 * `/api/sync`: the web-standard handler the relay mounts (`routes: { '/api/sync': h.handle }`
 * or `relay.mount`). The wire contract is src/lib/protocol/sync.ts.
 *
 *   POST /api/sync   { changes?, docs? }  -> 200 SyncPushResponse (refusals listed, the rest stored)
 *   GET  /api/sync?since=SEQ&limit=N&waitSec=S -> 200 SyncPullResponse
 *
 * Long poll: with `waitSec` > 0 and nothing after `since`, the request waits until a push
 * changes a document or the time passes (at most `maxWaitSec`), so other devices see an
 * edit within about a second of its push.
 *
 * Bounds (SyncLimits): body bytes (413), changes and documents per push (413), documents
 * per pull (`limit` is clamped), waiting requests (503 with Retry-After when full). Bad
 * JSON or shapes answer 400 with the reason; a bad change or document is refused alone.
 */
import type { DocChange, DocRecord, SyncPullResponse, SyncPushRequest, SyncPushResponse, SyncRefusal } from '../../protocol/sync';
import { applyChange, mergeRecords } from '../../domain/docs/merge';
import { changeProblem, cleanRecord, recordProblem } from '../../domain/docs/validate';
import { InflightBudget, readBody } from '../body';
import { HttpError, jsonResponse } from '../http';
import type { DocStore } from './doc-store';

export interface SyncLimits {
	maxBodyBytes: number;
	maxChangesPerPush: number;
	maxDocsPerPush: number;
	maxPullDocs: number;
	maxWaitSec: number;
	maxWaiters: number;
	/** Body bytes of all pushes being read at once. */
	maxInflightBytes: number;
}

export const defaultSyncLimits: SyncLimits = {
	maxBodyBytes: 8 * 1024 * 1024,
	maxChangesPerPush: 2_000,
	maxDocsPerPush: 500,
	maxPullDocs: 500,
	maxWaitSec: 30,
	maxWaiters: 256,
	maxInflightBytes: 64 * 1024 * 1024
};

export interface SyncHandler {
	handle(req: Request): Promise<Response>;
	/** Answers every waiting pull now (shutdown). */
	close(): void;
	readonly waiting: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intParam(url: URL, name: string, fallback: number, max: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, `${name} must be a non-negative integer.`);
	return Math.min(Number(raw), max);
}

export function createSyncHandler(options: { store: DocStore; limits?: Partial<SyncLimits> }): SyncHandler {
	const { store } = options;
	const limits = { ...defaultSyncLimits, ...options.limits };
	const budget = new InflightBudget(limits.maxInflightBytes);
	const waiters = new Set<() => void>();
	// pushes merge one after another: the stores are atomic per call, this keeps seq order simple
	let queue: Promise<unknown> = Promise.resolve();
	let closed = false;

	function wake(): void {
		for (const resolve of [...waiters]) resolve();
	}

	async function push(req: Request): Promise<Response> {
		const { bytes, held } = await readBody(req, { maxBodyBytes: limits.maxBodyBytes, maxDecodedBytes: limits.maxBodyBytes, maxInflightBytes: limits.maxInflightBytes }, budget);
		let body: unknown;
		try {
			body = JSON.parse(new TextDecoder().decode(bytes));
		} catch (error) {
			throw new HttpError(400, `The body is not JSON: ${(error as Error).message}`);
		} finally {
			budget.give(held);
		}
		if (!isObject(body)) throw new HttpError(400, 'The body must be an object { changes?, docs? }.');
		const request = body as SyncPushRequest;
		const changes = request.changes ?? [];
		const docs = request.docs ?? [];
		if (!Array.isArray(changes) || !Array.isArray(docs)) throw new HttpError(400, 'changes and docs must be lists.');
		if (changes.length > limits.maxChangesPerPush) throw new HttpError(413, `At most ${limits.maxChangesPerPush} changes per push; send the rest in another.`);
		if (docs.length > limits.maxDocsPerPush) throw new HttpError(413, `At most ${limits.maxDocsPerPush} documents per push; send the rest in another.`);

		const refused: SyncRefusal[] = [];
		// changes fold into one record per document (what they came from, for refusals)
		const byDoc = new Map<string, { record: DocRecord; sources: SyncRefusal[] }>();
		const fold = (incoming: DocRecord, source: SyncRefusal, from: (r: DocRecord | undefined) => DocRecord) => {
			const entry = byDoc.get(incoming.id);
			if (entry && entry.record.type !== incoming.type) {
				refused.push({ ...source, reason: `Document "${incoming.id}" is a ${entry.record.type} in this push, not a ${incoming.type}.` });
				return;
			}
			const record = from(entry?.record);
			if (entry) {
				entry.record = record;
				entry.sources.push(source);
			} else byDoc.set(incoming.id, { record, sources: [source] });
		};
		changes.forEach((c: unknown, index) => {
			const problem = changeProblem(c);
			const id = isObject(c) && typeof c.id === 'string' ? c.id : '';
			if (problem) return void refused.push({ kind: 'change', index, id, reason: problem });
			const change = c as DocChange;
			fold({ id: change.id, type: change.type, fields: {}, history: [] }, { kind: 'change', index, id, reason: '' }, (r) => applyChange(r, change));
		});
		docs.forEach((d: unknown, index) => {
			const problem = recordProblem(d);
			const id = isObject(d) && typeof d.id === 'string' ? d.id : '';
			if (problem) return void refused.push({ kind: 'doc', index, id, reason: problem });
			const record = cleanRecord(d as DocRecord);
			fold(record, { kind: 'doc', index, id, reason: '' }, (r) => (r ? mergeRecords(r, record) : record));
		});

		const entries = [...byDoc.values()];
		const run = queue.then(() => store.merge(entries.map((e) => e.record)));
		queue = run.catch(() => undefined);
		const result = await run;
		for (const r of result.refused) for (const source of entries[r.index].sources) refused.push({ ...source, reason: r.reason });
		if (result.changed.length > 0) wake();
		const response: SyncPushResponse = {
			storeId: store.storeId,
			accepted: changes.length + docs.length - refused.length,
			refused: refused.sort((a, b) => (a.kind === b.kind ? a.index - b.index : a.kind === 'change' ? -1 : 1)),
			lastSeq: result.lastSeq
		};
		return jsonResponse(response);
	}

	async function pull(req: Request, url: URL): Promise<Response> {
		const since = intParam(url, 'since', 0, Number.MAX_SAFE_INTEGER);
		const limit = Math.max(1, intParam(url, 'limit', limits.maxPullDocs, limits.maxPullDocs));
		const waitSec = intParam(url, 'waitSec', 0, limits.maxWaitSec);
		// a cursor past the store's end is from another store: answer at once so the client resets
		if (waitSec > 0 && !closed && (await store.lastSeq()) === since) {
			if (waiters.size >= limits.maxWaiters) throw new HttpError(503, `The relay already holds ${limits.maxWaiters} waiting sync requests; retry shortly.`, 2);
			await new Promise<void>((resolve) => {
				const done = () => {
					clearTimeout(timer);
					waiters.delete(done);
					req.signal?.removeEventListener('abort', done);
					resolve();
				};
				const timer = setTimeout(done, waitSec * 1000);
				waiters.add(done);
				req.signal?.addEventListener('abort', done);
			});
		}
		if (closed) throw new HttpError(503, 'The relay is shutting down.', 5);
		const page = await store.since(since, limit);
		const lastSeq = await store.lastSeq();
		const response: SyncPullResponse = {
			storeId: store.storeId,
			docs: page.docs,
			cursor: page.docs.length > 0 ? page.docs[page.docs.length - 1].seq : Math.min(since, lastSeq),
			more: page.more,
			lastSeq
		};
		return jsonResponse(response);
	}

	return {
		get waiting() {
			return waiters.size;
		},
		close() {
			closed = true;
			wake();
		},
		async handle(req: Request): Promise<Response> {
			try {
				if (closed) throw new HttpError(503, 'The relay is shutting down.', 5);
				const url = new URL(req.url);
				if (!/\/api\/sync\/?$/.test(url.pathname)) throw new HttpError(404, `Nothing at ${url.pathname}; the sync endpoint is /api/sync.`);
				if (req.method === 'POST') return await push(req);
				if (req.method === 'GET') return await pull(req, url);
				throw new HttpError(405, 'Use GET to pull and POST to push.');
			} catch (error) {
				if (!(error instanceof HttpError)) throw error;
				const headers: Record<string, string> = {};
				if (error.retryAfterSec !== undefined) headers['retry-after'] = String(error.retryAfterSec);
				if (error.status === 405) headers.allow = 'GET, POST';
				return jsonResponse({ code: error.status, message: error.message }, error.status, headers);
			}
		}
	};
}

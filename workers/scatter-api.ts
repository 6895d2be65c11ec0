/**
 * What the scatter worker exposes (scatter.worker.ts wraps it with comlink): the XLog of
 * finished transactions (src/lib/domain/scatter/xlog.ts), assembled here from stored
 * transaction chunks and then followed chunk by chunk as ingest writes them, drawn into
 * RGBA pixels that travel back transferred (never as point objects).
 *
 * Following: `open` scans the window up to the newest chunk id it read first
 * (`maxChunkId`), and `poll` continues with the chunks after it, so each transaction
 * arrives exactly once. A live window (no `toMs`) is followed; a past one is not.
 * Latest wins: an `open` overtaken by a newer one stops between chunks; a `frame` finding a
 * newer frame request queued behind it answers `superseded` without drawing.
 */
import * as Comlink from 'comlink';
import type { ResourceRecord, SpanRecord } from '../src/lib/protocol/records';
import { paintDensity, scatterFrame, type DensityGrid, type DensityPalette } from '../src/lib/domain/scatter/density';
import type { ScatterFilter } from '../src/lib/domain/scatter/filter';
import { paintDots } from '../src/lib/domain/scatter/paint';
import { maxDurationMs, selectRect, type DataRect } from '../src/lib/domain/scatter/select';
import { niceCeilingMs, type ScatterView } from '../src/lib/domain/scatter/view';
import { XLog, type TransactionRow } from '../src/lib/domain/scatter/xlog';

/**
 * The part of TelemetryStore and TelemetryWriter (src/lib/io/telemetry-store.ts) the scatter
 * reads: transactions only, from the store's transactions table.
 */
export interface ScatterSource {
	spanChunks(query: { fromMs: number; toMs: number; transactionsOnly?: boolean; maxChunkId?: number }): AsyncIterable<SpanRecord[]>;
	spanChunksAfter(afterChunkId: number, options?: { transactionsOnly?: boolean }): AsyncIterable<{ id: number; spans: SpanRecord[] }>;
	lastSpanChunkId(): Promise<number>;
	resources(query?: { sinceMs?: number }): Promise<ResourceRecord[]>;
}

export interface ScatterWindow {
	fromMs: number;
	/** Absent: live, follow new chunks. */
	toMs?: number;
}

/** A view whose y axis may follow the data: `maxDurationMs: 'auto'` = a round value above the longest in range. */
export type FrameView = Omit<ScatterView, 'maxDurationMs'> & { maxDurationMs: number | 'auto' };

export interface FrameReply {
	status: 'done';
	/** RGBA, `widthPx × heightPx × 4` bytes (transferred). */
	rgba: Uint8ClampedArray;
	widthPx: number;
	heightPx: number;
	/** The y axis the pixels were drawn with. */
	maxDurationMs: number;
	minDurationMs: number;
	inView: number;
	errors: number;
	aboveCount: number;
	mode: 'dots' | 'density';
}

export interface ScatterStatus {
	dbName: string;
	window: ScatterWindow | undefined;
	loading: boolean;
	size: number;
	/** Transactions dropped because the ring was full (oldest first). */
	overwritten: number;
	/** Transactions refused (malformed ids or times). */
	skipped: number;
	capacity: number;
}

export function createScatterApi(openStore: (dbName: string) => ScatterSource, options: { capacity?: number } = {}) {
	const capacity = options.capacity ?? 1_000_000;
	let dbName = '';
	let window: ScatterWindow | undefined;
	let namespaces = new Map<string, string>();
	const domainOf = (span: SpanRecord) => namespaces.get(span.resourceId);
	let xlog = new XLog({ capacity, domainOf });
	let followedChunkId = 0;
	let following = false;
	let loading = false;
	let newestOpen = 0;
	let newestFrame = 0;
	let polling: Promise<number> | undefined;
	let grid: DensityGrid | undefined;

	async function refreshNamespaces(store: ScatterSource): Promise<void> {
		const next = new Map<string, string>();
		for (const r of await store.resources()) if (r.namespace) next.set(r.id, r.namespace);
		namespaces = next;
	}

	function status(): ScatterStatus {
		return { dbName, window, loading, size: xlog.size, overwritten: xlog.overwritten, skipped: xlog.skipped, capacity };
	}

	return {
		/**
		 * Loads the transactions ending in the window from the store `dbName` (a live window:
		 * from `fromMs` on, then followed by `poll`). Reopening the same live store with a
		 * `fromMs` not earlier than the loaded one keeps what is held.
		 */
		async open(request: number, name: string, next: ScatterWindow): Promise<{ status: 'done' | 'superseded' } & ScatterStatus> {
			const live = next.toMs === undefined;
			// the same live store already held (or loading): keep it, and do not cancel its load
			if (name === dbName && live && window && window.toMs === undefined && next.fromMs >= window.fromMs) {
				return { status: 'done', ...status() };
			}
			newestOpen = Math.max(newestOpen, request);
			const store = openStore(name);
			dbName = name;
			window = next;
			xlog = new XLog({ capacity, domainOf });
			grid = undefined;
			following = false;
			loading = true;
			await refreshNamespaces(store);
			const lastId = await store.lastSpanChunkId();
			const toMs = next.toMs ?? Number.MAX_SAFE_INTEGER;
			for await (const chunk of store.spanChunks({ fromMs: next.fromMs, toMs, transactionsOnly: true, maxChunkId: lastId })) {
				if (request < newestOpen) return { status: 'superseded', ...status() };
				xlog.add(chunk);
			}
			if (request < newestOpen) return { status: 'superseded', ...status() };
			followedChunkId = lastId;
			following = live;
			loading = false;
			return { status: 'done', ...status() };
		},

		/** Adds the transactions of chunks written since the last call (live windows only); answers how many. */
		async poll(): Promise<number> {
			if (!following || loading) return 0;
			// one poll at a time: a second caller waits for the first's answer
			if (polling) return polling;
			polling = (async () => {
				const store = openStore(dbName);
				let added = 0;
				let unknownResource = false;
				for await (const { id, spans } of store.spanChunksAfter(followedChunkId, { transactionsOnly: true })) {
					if (!unknownResource && spans.some((s) => !namespaces.has(s.resourceId))) {
						unknownResource = true;
						await refreshNamespaces(store);
					}
					added += xlog.add(spans).added;
					followedChunkId = id;
				}
				return added;
			})();
			try {
				return await polling;
			} finally {
				polling = undefined;
			}
		},

		/** Transactions the caller holds (an imported file): replaces what is held and stops following. */
		show(spans: SpanRecord[]): ScatterStatus {
			xlog = new XLog({ capacity, domainOf: () => undefined });
			grid = undefined;
			dbName = '';
			window = undefined;
			following = false;
			loading = false;
			newestOpen++;
			xlog.add(spans);
			return status();
		},

		/** Adds transactions to what is held (a benchmark or an import in parts). */
		append(spans: SpanRecord[]): number {
			return xlog.add(spans).added;
		},

		status,

		/** Draws the view: dots up to `dotLimit` points in view, else a density grid. */
		async frame(
			request: number,
			view: FrameView,
			filter: ScatterFilter,
			palette: DensityPalette,
			dotLimit = 20_000
		): Promise<FrameReply | { status: 'superseded' }> {
			newestFrame = Math.max(newestFrame, request);
			await new Promise((resolve) => setTimeout(resolve, 0));
			if (request < newestFrame) return { status: 'superseded' };
			const top =
				view.maxDurationMs === 'auto'
					? niceCeilingMs(Math.max(view.yScale === 'log' ? 10 : 1, maxDurationMs(xlog.points, view, filter) * 1.05))
					: view.maxDurationMs;
			const resolved: ScatterView = { ...view, maxDurationMs: top };
			const frame = scatterFrame(xlog.points, resolved, { filter, dotLimit, reuse: grid });
			grid = frame.grid;
			const size = { widthPx: frame.grid.widthPx, heightPx: frame.grid.heightPx };
			const rgba = frame.dots ? paintDots(frame.dots, size, palette) : paintDensity(frame.grid, palette);
			const reply: FrameReply = {
				status: 'done',
				rgba,
				...size,
				maxDurationMs: top,
				minDurationMs: view.minDurationMs,
				inView: frame.inView,
				errors: frame.errors,
				aboveCount: frame.aboveCount,
				mode: frame.dots ? 'dots' : 'density'
			};
			return Comlink.transfer(reply, [rgba.buffer as ArrayBuffer]);
		},

		/** The transactions inside a dragged rectangle, oldest first, at most `limit`. */
		select(rect: DataRect, filter: ScatterFilter, limit = 500): { rows: TransactionRow[]; total: number; errors: number } {
			const selection = selectRect(xlog.points, rect, { filter, limit });
			return { rows: xlog.rows(selection.rowIds), total: selection.total, errors: selection.errors };
		},

		/** Names for the filter menus, sorted ('' left out), at most 1,000 each. */
		names(): { services: string[]; operations: string[]; domains: string[] } {
			// menus, not reports: at most 1,000 names each
			const sorted = (names: string[]) => names.filter((n) => n !== '').sort().slice(0, 1_000);
			const p = xlog.points;
			return { services: sorted([...p.services.names]), operations: sorted([...p.operations.names]), domains: sorted([...p.domains.names]) };
		}
	};
}

export type ScatterApi = ReturnType<typeof createScatterApi>;

/**
 * Live data of one board: KPI tiles and domain bars read in the business worker once a
 * second (from the KPI window store), and the paths of path / segment / topology widgets
 * every 15 s (sample traces analysed in the worker). Nothing here loops over spans.
 */
import type { BoardRange } from '$lib/domain/business/board-read';
import type { PathSummary } from '$lib/domain/business/path-summary';
import type { BusinessDefinitions, KpiScope, SimpleMeasure } from '$lib/domain/business/types';
import type { BoardBody, Widget } from '$lib/domain/docs/board';
import { sharedBusinessClient, type BoardAnswer } from '$lib/workers/business-client';
import { barMeasure } from './widget-config';

export const readEveryMs = 1_000;
export const pathEveryMs = 15_000;
/** Sample traces of the last 5 min for a path. */
export const pathWindowMs = 300_000;

export function pathScope(widget: Widget): KpiScope | undefined {
	if (widget.transactionId) return { kind: 'transaction', transactionId: widget.transactionId };
	if (widget.domainId) return { kind: 'domain', domainId: widget.domainId };
	return undefined;
}

export function scopeKey(scope: KpiScope): string {
	return scope.kind === 'domain' ? 'd:' + scope.domainId : 't:' + scope.transactionId;
}

export class BoardData {
	answer = $state.raw<BoardAnswer | null>(null);
	/** By scope key (`d:<domain>` / `t:<transaction>`). */
	paths = $state.raw<Record<string, PathSummary>>({});
	error = $state<string | null>(null);
	#lastPathMs = 0;
	#busy = false;

	async tick(board: BoardBody, definitions: BusinessDefinitions, range: BoardRange, nowMs = Date.now()): Promise<void> {
		if (this.#busy) return;
		this.#busy = true;
		try {
			const widgets = Object.entries(board.widgets);
			const kpiIds = [...new Set(widgets.flatMap(([, w]) => w.kpiIds ?? []))];
			const bars = widgets.filter(([, w]) => w.kind === 'domain-bars').map(([id, w]) => ({ id, measure: barMeasure(w) as SimpleMeasure }));
			this.answer = await sharedBusinessClient().readBoard({ definitions, range, nowMs, kpiIds, bars });
			this.error = null;
			if (nowMs - this.#lastPathMs >= pathEveryMs) {
				this.#lastPathMs = nowMs;
				const scopes = new Map<string, KpiScope>();
				for (const [, w] of widgets) {
					const scope = w.kind === 'transaction-path' || w.kind === 'segment-table' || w.kind === 'topology' ? pathScope(w) : undefined;
					if (scope) scopes.set(scopeKey(scope), scope);
				}
				const next: Record<string, PathSummary> = {};
				for (const [key, scope] of scopes) {
					const path = await sharedBusinessClient().path({ definitions, scope, fromMs: nowMs - pathWindowMs, toMs: nowMs + 1 });
					if (path) next[key] = path;
				}
				this.paths = next;
			}
		} catch (error) {
			this.error = error instanceof Error ? error.message : String(error);
		} finally {
			this.#busy = false;
		}
	}

	/** Paths are read again at the next tick (after the board or range changed). */
	invalidatePaths(): void {
		this.#lastPathMs = 0;
	}
}

/**
 * What the layout worker exposes (layout.worker.ts wraps it with comlink): the service map's
 * stable layout with ELK running inside the worker.
 *
 * Latest wins: every call carries the caller's request number (increasing). A call yields
 * once before starting ELK, so requests already queued behind it are seen; if a newer one
 * has arrived it answers `superseded` without running ELK, and a call finishing after a
 * newer one arrived answers `superseded` too, so an old layout is never painted over a
 * new one and a burst of graph changes runs ELK for the last few only.
 */
import type { Layout, LayoutGraph, ElkEngine } from '../src/lib/domain/layout/types';
import { layoutQuality, type LayoutQuality } from '../src/lib/domain/layout/quality';
import { stableLayout, type StableLayoutOptions, type StableLayoutResult } from '../src/lib/domain/layout/stable-layout';

export type LayoutReply = ({ status: 'done' } & StableLayoutResult) | { status: 'superseded' };

export function createLayoutApi(elk: ElkEngine) {
	let newest = 0;
	return {
		async layout(request: number, graph: LayoutGraph, options?: StableLayoutOptions): Promise<LayoutReply> {
			newest = Math.max(newest, request);
			await new Promise((resolve) => setTimeout(resolve, 0));
			if (request < newest) return { status: 'superseded' };
			const result = await stableLayout(elk, graph, options);
			if (request < newest) return { status: 'superseded' };
			return { status: 'done', ...result };
		},
		quality(layout: Layout, graph: LayoutGraph): LayoutQuality {
			return layoutQuality(layout, graph);
		}
	};
}

export type LayoutApi = ReturnType<typeof createLayoutApi>;

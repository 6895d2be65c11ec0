/**
 * The scatter worker from the main thread (workers/scatter-api.ts). Latest-wins: an `open`
 * or `frame` overtaken by a newer one comes back as `undefined`. Frames arrive as RGBA
 * pixels (transferred) for `putImageData`.
 */
import * as Comlink from 'comlink';
import type { FrameReply, FrameView, ScatterApi, ScatterStatus, ScatterWindow } from '../../../workers/scatter-api';
import type { SpanRecord } from '../protocol/records';
import type { DensityPalette } from '../domain/scatter/density';
import type { ScatterFilter } from '../domain/scatter/filter';
import type { DataRect } from '../domain/scatter/select';
import type { TransactionRow } from '../domain/scatter/xlog';

export type { FrameReply, FrameView, ScatterStatus, ScatterWindow } from '../../../workers/scatter-api';

export interface ScatterClient {
	open(dbName: string, window: ScatterWindow): Promise<ScatterStatus | undefined>;
	poll(): Promise<number>;
	show(spans: SpanRecord[]): Promise<ScatterStatus>;
	append(spans: SpanRecord[]): Promise<number>;
	status(): Promise<ScatterStatus>;
	frame(view: FrameView, filter: ScatterFilter, palette: DensityPalette, dotLimit?: number): Promise<FrameReply | undefined>;
	select(rect: DataRect, filter: ScatterFilter, limit?: number): Promise<{ rows: TransactionRow[]; total: number; errors: number }>;
	names(): Promise<{ services: string[]; operations: string[]; domains: string[] }>;
	close(): void;
}

export function createScatterClient(): ScatterClient {
	const worker = new Worker(new URL('../../../workers/scatter.worker.ts', import.meta.url), { type: 'module', name: 'meridian-scatter' });
	const api = Comlink.wrap<ScatterApi>(worker);
	let openRequest = 0;
	let frameRequest = 0;
	return {
		async open(dbName, window) {
			const { status, ...rest } = await api.open(++openRequest, dbName, window);
			return status === 'done' ? rest : undefined;
		},
		poll: () => api.poll(),
		show: (spans) => api.show(spans),
		append: (spans) => api.append(spans),
		status: () => api.status(),
		async frame(view, filter, palette, dotLimit) {
			const reply = await api.frame(++frameRequest, view, filter, palette, dotLimit);
			return reply.status === 'done' ? reply : undefined;
		},
		select: (rect, filter, limit) => api.select(rect, filter, limit),
		names: () => api.names(),
		close() {
			api[Comlink.releaseProxy]();
			worker.terminate();
		}
	};
}

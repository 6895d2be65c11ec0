/**
 * The map of a window from stored chunks (time travel): folds span chunks as the store
 * yields them, so memory stays bounded by the builder's limits, not by the window's size.
 *
 * The caller should read `marginMs` (default 5 s) beyond both ends of the window: spans just
 * outside it still pair with their partners inside (a CLIENT span ending after the window
 * whose SERVER child ended inside it), while only observations inside [fromMs, toMs) count.
 */
import type { ResourceRecord, SpanRecord } from '../../protocol/records';
import { TopologyBuilder, type SnapshotOptions, type TopologyOptions } from './builder';
import type { TopologyGraph } from './types';

export const pairingMarginMs = 5_000;

export interface FoldWindow extends Omit<TopologyOptions, 'fromUs' | 'toUs'>, SnapshotOptions {
	fromMs: number;
	toMs: number;
	/** Checked between chunks; a cancelled fold returns what it has, with `cancelled` set. */
	signal?: { readonly aborted: boolean };
}

export async function foldTopology(
	source: { chunks: AsyncIterable<SpanRecord[]>; resources?: Iterable<ResourceRecord> },
	window: FoldWindow
): Promise<TopologyGraph & { cancelled: boolean }> {
	const builder = new TopologyBuilder({ ...window, fromUs: window.fromMs * 1000, toUs: window.toMs * 1000 });
	if (source.resources) builder.addResources(source.resources);
	let cancelled = false;
	for await (const chunk of source.chunks) {
		if (window.signal?.aborted) {
			cancelled = true;
			break;
		}
		builder.add(chunk);
	}
	return { ...builder.finish(window), cancelled };
}

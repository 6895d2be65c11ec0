/**
 * The compact, transferable form of a batch's transactions: what the ingest worker hands
 * the rollup worker (typed-array buffers moved with postMessage transfer, no per-span
 * objects cloned). Only transactions (see transactions.ts) are kept: nothing else is
 * rolled up into span series.
 */
import type { SpanRecord } from '../../protocol/records';
import { endpointName, isError, isTransaction } from './transactions';

export interface SpanGroup {
	service: string;
	endpoint: string;
	instance: string;
	/** `service \0 endpoint \0 instance`: the group's identity, made once. */
	id?: string;
}

export interface SpanColumns {
	length: number;
	/** Span end, Unix ms. */
	endMs: Float64Array;
	durationMs: Float64Array;
	/** 1 = error. */
	error: Uint8Array;
	/** Index into `groups`. */
	group: Uint32Array;
	groups: SpanGroup[];
}

/** The transactions of `spans` in columns. Spans with non-finite times are skipped. */
export function toSpanColumns(spans: readonly SpanRecord[]): SpanColumns {
	const endMs = new Float64Array(spans.length);
	const durationMs = new Float64Array(spans.length);
	const error = new Uint8Array(spans.length);
	const group = new Uint32Array(spans.length);
	const groups: SpanGroup[] = [];
	const groupIndex = new Map<string, number>();
	let n = 0;
	for (const span of spans) {
		if (!isTransaction(span)) continue;
		const start = span.startUs;
		const duration = span.durationUs;
		if (!Number.isFinite(start) || !Number.isFinite(duration)) continue;
		const endpoint = endpointName(span);
		const id = span.service + '\u0000' + endpoint + '\u0000' + span.instance;
		let g = groupIndex.get(id);
		if (g === undefined) {
			g = groups.length;
			groups.push({ service: span.service, endpoint, instance: span.instance, id });
			groupIndex.set(id, g);
		}
		endMs[n] = (start + duration) / 1000;
		durationMs[n] = Math.max(0, duration) / 1000;
		error[n] = isError(span) ? 1 : 0;
		group[n] = g;
		n++;
	}
	return {
		length: n,
		endMs: endMs.slice(0, n),
		durationMs: durationMs.slice(0, n),
		error: error.slice(0, n),
		group: group.slice(0, n),
		groups
	};
}

/** The buffers to list in a postMessage transfer. */
export function spanColumnBuffers(columns: SpanColumns): ArrayBuffer[] {
	return [columns.endMs.buffer, columns.durationMs.buffer, columns.error.buffer, columns.group.buffer] as ArrayBuffer[];
}

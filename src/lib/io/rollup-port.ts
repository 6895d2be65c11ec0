/**
 * Messages from the ingest worker to the rollup worker over their MessageChannel. Span
 * columns travel as transferred typed-array buffers (no per-span cloning); metric points are
 * cloned (they are few). Status is sent at most every 250 ms.
 */
import type { MetricPoint, TelemetryBatch } from '../protocol/records';
import type { ConnectionStatus, IngestStatus } from '../domain/telemetry/live-snapshot';
import { spanColumnBuffers, toSpanColumns, type SpanColumns } from '../domain/telemetry/span-columns';
import type { StorageNotice } from '../domain/telemetry/types';
import type { RollupEngine } from './rollup-engine';
import type { WriteResult } from './telemetry-store';

export type RollupPortMessage =
	/** `lastChunkId` / `lastMetricChunkId`: newest span / metric chunk the write stored (0: none). */
	| { type: 'spans'; columns: SpanColumns; metrics: MetricPoint[]; lastChunkId: number; lastMetricChunkId: number }
	| { type: 'status'; status: { connection: ConnectionStatus; ingest: IngestStatus } }
	| { type: 'notice'; notice: StorageNotice };

export interface PortLike {
	postMessage(message: unknown, transfer?: Transferable[]): void;
}

const statusEveryMs = 250;

export function rollupSender(port: PortLike, now: () => number = Date.now) {
	let lastStatusMs = -Infinity;
	return {
		written(result: WriteResult, batches: TelemetryBatch[]): void {
			const spans = batches.flatMap((b) => b.spans);
			const columns = toSpanColumns(spans);
			const metrics = batches.flatMap((b) => b.metrics);
			const lastChunkId = result.spanChunkIds.at(-1) ?? 0;
			const lastMetricChunkId = result.metricChunkIds.at(-1) ?? 0;
			const message: RollupPortMessage = { type: 'spans', columns, metrics, lastChunkId, lastMetricChunkId };
			port.postMessage(message, spanColumnBuffers(columns));
		},
		status(status: { connection: ConnectionStatus; ingest: IngestStatus }, force = false): void {
			if (!force && now() - lastStatusMs < statusEveryMs) return;
			lastStatusMs = now();
			port.postMessage({ type: 'status', status } satisfies RollupPortMessage);
		},
		notice(notice: StorageNotice): void {
			port.postMessage({ type: 'notice', notice } satisfies RollupPortMessage);
		}
	};
}

export function handleRollupMessage(engine: RollupEngine, message: RollupPortMessage): void {
	switch (message.type) {
		case 'spans':
			engine.ingestColumns(message.columns, message.metrics, message.lastChunkId, message.lastMetricChunkId);
			break;
		case 'status':
			engine.setStatus(message.status);
			break;
		case 'notice':
			engine.addNotice(message.notice);
			break;
	}
}

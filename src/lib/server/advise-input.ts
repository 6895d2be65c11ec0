/**
 * Inputs of `npm run advise`: a call-record CSV (streamed), a span file (JSON or NDJSON of
 * SpanRecords or TelemetryBatches) or a run of the demo bank in-process. Each reader feeds
 * the domain analyzers chunk by chunk and reports what it could not read, so a bad line
 * costs that line only.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CallsCsvParser, type CsvError } from '../domain/advisor/calls-csv';
import type { CallGraphBuilder } from '../domain/advisor/call-graph';
import { normaliseTraces } from '../domain/otlp/index';
import type { SpanRecord } from '../protocol/records';
import { createDemoBank } from '../sim/index';

export interface CsvInputSummary {
	kind: 'calls';
	file: string;
	rows: number;
	accepted: number;
	errors: CsvError[];
	moreErrors: number;
}

export interface SpanInputSummary {
	kind: 'spans' | 'demo';
	file?: string;
	spans: number;
	/** Items that were not span records (wrong shape or unparsable line). */
	invalid: number;
	/** First reasons, with line numbers for NDJSON. */
	errors: { line?: number; message: string }[];
	/** Demo runs: simulated minutes and seed. */
	minutes?: number;
	seed?: number;
}

/** A whole JSON span file is parsed in memory; above this size use NDJSON (streamed). */
export const maxJsonFileBytes = 256 * 1024 * 1024;
const maxErrors = 20;
const spanChunk = 2_000;

export async function readCallsCsv(file: string, builder: CallGraphBuilder): Promise<CsvInputSummary> {
	const parser = new CallsCsvParser((record) => builder.add(record));
	for await (const chunk of createReadStream(file, { encoding: 'utf8' })) parser.push(chunk as string);
	const summary = parser.end();
	return { kind: 'calls', file, ...summary };
}

export function isSpanRecord(value: unknown): value is SpanRecord {
	if (typeof value !== 'object' || value === null) return false;
	const s = value as Record<string, unknown>;
	return (
		typeof s.traceId === 'string' &&
		typeof s.spanId === 'string' &&
		typeof s.service === 'string' &&
		typeof s.name === 'string' &&
		typeof s.kind === 'number' &&
		Number.isFinite(s.startUs) &&
		Number.isFinite(s.durationUs) &&
		typeof s.attrs === 'object' &&
		s.attrs !== null &&
		(s.parentSpanId === undefined || typeof s.parentSpanId === 'string')
	);
}

/** Spans of one parsed JSON value: a SpanRecord, an array of them, or `{ spans: [...] }`. */
function spansOf(value: unknown, summary: SpanInputSummary, line?: number): SpanRecord[] {
	const items = Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as { spans?: unknown }).spans) ? (value as { spans: unknown[] }).spans : [value];
	const out: SpanRecord[] = [];
	for (const item of items) {
		if (isSpanRecord(item)) out.push({ ...item, parentSpanId: item.parentSpanId ?? '' });
		else {
			summary.invalid += 1;
			if (summary.errors.length < maxErrors) summary.errors.push({ line, message: 'not a span record (needs traceId, spanId, service, name, kind, startUs, durationUs, attrs)' });
		}
	}
	return out;
}

export async function readSpans(file: string, onSpans: (spans: SpanRecord[]) => void): Promise<SpanInputSummary> {
	const summary: SpanInputSummary = { kind: 'spans', file, spans: 0, invalid: 0, errors: [] };
	const deliver = (spans: SpanRecord[]) => {
		for (let i = 0; i < spans.length; i += spanChunk) onSpans(spans.slice(i, i + spanChunk));
		summary.spans += spans.length;
	};
	if (/\.(nd)?jsonl?$/i.test(file) && !/\.json$/i.test(file)) {
		let line = 0;
		for await (const text of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
			line += 1;
			if (text.trim() === '') continue;
			try {
				deliver(spansOf(JSON.parse(text), summary, line));
			} catch (error) {
				summary.invalid += 1;
				if (summary.errors.length < maxErrors) summary.errors.push({ line, message: `not JSON: ${(error as Error).message}` });
			}
		}
		return summary;
	}
	const { size } = await stat(file);
	if (size > maxJsonFileBytes) {
		throw new Error(`${file} is ${Math.round(size / 1048576)} MiB; JSON files up to ${maxJsonFileBytes / 1048576} MiB are read whole. Write one span or batch per line (.ndjson) to stream it.`);
	}
	const { readFile } = await import('node:fs/promises');
	let value: unknown;
	try {
		value = JSON.parse(await readFile(file, 'utf8'));
	} catch (error) {
		throw new Error(`${file} is not JSON: ${(error as Error).message}`);
	}
	deliver(spansOf(value, summary));
	return summary;
}

/**
 * Runs the demo bank for `minutes` of simulated time (in 5 s steps, as fast as it computes)
 * and hands its spans over, normalised exactly as the relay does.
 */
export function readDemo(minutes: number, seed: number, onSpans: (spans: SpanRecord[]) => void): SpanInputSummary {
	const startMs = Date.UTC(2026, 10, 4, 3, 0);
	const bank = createDemoBank({ seed, startMs });
	const summary: SpanInputSummary = { kind: 'demo', spans: 0, invalid: 0, errors: [], minutes, seed };
	for (let atMs = startMs + 5_000; atMs <= startMs + minutes * 60_000; atMs += 5_000) {
		for (const request of bank.advance(atMs).traces) {
			const result = normaliseTraces(request, { nowMs: atMs });
			summary.spans += result.spans.length;
			summary.invalid += result.rejected.spans;
			if (result.spans.length > 0) onSpans(result.spans);
		}
	}
	return summary;
}

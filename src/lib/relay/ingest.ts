/**
 * `POST /v1/traces|metrics|logs`: the OTLP/HTTP receiver (OTLP specification, "OTLP/HTTP").
 *
 *   200  Export*ServiceResponse in the request's encoding; `partial_success` with the count
 *        and reasons when some items were rejected (the rest were accepted)
 *   400  body not decodable (google.rpc.Status with the reason)
 *   413  body over the wire or decompressed limit
 *   415  content type other than application/x-protobuf or application/json, or an
 *        unsupported Content-Encoding
 *   429 / 503 with Retry-After  in-flight budget spent / log storage behind or shutting down
 *        (OTLP clients retry these)
 */
import {
	decodeOtlp,
	describeRejections,
	encodeExportResponse,
	encodeRpcStatus,
	normaliseOtlp,
	OtlpDecodeError,
	rejectedKey,
	RpcCode,
	type OtlpEncoding,
	type NormaliseResult
} from '../domain/otlp/index';
import type { ExportResponse, OtlpSignal } from '../domain/otlp/types';
import { readBody, type BodyLimits, type InflightBudget } from './body';
import { corsHeaders, HttpError } from './http';
import { LogBusyError, type ReplayLog } from './replay-log';

export interface IngestContext {
	log: ReplayLog;
	limits: BodyLimits;
	budget: InflightBudget;
	now: () => number;
	counters: IngestCounters;
}

export interface SignalCounters {
	requests: number;
	/** Items accepted into the log (spans, metric points, log records). */
	accepted: number;
	/** Items rejected by per-item validation. */
	rejected: number;
	/** Whole requests refused (4xx). */
	refused: number;
	/** Requests answered 429/503. */
	throttled: number;
}

export interface IngestCounters {
	/** Batches appended to the log by ingest. */
	batches: number;
	bySignal: Record<OtlpSignal, SignalCounters>;
	truncatedValues: number;
	droppedAttributes: number;
}

export function newIngestCounters(): IngestCounters {
	const zero = (): SignalCounters => ({ requests: 0, accepted: 0, rejected: 0, refused: 0, throttled: 0 });
	return { batches: 0, bySignal: { traces: zero(), metrics: zero(), logs: zero() }, truncatedValues: 0, droppedAttributes: 0 };
}

const statusCodes: Record<number, number> = {
	400: RpcCode.InvalidArgument,
	401: RpcCode.Unauthenticated,
	404: RpcCode.NotFound,
	405: RpcCode.Unimplemented,
	413: RpcCode.InvalidArgument,
	415: RpcCode.InvalidArgument,
	429: RpcCode.ResourceExhausted,
	500: RpcCode.Internal,
	503: RpcCode.Unavailable
};

/** The media type's encoding, or undefined for an unsupported type. */
export function encodingOf(req: Request): OtlpEncoding | undefined {
	const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
	if (type === 'application/json') return 'json';
	return undefined;
}

/** An error body as google.rpc.Status: protobuf for protobuf requests, JSON otherwise. */
export function otlpError(req: Request, error: HttpError): Response {
	const status = { code: statusCodes[error.status] ?? RpcCode.Internal, message: error.message };
	const headers: Record<string, string> = { ...corsHeaders(req) };
	if (error.retryAfterSec !== undefined) headers['retry-after'] = String(error.retryAfterSec);
	if (error.status === 401) headers['www-authenticate'] = 'Bearer';
	if (encodingOf(req) === 'protobuf') {
		headers['content-type'] = 'application/x-protobuf';
		return new Response(encodeRpcStatus(status), { status: error.status, headers });
	}
	headers['content-type'] = 'application/json';
	return new Response(JSON.stringify(status), { status: error.status, headers });
}

export async function ingest(req: Request, signal: OtlpSignal, ctx: IngestContext): Promise<Response> {
	const counters = ctx.counters.bySignal[signal];
	counters.requests++;
	try {
		const response = await accept(req, signal, ctx, counters);
		return response;
	} catch (error) {
		const http = toHttpError(error);
		if (http.status === 429 || http.status === 503) counters.throttled++;
		else counters.refused++;
		return otlpError(req, http);
	}
}

async function accept(req: Request, signal: OtlpSignal, ctx: IngestContext, counters: SignalCounters): Promise<Response> {
	if (req.method !== 'POST') throw new HttpError(405, `Use POST to send ${signal}.`);
	const encoding = encodingOf(req);
	if (!encoding) {
		throw new HttpError(
			415,
			`Content-Type "${req.headers.get('content-type') ?? ''}" is not supported; use application/x-protobuf or application/json.`
		);
	}
	const { bytes, held } = await readBody(req, ctx.limits, ctx.budget);
	let result: NormaliseResult;
	try {
		const model = decodeOtlp(signal, bytes, encoding);
		result = normaliseOtlp(signal, model, { nowMs: ctx.now() });
	} finally {
		ctx.budget.give(held);
	}
	ctx.counters.truncatedValues += result.truncated.values;
	ctx.counters.droppedAttributes += result.truncated.attributes;
	const items = result.spans.length + result.metrics.length + result.logs.length;
	if (items > 0) {
		const { durable } = ctx.log.append(result);
		ctx.counters.batches++;
		try {
			await durable;
		} catch (error) {
			throw new HttpError(503, `The batch could not be stored: ${(error as Error).message}. Retry shortly.`, 5);
		}
	}
	counters.accepted += items;
	const rejected = result.rejected.spans + result.rejected.metricPoints + result.rejected.logRecords;
	counters.rejected += rejected;
	const response: ExportResponse = {};
	if (rejected > 0) {
		response.partialSuccess = { [rejectedKey[signal]]: rejected, errorMessage: describeRejections(result) };
	}
	const headers = corsHeaders(req);
	if (encoding === 'protobuf') {
		return new Response(encodeExportResponse(signal, response), {
			status: 200,
			headers: { ...headers, 'content-type': 'application/x-protobuf' }
		});
	}
	if (response.partialSuccess) {
		// JSON mapping writes int64 as a decimal string
		const partial = response.partialSuccess as Record<string, unknown>;
		partial[rejectedKey[signal]] = String(rejected);
	}
	return new Response(JSON.stringify(response), { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
}

export function toHttpError(error: unknown): HttpError {
	if (error instanceof HttpError) return error;
	if (error instanceof OtlpDecodeError) return new HttpError(400, `Malformed OTLP payload (${error.reason}): ${error.message}`);
	if (error instanceof LogBusyError) return new HttpError(503, error.message, error.retryAfterSec);
	return new HttpError(500, `Internal error: ${(error as Error)?.message ?? String(error)}`);
}

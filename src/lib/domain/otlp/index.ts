/**
 * The OTLP codec: protobuf and JSON decoding into the one request model (types.ts),
 * protobuf encoding from it, and normalisation into the compact records.
 */
import { parseOtlpJson } from './json';
import { decodeLogsRequest, encodeLogsRequest } from './proto-logs';
import { decodeMetricsRequest } from './proto-metrics';
import { encodeMetricsRequest } from './proto-metrics-encode';
import { decodeTraceRequest, encodeTraceRequest } from './proto-traces';
import { normaliseLogs } from './normalise-logs';
import { normaliseMetrics } from './normalise-metrics';
import { normaliseTraces } from './normalise-traces';
import type { NormaliseOptions, NormaliseResult } from './normalise-common';
import type {
	ExportLogsServiceRequest,
	ExportMetricsServiceRequest,
	ExportTraceServiceRequest,
	OtlpSignal
} from './types';

export { OtlpDecodeError, type OtlpDecodeReason } from './errors';
export { parseOtlpJson, validateOtlpJson } from './json';
export {
	decodeExportResponse,
	decodeRpcStatus,
	encodeExportResponse,
	encodeRpcStatus,
	RpcCode,
	rejectedKey,
	type RpcStatus
} from './proto-response';
export { decodeLogsRequest, encodeLogsRequest } from './proto-logs';
export { decodeMetricsRequest } from './proto-metrics';
export { encodeMetricsRequest } from './proto-metrics-encode';
export { decodeTraceRequest, encodeTraceRequest } from './proto-traces';
export { normaliseLogs } from './normalise-logs';
export { normaliseMetrics } from './normalise-metrics';
export { normaliseTraces } from './normalise-traces';
export {
	defaultNormaliseLimits,
	describeRejections,
	type NormaliseLimits,
	type NormaliseOptions,
	type NormaliseResult
} from './normalise-common';
export { defaultAttributeLimits, droppedKeys, droppedPrefixes, priorityPrefixes } from './attributes';

export type OtlpRequest = ExportTraceServiceRequest | ExportMetricsServiceRequest | ExportLogsServiceRequest;
export type OtlpEncoding = 'protobuf' | 'json';

/** Decodes a request body of either encoding; throws OtlpDecodeError with a reason. */
export function decodeOtlp(signal: OtlpSignal, body: Uint8Array, encoding: OtlpEncoding): OtlpRequest {
	if (encoding === 'json') return parseOtlpJson(signal, new TextDecoder().decode(body));
	if (signal === 'traces') return decodeTraceRequest(body);
	if (signal === 'metrics') return decodeMetricsRequest(body);
	return decodeLogsRequest(body);
}

export function encodeOtlpProtobuf(signal: OtlpSignal, request: OtlpRequest): Uint8Array<ArrayBuffer> {
	if (signal === 'traces') return encodeTraceRequest(request as ExportTraceServiceRequest);
	if (signal === 'metrics') return encodeMetricsRequest(request as ExportMetricsServiceRequest);
	return encodeLogsRequest(request as ExportLogsServiceRequest);
}

export function normaliseOtlp(signal: OtlpSignal, request: OtlpRequest, options: NormaliseOptions): NormaliseResult {
	if (signal === 'traces') return normaliseTraces(request as ExportTraceServiceRequest, options);
	if (signal === 'metrics') return normaliseMetrics(request as ExportMetricsServiceRequest, options);
	return normaliseLogs(request as ExportLogsServiceRequest, options);
}

/**
 * Export*ServiceResponse (collector/*_service.proto) and google.rpc.Status, the bodies a
 * receiver answers with. The three responses share one layout:
 * `1 partial_success { 1 rejected_<items> int64, 2 error_message string }`.
 */
import { ProtoReader, Wire } from './protobuf-reader';
import { ProtoWriter } from './protobuf-writer';
import type { ExportResponse, OtlpSignal } from './types';

export const rejectedKey = {
	traces: 'rejectedSpans',
	metrics: 'rejectedDataPoints',
	logs: 'rejectedLogRecords'
} as const satisfies Record<OtlpSignal, string>;

export function encodeExportResponse(signal: OtlpSignal, response: ExportResponse): Uint8Array<ArrayBuffer> {
	const w = new ProtoWriter(64);
	const partial = response.partialSuccess;
	if (partial) {
		w.tag(1, Wire.Len);
		const mark = w.begin();
		const rejected = partial[rejectedKey[signal]];
		if (rejected) w.tag(1, Wire.Varint).int64(rejected);
		if (partial.errorMessage) w.tag(2, Wire.Len).string(partial.errorMessage);
		w.end(mark);
	}
	return w.finish();
}

export function decodeExportResponse(signal: OtlpSignal, bytes: Uint8Array): ExportResponse {
	const r = new ProtoReader(bytes);
	const out: ExportResponse = {};
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag !== 10) {
			r.skip(tag & 7);
			continue;
		}
		const outer = r.end;
		r.end = r.lengthEnd();
		const partial: NonNullable<ExportResponse['partialSuccess']> = {};
		while (r.pos < r.end) {
			const t = r.tag();
			if (t === 8) partial[rejectedKey[signal]] = r.int64();
			else if (t === 18) partial.errorMessage = r.string();
			else r.skip(t & 7);
		}
		r.end = outer;
		out.partialSuccess = partial;
	}
	return out;
}

/** google.rpc.Status: `1 code int32, 2 message string` (details are not used). */
export interface RpcStatus {
	code: number;
	message: string;
}

/** gRPC status codes used in error bodies (google/rpc/code.proto). */
export const RpcCode = {
	InvalidArgument: 3,
	NotFound: 5,
	ResourceExhausted: 8,
	Unimplemented: 12,
	Internal: 13,
	Unavailable: 14,
	Unauthenticated: 16
} as const;

export function encodeRpcStatus(status: RpcStatus): Uint8Array<ArrayBuffer> {
	const w = new ProtoWriter(64 + status.message.length * 3);
	if (status.code) w.tag(1, Wire.Varint).int32(status.code);
	if (status.message) w.tag(2, Wire.Len).string(status.message);
	return w.finish();
}

export function decodeRpcStatus(bytes: Uint8Array): RpcStatus {
	const r = new ProtoReader(bytes);
	const status: RpcStatus = { code: 0, message: '' };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 8) status.code = r.int32();
		else if (tag === 18) status.message = r.string();
		else r.skip(tag & 7);
	}
	return status;
}

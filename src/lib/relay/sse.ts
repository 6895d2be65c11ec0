/**
 * Server-Sent Events frames for `GET /api/stream` (src/lib/protocol/stream.ts). Frames are
 * encoded once: a batch frame is built when the batch is appended and shared by every
 * client, so fan-out costs no serialisation.
 */
import type { StreamGap, StreamHello } from '../protocol/stream';

const utf8 = new TextEncoder();

/** `json` is a serialised TelemetryBatch; JSON.stringify never emits raw newlines, so one data line holds it. */
export function batchFrame(seq: number, json: string): Uint8Array {
	return utf8.encode(`id: ${seq}\nevent: batch\ndata: ${json}\n\n`);
}

export function helloFrame(hello: StreamHello): Uint8Array {
	return utf8.encode(`event: hello\ndata: ${JSON.stringify(hello)}\n\n`);
}

export function gapFrame(gap: StreamGap): Uint8Array {
	return utf8.encode(`id: ${gap.toSeq}\nevent: gap\ndata: ${JSON.stringify(gap)}\n\n`);
}

export const keepaliveFrame = utf8.encode(': keepalive\n\n');

/** Bytes of a batch frame around its JSON (`id: N\nevent: batch\ndata: ` + `\n\n`), for size accounting. */
export function batchFrameOverhead(seq: number): number {
	return 26 + String(seq).length;
}

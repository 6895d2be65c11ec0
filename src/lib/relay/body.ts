/**
 * Request bodies with bounds on the bytes received AND the bytes after decompression, so a
 * gzip bomb is stopped as soon as its output passes the bound, having inflated at most that
 * much. Also reserves the bytes it holds from a relay-wide in-flight budget, so many large
 * concurrent requests cannot exhaust memory together (429 when the budget is spent).
 */
import { HttpError } from './http';

export interface BodyLimits {
	/** Bytes on the wire (compressed or not); default 16 MiB. */
	maxBodyBytes: number;
	/** Bytes after decompression; default 64 MiB. */
	maxDecodedBytes: number;
	/** Body bytes held by all requests being read at once; default 256 MiB. */
	maxInflightBytes: number;
}

export const defaultBodyLimits: BodyLimits = {
	maxBodyBytes: 16 * 1024 * 1024,
	maxDecodedBytes: 64 * 1024 * 1024,
	maxInflightBytes: 256 * 1024 * 1024
};

/** Shared counter of body bytes currently held by requests being read. */
export class InflightBudget {
	used = 0;
	constructor(readonly limit: number) {}
	take(n: number): void {
		if (this.used + n > this.limit) {
			throw new HttpError(429, 'The relay is receiving more data than it can hold at once; retry shortly.', 1);
		}
		this.used += n;
	}
	give(n: number): void {
		this.used -= n;
	}
}

export type ContentCoding = 'identity' | 'gzip' | 'deflate';

export function contentCodingOf(req: Request): ContentCoding {
	const raw = (req.headers.get('content-encoding') ?? '').trim().toLowerCase();
	if (raw === '' || raw === 'identity') return 'identity';
	if (raw === 'gzip' || raw === 'x-gzip') return 'gzip';
	if (raw === 'deflate') return 'deflate';
	throw new HttpError(415, `Content-Encoding "${raw}" is not supported; use gzip or none.`);
}

/**
 * Reads the whole body within the limits. The caller must `budget.give(result.held)` when
 * done with the bytes.
 */
export async function readBody(
	req: Request,
	limits: BodyLimits,
	budget: InflightBudget
): Promise<{ bytes: Uint8Array; held: number }> {
	const coding = contentCodingOf(req);
	const declared = Number(req.headers.get('content-length') ?? NaN);
	if (declared > limits.maxBodyBytes) {
		throw new HttpError(413, `Body of ${declared} bytes exceeds the limit of ${limits.maxBodyBytes} bytes.`);
	}
	if (!req.body) return { bytes: new Uint8Array(0), held: 0 };
	let held = 0;
	let wireBytes = 0;
	const counted = req.body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				wireBytes += chunk.byteLength;
				if (wireBytes > limits.maxBodyBytes) {
					throw new HttpError(413, `Body exceeds the limit of ${limits.maxBodyBytes} bytes.`);
				}
				controller.enqueue(chunk);
			}
		})
	);
	const decoded =
		coding === 'identity' ? counted : counted.pipeThrough(new DecompressionStream(coding) as unknown as TransformStream<Uint8Array, Uint8Array>);
	const reader = decoded.getReader();
	const chunks: Uint8Array[] = [];
	try {
		for (;;) {
			let step: ReadableStreamReadResult<Uint8Array>;
			try {
				step = await reader.read();
			} catch (error) {
				if (error instanceof HttpError) throw error;
				throw new HttpError(400, coding === 'identity' ? 'The request body could not be read.' : `The body is not valid ${coding} data.`);
			}
			if (step.done) break;
			const chunk = step.value;
			if (held + chunk.byteLength > limits.maxDecodedBytes) {
				throw new HttpError(413, `Decompressed body exceeds the limit of ${limits.maxDecodedBytes} bytes.`);
			}
			budget.take(chunk.byteLength);
			held += chunk.byteLength;
			chunks.push(chunk);
		}
	} catch (error) {
		budget.give(held);
		reader.cancel().catch(() => undefined);
		throw error;
	}
	if (chunks.length === 1) return { bytes: chunks[0], held };
	const bytes = new Uint8Array(held);
	let offset = 0;
	for (const c of chunks) {
		bytes.set(c, offset);
		offset += c.byteLength;
	}
	return { bytes, held };
}

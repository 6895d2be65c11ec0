import { OtlpDecodeError } from './errors';

/** Protocol Buffers wire types (encoding spec). Groups (3, 4) are deprecated and refused. */
export const Wire = { Varint: 0, Fixed64: 1, Len: 2, Fixed32: 5 } as const;

const twoTo32 = 4294967296;
const utf8 = new TextDecoder('utf-8');
/**
 * ASCII strings up to this many bytes go through a direct-mapped intern table: attribute
 * keys and common values repeat on every span, so most short strings are found there and
 * allocate nothing. Longer or non-ASCII strings use TextDecoder (fixed per-call cost).
 */
const internMaxBytes = 40;
/** Intern table slots (power of two); a collision simply replaces the slot. ~4096 strings of ≤ 40 bytes. */
const internSlots = 4096;
const internTable: string[] = new Array<string>(internSlots).fill('');
/** ASCII strings up to this length are built with String.fromCharCode, cheaper than a TextDecoder call. */
const asciiMaxBytes = 1024;

/**
 * A cursor over one protobuf message. Every read checks bounds against `end`, so a
 * truncated or hostile payload throws an OtlpDecodeError instead of reading past the
 * message; nothing allocates more than the bytes it reads.
 */
export class ProtoReader {
	readonly buf: Uint8Array;
	pos: number;
	end: number;
	private view: DataView;

	constructor(buf: Uint8Array, start = 0, end = buf.length) {
		this.buf = buf;
		this.pos = start;
		this.end = end;
		this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	}

	/** Next field tag: `field << 3 | wire`. Field 0 does not exist and is refused. */
	tag(): number {
		const tag = this.uint32();
		if (tag >>> 3 === 0) {
			throw new OtlpDecodeError('bad-field', `field number 0 at byte ${this.pos}`);
		}
		return tag;
	}

	/** A varint's low 32 bits, unsigned. Reads (and discards) up to 10 bytes in all. */
	uint32(): number {
		const buf = this.buf;
		let pos = this.pos;
		if (pos >= this.end) this.truncated();
		let b = buf[pos++];
		let value = b & 0x7f;
		if (b < 0x80) {
			this.pos = pos;
			return value;
		}
		let shift = 7;
		for (let i = 1; i < 10; i++) {
			if (pos >= this.end) this.truncated();
			b = buf[pos++];
			if (shift < 32) value |= (b & 0x7f) << shift;
			shift += 7;
			if (b < 0x80) {
				this.pos = pos;
				return value >>> 0;
			}
		}
		throw new OtlpDecodeError('varint-too-long', `varint longer than 10 bytes at byte ${this.pos}`);
	}

	int32(): number {
		return this.uint32() | 0;
	}

	sint32(): number {
		const n = this.uint32();
		return (n >>> 1) ^ -(n & 1);
	}

	bool(): boolean {
		return this.uint32() !== 0;
	}

	/** A signed int64 varint as a number; beyond ±2^53 it is rounded (use `int64Exact`). */
	int64(): number {
		const [lo, hi] = this.varint64Parts();
		return combineSigned(lo, hi);
	}

	/** An unsigned 64-bit varint as a number (rounded beyond 2^53). */
	uint64(): number {
		const [lo, hi] = this.varint64Parts();
		return hi * twoTo32 + lo;
	}

	/** A signed int64 varint: a number when it is a safe integer, else an exact decimal string. */
	int64Exact(): number | string {
		const [lo, hi] = this.varint64Parts();
		const n = combineSigned(lo, hi);
		if (Number.isSafeInteger(n)) return n;
		return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
	}

	private varint64Parts(): [number, number] {
		const buf = this.buf;
		let pos = this.pos;
		let lo = 0;
		let hi = 0;
		for (let i = 0; i < 10; i++) {
			if (pos >= this.end) this.truncated();
			const b = buf[pos++];
			if (i < 4) lo |= (b & 0x7f) << (7 * i);
			else if (i === 4) {
				lo |= (b & 0x0f) << 28;
				hi |= (b & 0x7f) >> 4;
			} else hi |= (b & 0x7f) << (7 * i - 32);
			if (b < 0x80) {
				this.pos = pos;
				return [lo >>> 0, hi >>> 0];
			}
		}
		throw new OtlpDecodeError('varint-too-long', `varint longer than 10 bytes at byte ${this.pos}`);
	}

	fixed32(): number {
		this.need(4);
		const v = this.view.getUint32(this.pos, true);
		this.pos += 4;
		return v;
	}

	/** Unsigned fixed64 as a number (nanosecond times: ~256 ns precision in 2024). */
	fixed64(): number {
		this.need(8);
		const lo = this.view.getUint32(this.pos, true);
		const hi = this.view.getUint32(this.pos + 4, true);
		this.pos += 8;
		return hi * twoTo32 + lo;
	}

	sfixed64(): number {
		this.need(8);
		const lo = this.view.getUint32(this.pos, true);
		const hi = this.view.getUint32(this.pos + 4, true);
		this.pos += 8;
		return combineSigned(lo, hi);
	}

	double(): number {
		this.need(8);
		const v = this.view.getFloat64(this.pos, true);
		this.pos += 8;
		return v;
	}

	/** Reads a length prefix and returns the end offset of the delimited bytes (pos = their start). */
	lengthEnd(): number {
		const len = this.uint32();
		const end = this.pos + len;
		if (end > this.end) {
			throw new OtlpDecodeError(
				'length-past-end',
				`length ${len} at byte ${this.pos} runs past the end of its message (${this.end})`
			);
		}
		return end;
	}

	/** A length-delimited field as a view on the buffer (no copy). */
	bytes(): Uint8Array {
		const end = this.lengthEnd();
		const out = this.buf.subarray(this.pos, end);
		this.pos = end;
		return out;
	}

	string(): string {
		const end = this.lengthEnd();
		const start = this.pos;
		this.pos = end;
		const len = end - start;
		if (len === 0) return '';
		const buf = this.buf;
		if (len <= internMaxBytes) {
			// cheap slot hash from the length and four sampled bytes; the full compare below decides
			const h = Math.imul(len ^ (buf[start] << 8) ^ (buf[end - 1] << 16), 0x9e3779b1) ^ (buf[start + (len >> 1)] << 3) ^ buf[start + (len >> 2)];
			const slot = (h ^ (h >>> 15)) & (internSlots - 1);
			const cached = internTable[slot];
			if (cached.length === len) {
				let j = 0;
				while (j < len && cached.charCodeAt(j) === buf[start + j]) j++;
				if (j === len) return cached;
			}
			if (isAscii(buf, start, end)) {
				const fresh = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
				internTable[slot] = fresh;
				return fresh;
			}
		} else if (len <= asciiMaxBytes && isAscii(buf, start, end)) {
			return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
		}
		return utf8.decode(buf.subarray(start, end));
	}

	/** Skips a field of an unknown number (forward compatibility). */
	skip(wire: number): void {
		switch (wire) {
			case Wire.Varint:
				this.uint32();
				return;
			case Wire.Fixed64:
				this.need(8);
				this.pos += 8;
				return;
			case Wire.Len:
				this.pos = this.lengthEnd();
				return;
			case Wire.Fixed32:
				this.need(4);
				this.pos += 4;
				return;
			default:
				throw new OtlpDecodeError('bad-wire-type', `wire type ${wire} at byte ${this.pos}`);
		}
	}

	/** Throws when a known field arrives with the wrong wire type. */
	expect(wire: number, expected: number, field: string): void {
		if (wire !== expected) {
			throw new OtlpDecodeError(
				'bad-wire-type',
				`${field}: wire type ${wire}, expected ${expected} (byte ${this.pos})`
			);
		}
	}

	/**
	 * Packed or unpacked repeated scalars: calls `read` once per element. Packed elements are
	 * read until the packed field's end, so their count is bounded by its byte length.
	 */
	repeated(wire: number, elementWire: number, field: string, read: () => void): void {
		if (wire === Wire.Len) {
			const end = this.lengthEnd();
			const outer = this.end;
			this.end = end;
			while (this.pos < end) read();
			this.end = outer;
			return;
		}
		this.expect(wire, elementWire, field);
		read();
	}

	private need(n: number): void {
		if (this.pos + n > this.end) this.truncated();
	}

	private truncated(): never {
		throw new OtlpDecodeError('truncated', `message ends inside a field at byte ${this.pos}`);
	}
}

function isAscii(buf: Uint8Array, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (buf[i] >= 0x80) return false;
	return true;
}

function combineSigned(lo: number, hi: number): number {
	if (hi & 0x80000000) {
		// two's complement: -(~value + 1)
		const nlo = (~lo + 1) >>> 0;
		const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
		return -(nhi * twoTo32 + nlo);
	}
	return hi * twoTo32 + lo;
}

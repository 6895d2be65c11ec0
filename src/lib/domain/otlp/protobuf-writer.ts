import { Wire } from './protobuf-reader';

const twoTo32 = 4294967296;
const utf8 = new TextEncoder();

/**
 * Appends protobuf fields to a growing buffer. Length-delimited fields are written with
 * `begin()`/`end()`: `begin` reserves one byte for the length, `end` widens it in place when
 * the body turned out longer than 127 bytes (one copy of that body per extra length byte).
 */
export class ProtoWriter {
	private buf: Uint8Array<ArrayBuffer>;
	private view: DataView;
	pos = 0;

	constructor(initialBytes = 1024) {
		this.buf = new Uint8Array(initialBytes);
		this.view = new DataView(this.buf.buffer);
	}

	finish(): Uint8Array<ArrayBuffer> {
		return this.buf.slice(0, this.pos);
	}

	private ensure(n: number): void {
		if (this.pos + n <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < this.pos + n) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buf.subarray(0, this.pos));
		this.buf = next;
		this.view = new DataView(next.buffer);
	}

	tag(field: number, wire: number): this {
		return this.uint32(((field << 3) | wire) >>> 0);
	}

	uint32(value: number): this {
		this.ensure(5);
		let v = value >>> 0;
		while (v > 0x7f) {
			this.buf[this.pos++] = (v & 0x7f) | 0x80;
			v >>>= 7;
		}
		this.buf[this.pos++] = v;
		return this;
	}

	/** int32 negatives are sign-extended to 10 bytes, as the encoding spec requires. */
	int32(value: number): this {
		return value < 0 ? this.int64(value) : this.uint32(value);
	}

	sint32(value: number): this {
		return this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
	}

	bool(value: boolean): this {
		return this.uint32(value ? 1 : 0);
	}

	/** int64 / uint64 varint from a number or a decimal string (exact for strings). */
	int64(value: number | string): this {
		const [lo, hi] = split64(value);
		this.ensure(10);
		let l = lo;
		let h = hi;
		while (h !== 0 || l > 0x7f) {
			this.buf[this.pos++] = (l & 0x7f) | 0x80;
			l = ((l >>> 7) | (h << 25)) >>> 0;
			h >>>= 7;
		}
		this.buf[this.pos++] = l;
		return this;
	}

	fixed32(value: number): this {
		this.ensure(4);
		this.view.setUint32(this.pos, value >>> 0, true);
		this.pos += 4;
		return this;
	}

	/** fixed64 and sfixed64 from a number or a decimal string (exact for strings). */
	fixed64(value: number | string): this {
		const [lo, hi] = split64(value);
		this.ensure(8);
		this.view.setUint32(this.pos, lo, true);
		this.view.setUint32(this.pos + 4, hi, true);
		this.pos += 8;
		return this;
	}

	double(value: number): this {
		this.ensure(8);
		this.view.setFloat64(this.pos, value, true);
		this.pos += 8;
		return this;
	}

	bytes(value: Uint8Array): this {
		this.uint32(value.length);
		this.ensure(value.length);
		this.buf.set(value, this.pos);
		this.pos += value.length;
		return this;
	}

	string(value: string): this {
		// UTF-8 takes at most 3 bytes per UTF-16 code unit.
		const max = value.length * 3;
		const lengthBytes = max < 128 ? 1 : max < 16384 ? 2 : 5;
		this.ensure(lengthBytes + max);
		const start = this.pos + lengthBytes;
		const written = utf8.encodeInto(value, this.buf.subarray(start)).written;
		this.writeLengthAt(this.pos, lengthBytes, written);
		return this;
	}

	/** Starts a length-delimited field body; pass the returned mark to `end`. */
	begin(): number {
		this.ensure(1);
		return this.pos++;
	}

	end(mark: number): this {
		const bodyStart = mark + 1;
		this.writeLengthAt(mark, 1, this.pos - bodyStart);
		return this;
	}

	/** Writes `length` as a varint at `at`, where `reserved` bytes were set aside; moves the body if it needs more. */
	private writeLengthAt(at: number, reserved: number, length: number): void {
		const needed = varintSize(length);
		const bodyStart = at + reserved;
		if (needed !== reserved) {
			this.ensure(needed - reserved);
			this.buf.copyWithin(at + needed, bodyStart, bodyStart + length);
		}
		let v = length;
		let p = at;
		while (v > 0x7f) {
			this.buf[p++] = (v & 0x7f) | 0x80;
			v >>>= 7;
		}
		this.buf[p] = v;
		this.pos = at + needed + length;
	}

	packedDoubles(field: number, values: readonly number[]): this {
		if (values.length === 0) return this;
		this.tag(field, Wire.Len).uint32(values.length * 8);
		for (const v of values) this.double(v);
		return this;
	}

	packedFixed64(field: number, values: readonly (number | string)[]): this {
		if (values.length === 0) return this;
		this.tag(field, Wire.Len).uint32(values.length * 8);
		for (const v of values) this.fixed64(v);
		return this;
	}

	packedUint64(field: number, values: readonly (number | string)[]): this {
		if (values.length === 0) return this;
		this.tag(field, Wire.Len);
		const mark = this.begin();
		for (const v of values) this.int64(v);
		return this.end(mark);
	}
}

function varintSize(v: number): number {
	return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Splits a 64-bit integer into unsigned [lo, hi] words (two's complement for negatives). */
export function split64(value: number | string): [number, number] {
	if (typeof value === 'string') {
		const big = BigInt.asUintN(64, BigInt(value));
		return [Number(big & 0xffffffffn), Number(big >> 32n)];
	}
	if (!Number.isFinite(value)) return [0, 0];
	const n = Math.trunc(value);
	if (n >= 0) return [n % twoTo32 >>> 0, Math.floor(n / twoTo32) >>> 0];
	const abs = -n;
	let lo = abs % twoTo32 >>> 0;
	let hi = Math.floor(abs / twoTo32) >>> 0;
	lo = (~lo + 1) >>> 0;
	hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
	return [lo, hi];
}

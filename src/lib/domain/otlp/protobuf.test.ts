import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './errors';
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from './hex';
import { ProtoReader, Wire } from './protobuf-reader';
import { ProtoWriter, split64 } from './protobuf-writer';

function reasonOf(fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		if (error instanceof OtlpDecodeError) return error.reason;
		throw error;
	}
	return 'no error';
}

describe('protobuf writer and reader', () => {
	it('round-trips varints at every byte-length boundary', () => {
		const values = [0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 4294967295];
		const w = new ProtoWriter(4);
		for (const v of values) w.uint32(v);
		const r = new ProtoReader(w.finish());
		expect(values.map(() => r.uint32())).toEqual(values);
		expect(r.pos).toBe(r.end);
	});

	it('round-trips signed and unsigned 64-bit integers, exactly for strings', () => {
		const w = new ProtoWriter();
		const numbers = [0, 1, -1, 2 ** 40 + 7, -(2 ** 40) - 7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
		for (const n of numbers) w.int64(n);
		w.int64('9223372036854775807').int64('-9223372036854775808');
		const r = new ProtoReader(w.finish());
		expect(numbers.map(() => r.int64())).toEqual(numbers);
		expect(r.int64Exact()).toBe('9223372036854775807');
		expect(r.int64Exact()).toBe('-9223372036854775808');
	});

	it('writes negative int32 as ten sign-extended bytes', () => {
		const bytes = new ProtoWriter().int32(-2).finish();
		expect(bytes.length).toBe(10);
		expect(new ProtoReader(bytes).int32()).toBe(-2);
	});

	it('round-trips zigzag, fixed and floating-point fields', () => {
		const w = new ProtoWriter();
		w.sint32(-3).sint32(3).sint32(-2147483648);
		w.fixed32(0xdeadbeef).fixed64(1709294400123456789).fixed64('18446744073709551615').fixed64(-5);
		w.double(Math.PI).double(-0.5).double(Infinity);
		const r = new ProtoReader(w.finish());
		expect([r.sint32(), r.sint32(), r.sint32()]).toEqual([-3, 3, -2147483648]);
		expect(r.fixed32()).toBe(0xdeadbeef);
		expect(r.fixed64()).toBe(1709294400123456789);
		expect(r.fixed64()).toBe(18446744073709551615);
		expect(r.sfixed64()).toBe(-5);
		expect([r.double(), r.double(), r.double()]).toEqual([Math.PI, -0.5, Infinity]);
	});

	it('round-trips strings across the hand-decoded and TextDecoder paths', () => {
		const strings = ['', 'a', 'service.name', '한국어 서비스', 'x'.repeat(47), 'y'.repeat(48), 'z'.repeat(49), '😀'.repeat(100), 'q'.repeat(20000)];
		const w = new ProtoWriter(8);
		for (const s of strings) w.tag(1, Wire.Len).string(s);
		const r = new ProtoReader(w.finish());
		const out: string[] = [];
		while (r.pos < r.end) {
			r.tag();
			out.push(r.string());
		}
		expect(out).toEqual(strings);
	});

	it('returns the right text for many distinct short strings that share intern slots', () => {
		const forward = Array.from({ length: 20000 }, (_, i) => `k${i}`);
		const strings = [...forward, ...forward.slice().reverse()];
		const w = new ProtoWriter();
		for (const s of strings) w.tag(1, Wire.Len).string(s);
		const r = new ProtoReader(w.finish());
		const out: string[] = [];
		while (r.pos < r.end) {
			r.tag();
			out.push(r.string());
		}
		expect(out).toEqual(strings);
	});

	it('widens length prefixes of nested messages in place', () => {
		const w = new ProtoWriter(4);
		w.tag(1, Wire.Len);
		const outer = w.begin();
		w.tag(2, Wire.Len);
		const inner = w.begin();
		for (let i = 0; i < 300; i++) w.tag(3, Wire.Varint).uint32(i);
		w.end(inner);
		w.tag(4, Wire.Varint).uint32(99);
		w.end(outer);
		const r = new ProtoReader(w.finish());
		expect(r.tag()).toBe((1 << 3) | 2);
		r.end = r.lengthEnd();
		expect(r.tag()).toBe((2 << 3) | 2);
		const innerEnd = r.lengthEnd();
		const seen: number[] = [];
		while (r.pos < innerEnd) {
			r.tag();
			seen.push(r.uint32());
		}
		expect(seen).toHaveLength(300);
		expect(seen[299]).toBe(299);
		expect(r.tag()).toBe(4 << 3);
		expect(r.uint32()).toBe(99);
	});

	it('reads packed and unpacked repeated fields alike', () => {
		const w = new ProtoWriter();
		w.packedDoubles(7, [0.5, 1, 2]);
		w.tag(7, Wire.Fixed64).double(4);
		w.packedUint64(2, [1, 300, 2 ** 33]);
		const r = new ProtoReader(w.finish());
		const doubles: number[] = [];
		const ints: number[] = [];
		while (r.pos < r.end) {
			const tag = r.tag();
			if (tag >>> 3 === 7) r.repeated(tag & 7, Wire.Fixed64, 'bounds', () => doubles.push(r.double()));
			else r.repeated(tag & 7, Wire.Varint, 'counts', () => ints.push(r.uint64()));
		}
		expect(doubles).toEqual([0.5, 1, 2, 4]);
		expect(ints).toEqual([1, 300, 2 ** 33]);
	});

	it('skips unknown fields of every wire type', () => {
		const w = new ProtoWriter();
		w.tag(90, Wire.Varint).uint32(12345);
		w.tag(91, Wire.Fixed64).double(1);
		w.tag(92, Wire.Len).string('ignored');
		w.tag(93, Wire.Fixed32).fixed32(7);
		w.tag(1, Wire.Varint).uint32(42);
		const r = new ProtoReader(w.finish());
		let found = -1;
		while (r.pos < r.end) {
			const tag = r.tag();
			if (tag === 8) found = r.uint32();
			else r.skip(tag & 7);
		}
		expect(found).toBe(42);
	});

	it('splits 64-bit values into words', () => {
		expect(split64(2 ** 32 + 5)).toEqual([5, 1]);
		expect(split64(-1)).toEqual([0xffffffff, 0xffffffff]);
		expect(split64('4294967301')).toEqual([5, 1]);
	});
});

describe('malformed protobuf', () => {
	it('refuses a varint cut off by the end of the buffer', () => {
		expect(reasonOf(() => new ProtoReader(new Uint8Array([0x80, 0x80])).uint32())).toBe('truncated');
	});

	it('refuses a varint longer than ten bytes', () => {
		const bytes = new Uint8Array(11).fill(0x80);
		expect(reasonOf(() => new ProtoReader(bytes).uint32())).toBe('varint-too-long');
		expect(reasonOf(() => new ProtoReader(bytes).int64())).toBe('varint-too-long');
	});

	it('refuses a length that runs past the end of its message', () => {
		const bytes = new ProtoWriter().tag(1, Wire.Len).uint32(1000).finish();
		const r = new ProtoReader(bytes);
		r.tag();
		expect(reasonOf(() => r.string())).toBe('length-past-end');
	});

	it('refuses a length that stays inside the buffer but leaves its enclosing message', () => {
		// outer message of 3 bytes whose inner field claims 5 bytes, followed by padding
		const bytes = new Uint8Array([0x0a, 0x03, 0x0a, 0x05, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41]);
		const r = new ProtoReader(bytes);
		r.tag();
		r.end = r.lengthEnd();
		r.tag();
		expect(reasonOf(() => r.string())).toBe('length-past-end');
	});

	it('refuses deprecated group and undefined wire types', () => {
		for (const wire of [3, 4, 6, 7]) {
			const r = new ProtoReader(new Uint8Array([(1 << 3) | wire, 0]));
			expect(reasonOf(() => r.skip(r.tag() & 7))).toBe('bad-wire-type');
		}
	});

	it('refuses field number zero', () => {
		expect(reasonOf(() => new ProtoReader(new Uint8Array([0x02, 0x00])).tag())).toBe('bad-field');
	});

	it('refuses truncated fixed-width fields', () => {
		expect(reasonOf(() => new ProtoReader(new Uint8Array(7)).fixed64())).toBe('truncated');
		expect(reasonOf(() => new ProtoReader(new Uint8Array(3)).fixed32())).toBe('truncated');
	});
});

describe('hex and base64', () => {
	it('round-trip bytes', () => {
		const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
		expect(hexToBytes(bytesToHex(bytes))).toEqual(bytes);
		for (let n = 0; n < 6; n++) {
			const part = bytes.subarray(0, n);
			expect(base64ToBytes(bytesToBase64(part))).toEqual(part);
		}
		expect(bytesToBase64(new TextEncoder().encode('Meridian'))).toBe('TWVyaWRpYW4=');
		expect(base64ToBytes('not base64!')).toBeUndefined();
	});
});

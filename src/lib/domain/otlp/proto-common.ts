/**
 * common.proto and resource.proto messages (opentelemetry-proto v1): AnyValue, KeyValue,
 * InstrumentationScope, Resource. Tags are written as `field << 3 | wire` in the cases.
 * Unknown fields, and known fields with an unexpected wire type, are skipped as the
 * protobuf specification prescribes.
 */
import { OtlpDecodeError, maxAnyValueDepth } from './errors';
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, isHex } from './hex';
import { ProtoReader, Wire } from './protobuf-reader';
import type { ProtoWriter } from './protobuf-writer';
import type { AnyValue, InstrumentationScope, KeyValue, Resource } from './types';

export function readAnyValue(r: ProtoReader, depth: number): AnyValue {
	if (depth > maxAnyValueDepth) {
		throw new OtlpDecodeError('too-deep', `AnyValue nested deeper than ${maxAnyValueDepth} levels`);
	}
	const outer = r.end;
	r.end = r.lengthEnd();
	// the last value field wins, as protobuf defines for a oneof
	let value: AnyValue | undefined;
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 10: // 1 string_value
				value = { stringValue: r.string() };
				break;
			case 16: // 2 bool_value
				value = { boolValue: r.bool() };
				break;
			case 24: // 3 int_value
				value = { intValue: r.int64Exact() };
				break;
			case 33: // 4 double_value
				value = { doubleValue: r.double() };
				break;
			case 42: {
				// 5 array_value { 1 values }
				const values: AnyValue[] = [];
				const arrayOuter = r.end;
				r.end = r.lengthEnd();
				while (r.pos < r.end) {
					const t = r.tag();
					if (t === 10) values.push(readAnyValue(r, depth + 1));
					else r.skip(t & 7);
				}
				r.end = arrayOuter;
				value = { arrayValue: { values } };
				break;
			}
			case 50: {
				// 6 kvlist_value { 1 values }
				const values: KeyValue[] = [];
				const listOuter = r.end;
				r.end = r.lengthEnd();
				while (r.pos < r.end) {
					const t = r.tag();
					if (t === 10) values.push(readKeyValue(r, depth + 1));
					else r.skip(t & 7);
				}
				r.end = listOuter;
				value = { kvlistValue: { values } };
				break;
			}
			case 58: {
				// 7 bytes_value
				const bytes = r.bytes();
				value = { bytesValue: bytesToBase64(bytes) };
				break;
			}
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return value ?? {};
}

export function readKeyValue(r: ProtoReader, depth = 0): KeyValue {
	const outer = r.end;
	r.end = r.lengthEnd();
	let key = '';
	let value: AnyValue | undefined;
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) key = r.string();
		else if (tag === 18) value = readAnyValue(r, depth);
		else r.skip(tag & 7);
	}
	r.end = outer;
	return value === undefined ? { key } : { key, value };
}

export function readResource(r: ProtoReader): Resource {
	const outer = r.end;
	r.end = r.lengthEnd();
	const attributes: KeyValue[] = [];
	let dropped = 0;
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) attributes.push(readKeyValue(r));
		else if (tag === 16) dropped = r.uint32();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return dropped ? { attributes, droppedAttributesCount: dropped } : { attributes };
}

export function readScope(r: ProtoReader): InstrumentationScope {
	const outer = r.end;
	r.end = r.lengthEnd();
	const scope: InstrumentationScope = {};
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 10:
				scope.name = r.string();
				break;
			case 18:
				scope.version = r.string();
				break;
			case 26:
				(scope.attributes ??= []).push(readKeyValue(r));
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return scope;
}

/** Trace and span ids: bytes on the wire, lowercase hex in the model. */
export function readId(r: ProtoReader, field: string): string {
	const end = r.lengthEnd();
	const len = end - r.pos;
	// 16 bytes is the longest OTLP id; longer is not an id at all.
	if (len > 16) {
		throw new OtlpDecodeError('invalid-id-length', `${field}: ${len} bytes (at most 16)`);
	}
	const hex = bytesToHex(r.buf, r.pos, end);
	r.pos = end;
	return hex;
}

export function writeAnyValue(w: ProtoWriter, field: number, value: AnyValue): void {
	w.tag(field, Wire.Len);
	const mark = w.begin();
	if (value.stringValue !== undefined) w.tag(1, Wire.Len).string(value.stringValue);
	else if (value.boolValue !== undefined) w.tag(2, Wire.Varint).bool(value.boolValue);
	else if (value.intValue !== undefined) w.tag(3, Wire.Varint).int64(value.intValue);
	else if (value.doubleValue !== undefined) w.tag(4, Wire.Fixed64).double(value.doubleValue);
	else if (value.arrayValue !== undefined) {
		w.tag(5, Wire.Len);
		const inner = w.begin();
		for (const v of value.arrayValue.values ?? []) writeAnyValue(w, 1, v);
		w.end(inner);
	} else if (value.kvlistValue !== undefined) {
		w.tag(6, Wire.Len);
		const inner = w.begin();
		writeAttributes(w, 1, value.kvlistValue.values);
		w.end(inner);
	} else if (value.bytesValue !== undefined) {
		w.tag(7, Wire.Len).bytes(base64ToBytes(value.bytesValue) ?? new Uint8Array(0));
	}
	w.end(mark);
}

export function writeAttributes(w: ProtoWriter, field: number, attributes: KeyValue[] | undefined): void {
	if (!attributes) return;
	for (const kv of attributes) {
		w.tag(field, Wire.Len);
		const mark = w.begin();
		w.tag(1, Wire.Len).string(kv.key);
		if (kv.value) writeAnyValue(w, 2, kv.value);
		w.end(mark);
	}
}

export function writeResource(w: ProtoWriter, field: number, resource: Resource | undefined): void {
	if (!resource) return;
	w.tag(field, Wire.Len);
	const mark = w.begin();
	writeAttributes(w, 1, resource.attributes);
	if (resource.droppedAttributesCount) w.tag(2, Wire.Varint).uint32(resource.droppedAttributesCount);
	w.end(mark);
}

export function writeScope(w: ProtoWriter, field: number, scope: InstrumentationScope | undefined): void {
	if (!scope) return;
	w.tag(field, Wire.Len);
	const mark = w.begin();
	if (scope.name) w.tag(1, Wire.Len).string(scope.name);
	if (scope.version) w.tag(2, Wire.Len).string(scope.version);
	writeAttributes(w, 3, scope.attributes);
	w.end(mark);
}

/** Ids in the model are hex; an empty or non-hex id is not written (the field stays absent). */
export function writeId(w: ProtoWriter, field: number, hex: string | undefined): void {
	if (!hex || !isHex(hex)) return;
	w.tag(field, Wire.Len).bytes(hexToBytes(hex));
}

export function writeString(w: ProtoWriter, field: number, value: string | undefined): void {
	if (value) w.tag(field, Wire.Len).string(value);
}

/** metrics.proto data points (opentelemetry-proto v1): number, histogram, exponential histogram, summary. */
import { readKeyValue } from './proto-common';
import { ProtoReader, Wire } from './protobuf-reader';
import type { ExponentialHistogramDataPoint, HistogramDataPoint, NumberDataPoint, SummaryDataPoint } from './types';

export function readNumberPoint(r: ProtoReader): NumberDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: NumberDataPoint = { attributes: [], startTimeUnixNano: 0, timeUnixNano: 0 };
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 33:
				p.asDouble = r.double();
				break;
			case 49: // 6 as_int (sfixed64)
				p.asInt = r.sfixed64();
				break;
			case 58:
				p.attributes!.push(readKeyValue(r));
				break;
			case 64:
				p.flags = r.uint32();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return p;
}

/** count fields are fixed64 since proto 0.9; older senders used uint64 varints. */
function readCount(r: ProtoReader, tag: number): number {
	return (tag & 7) === Wire.Fixed64 ? r.fixed64() : r.uint64();
}

export function readHistogramPoint(r: ProtoReader): HistogramDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: HistogramDataPoint = { attributes: [], startTimeUnixNano: 0, timeUnixNano: 0, count: 0 };
	const bucketCounts: number[] = [];
	const bounds: number[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 32:
			case 33:
				p.count = readCount(r, tag);
				break;
			case 41:
				p.sum = r.double();
				break;
			case 49:
			case 50:
				r.repeated(tag & 7, Wire.Fixed64, 'bucket_counts', () => bucketCounts.push(r.fixed64()));
				break;
			case 57:
			case 58:
				r.repeated(tag & 7, Wire.Fixed64, 'explicit_bounds', () => bounds.push(r.double()));
				break;
			case 74:
				p.attributes!.push(readKeyValue(r));
				break;
			case 80:
				p.flags = r.uint32();
				break;
			case 89:
				p.min = r.double();
				break;
			case 97:
				p.max = r.double();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	p.bucketCounts = bucketCounts;
	p.explicitBounds = bounds;
	return p;
}

function readBuckets(r: ProtoReader): { offset: number; bucketCounts: number[] } {
	const outer = r.end;
	r.end = r.lengthEnd();
	let offset = 0;
	const bucketCounts: number[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 8) offset = r.sint32();
		else if (tag === 16 || tag === 18) {
			r.repeated(tag & 7, Wire.Varint, 'bucket_counts', () => bucketCounts.push(r.uint64()));
		} else r.skip(tag & 7);
	}
	r.end = outer;
	return { offset, bucketCounts };
}

export function readExponentialPoint(r: ProtoReader): ExponentialHistogramDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: ExponentialHistogramDataPoint = {
		attributes: [],
		startTimeUnixNano: 0,
		timeUnixNano: 0,
		count: 0,
		scale: 0,
		zeroCount: 0
	};
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 10:
				p.attributes!.push(readKeyValue(r));
				break;
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 32:
			case 33:
				p.count = readCount(r, tag);
				break;
			case 41:
				p.sum = r.double();
				break;
			case 48:
				p.scale = r.sint32();
				break;
			case 56:
			case 57:
				p.zeroCount = readCount(r, tag);
				break;
			case 66:
				p.positive = readBuckets(r);
				break;
			case 74:
				p.negative = readBuckets(r);
				break;
			case 80:
				p.flags = r.uint32();
				break;
			case 97:
				p.min = r.double();
				break;
			case 105:
				p.max = r.double();
				break;
			case 113:
				p.zeroThreshold = r.double();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return p;
}

export function readSummaryPoint(r: ProtoReader): SummaryDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: SummaryDataPoint = { attributes: [], startTimeUnixNano: 0, timeUnixNano: 0, count: 0, sum: 0 };
	const quantiles: { quantile: number; value: number }[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 32:
			case 33:
				p.count = readCount(r, tag);
				break;
			case 41:
				p.sum = r.double();
				break;
			case 50: {
				const qOuter = r.end;
				r.end = r.lengthEnd();
				const q = { quantile: 0, value: 0 };
				while (r.pos < r.end) {
					const t = r.tag();
					if (t === 9) q.quantile = r.double();
					else if (t === 17) q.value = r.double();
					else r.skip(t & 7);
				}
				r.end = qOuter;
				quantiles.push(q);
				break;
			}
			case 58:
				p.attributes!.push(readKeyValue(r));
				break;
			case 64:
				p.flags = r.uint32();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	p.quantileValues = quantiles;
	return p;
}

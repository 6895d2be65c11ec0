import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type AttrValue, type SpanRecord } from '../protocol/records';
import { seededRandom } from '../domain/telemetry/test-random';
import { decodeSpans, encodeSpans, jsonExact } from './span-codec';

const words = ['gateway', 'loans', 'GET /api/r', 'é한국어', '\u{1F600}', '', 'a"b\\c', '__proto__', 'toString', '0', '12'];

function randomValue(random: () => number): AttrValue {
	const pick = random();
	if (pick < 0.4) return words[Math.floor(random() * words.length)] + Math.floor(random() * 3);
	if (pick < 0.6) return Math.round(random() * 1e6) / (random() < 0.5 ? 1 : 7);
	if (pick < 0.7) return random() < 0.5;
	if (pick < 0.8) return [words[Math.floor(random() * words.length)], 'x'];
	if (pick < 0.9) return [1.5, -2, 0];
	return [true, false];
}

function randomSpan(random: () => number, i: number): SpanRecord {
	const attrs: Record<string, AttrValue> = {};
	const n = Math.floor(random() * 8);
	for (let k = 0; k < n; k++) attrs[words[Math.floor(random() * words.length)] + (k % 3)] = randomValue(random);
	const span: SpanRecord = {
		traceId: i.toString(16).padStart(32, '0'),
		spanId: i.toString(16).padStart(16, '0'),
		parentSpanId: random() < 0.3 ? '' : 'f'.repeat(16),
		resourceId: 'r' + Math.floor(random() * 3),
		service: words[Math.floor(random() * words.length)],
		instance: 'pod-' + Math.floor(random() * 2),
		name: words[Math.floor(random() * words.length)],
		kind: random() < 0.5 ? SpanKind.Server : SpanKind.Consumer,
		startUs: 1_700_000_000_000_000 + Math.floor(random() * 1e9),
		durationUs: Math.floor(random() * 1e6),
		status: random() < 0.1 ? StatusCode.Error : StatusCode.Unset,
		attrs
	};
	if (random() < 0.2) span.statusMessage = 'boom ' + i;
	if (random() < 0.2) span.scope = 'io.opentelemetry.http';
	if (random() < 0.2) span.events = [{ timeUs: span.startUs + 5, name: 'exception', attrs: { 'exception.type': 'E', 'exception.count': 2 } }];
	if (random() < 0.1) span.links = [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }];
	return span;
}

describe('span codec', () => {
	it('gives back exactly the spans it was given, for random spans with every optional field and value type', () => {
		for (let seed = 1; seed <= 20; seed++) {
			const random = seededRandom(seed);
			const spans = Array.from({ length: 60 }, (_, i) => randomSpan(random, seed * 1000 + i));
			const stored = encodeSpans(spans);
			expect(typeof stored).toBe('string');
			const back = decodeSpans(stored);
			expect(back).toEqual(spans);
			// attribute order and own keys as written (structured clone and JSON.parse keep both)
			back.forEach((s, i) => expect(Object.keys(s.attrs)).toEqual(Object.keys(spans[i].attrs)));
		}
	});

	it('keeps an attribute named __proto__ as an own attribute', () => {
		const span = randomSpan(seededRandom(3), 1);
		span.attrs = JSON.parse('{"__proto__": "value", "b": 1}');
		const [back] = decodeSpans(encodeSpans([span]));
		expect(Object.keys(back.attrs)).toEqual(['__proto__', 'b']);
		expect(Object.getOwnPropertyDescriptor(back.attrs, '__proto__')?.value).toBe('value');
		expect(Object.getPrototypeOf(back.attrs)).toBe(Object.prototype);
	});

	it('keeps spans whose numbers JSON cannot hold as objects', () => {
		const random = seededRandom(9);
		for (const bad of [NaN, Infinity, -Infinity, -0]) {
			const span = randomSpan(random, 1);
			span.attrs = { x: [1, bad] };
			expect(jsonExact([span])).toBe(false);
			expect(encodeSpans([span])).toEqual([span]);
			const other = randomSpan(random, 2);
			other.events = [{ timeUs: 1, name: 'e', attrs: { y: bad } }];
			expect(jsonExact([other])).toBe(false);
		}
		expect(jsonExact([randomSpan(random, 3)])).toBe(true);
	});

	it('writes repeated strings once', () => {
		const random = seededRandom(4);
		const spans = Array.from({ length: 200 }, (_, i) => ({ ...randomSpan(random, i), attrs: { 'biz.transaction': 'account.transfer', 'http.route': '/api/transfers' } }));
		const plain = JSON.stringify(spans).length;
		const stored = encodeSpans(spans) as string;
		expect(stored.length).toBeLessThan(plain / 2);
		expect(stored.split('account.transfer').length - 1).toBe(1);
	});
});

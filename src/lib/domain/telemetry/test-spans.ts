/** Span factories for tests and benchmarks: valid SpanRecords with chosen fields. */
import { SpanKind, StatusCode, type SpanKindCode, type SpanRecord } from '../../protocol/records';
import { seededRandom, distributions } from './test-random';

let counter = 0;

export function hex(n: number, digits: number): string {
	return n.toString(16).padStart(digits, '0').slice(-digits);
}

export interface SpanOptions {
	service?: string;
	instance?: string;
	name?: string;
	route?: string;
	kind?: SpanKindCode;
	parentSpanId?: string;
	endMs?: number;
	durationMs?: number;
	error?: boolean;
	traceId?: string;
}

export function makeSpan(options: SpanOptions = {}): SpanRecord {
	const id = ++counter;
	const durationUs = Math.round((options.durationMs ?? 10) * 1000);
	const endUs = Math.round((options.endMs ?? 1_700_000_000_000) * 1000);
	const service = options.service ?? 'gateway';
	return {
		traceId: options.traceId ?? hex(id, 32),
		spanId: hex(id, 16),
		parentSpanId: options.parentSpanId ?? '',
		resourceId: hex(service.length, 16),
		service,
		instance: options.instance ?? service + '-0',
		name: options.name ?? 'GET',
		kind: options.kind ?? SpanKind.Server,
		startUs: endUs - durationUs,
		durationUs,
		status: options.error ? StatusCode.Error : StatusCode.Unset,
		attrs: options.route ? { 'http.route': options.route, 'http.request.method': 'GET' } : {}
	};
}

/**
 * `count` SERVER spans over `seconds` seconds from `startMs`, spread over `services`
 * services x `endpoints` routes x `instances` instances, lognormal durations, ~2 % errors.
 */
export function randomSpans(options: {
	count: number;
	startMs: number;
	seconds: number;
	services?: number;
	endpoints?: number;
	instances?: number;
	seed?: number;
}): SpanRecord[] {
	const random = seededRandom(options.seed ?? 1);
	const services = options.services ?? 8;
	const endpoints = options.endpoints ?? 10;
	const instances = options.instances ?? 3;
	const spans: SpanRecord[] = [];
	for (let i = 0; i < options.count; i++) {
		const s = Math.floor(random() * services);
		spans.push(
			makeSpan({
				service: 'svc-' + s,
				instance: `svc-${s}-pod-${Math.floor(random() * instances)}`,
				route: `/api/r${Math.floor(random() * endpoints)}`,
				endMs: options.startMs + random() * options.seconds * 1000,
				durationMs: distributions.lognormal(random),
				error: random() < 0.02,
				traceId: hex(i + 1, 32)
			})
		);
	}
	return spans;
}

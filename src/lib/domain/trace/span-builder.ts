/**
 * Crafted and random traces for tests and benchmarks: a nested spec becomes SpanRecords.
 * Times in specs are milliseconds from the trace's start; ids are deterministic.
 */
import { SpanKind, StatusCode, type Attrs, type SpanKindCode, type SpanRecord } from '../../protocol/records';

export interface SpanSpec {
	service: string;
	name: string;
	kind?: SpanKindCode;
	startMs: number;
	endMs: number;
	error?: boolean;
	attrs?: Attrs;
	/** Defaults to the parent's instance within one service, else `<service>-1`; another instance means another resource (clock). */
	instance?: string;
	/** Overrides the generated parent id (for orphans); children keep their own. */
	parentSpanId?: string;
	children?: SpanSpec[];
}

export const traceBaseUs = 1_700_000_000_000_000;

export function hexId(n: number, digits: number): string {
	return n.toString(16).padStart(digits, '0').slice(-digits);
}

/** Depth-first: the returned order is the spec's preorder; `firstId` numbers the span ids. */
export function buildTrace(root: SpanSpec, options: { traceNo?: number; firstId?: number } = {}): SpanRecord[] {
	const traceId = hexId(options.traceNo ?? 1, 32);
	const out: SpanRecord[] = [];
	let next = options.firstId ?? 1;
	const walk = (spec: SpanSpec, parentSpanId: string, parent?: SpanRecord) => {
		const spanId = hexId(next++, 16);
		const instance = spec.instance ?? (parent?.service === spec.service ? parent.instance : `${spec.service}-1`);
		const span: SpanRecord = {
			traceId,
			spanId,
			parentSpanId: spec.parentSpanId ?? parentSpanId,
			resourceId: `${spec.service}/${instance}`,
			service: spec.service,
			instance,
			name: spec.name,
			kind: spec.kind ?? SpanKind.Internal,
			startUs: traceBaseUs + Math.round(spec.startMs * 1000),
			durationUs: Math.round((spec.endMs - spec.startMs) * 1000),
			status: spec.error ? StatusCode.Error : StatusCode.Unset,
			attrs: spec.attrs ?? {}
		};
		out.push(span);
		for (const child of spec.children ?? []) walk(child, spanId, span);
	};
	walk(root, '');
	return out;
}

/** Mulberry32: a small deterministic PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A random but plausible trace of `spanCount` spans: services calling services through
 * CLIENT → SERVER pairs, database calls, sometimes parallel (overlapping) children, now and
 * then an asynchronous child that outlives its parent. Children lie inside their parents
 * except for those async ones. Span order is shuffled (as chunks arrive).
 */
export function randomTrace(options: { spanCount: number; seed: number; services?: number; traceNo?: number }): SpanRecord[] {
	const random = seededRandom(options.seed);
	const serviceCount = options.services ?? 20;
	const specs: { spec: SpanSpec; depth: number }[] = [];
	const root: SpanSpec = { service: 'svc-0', name: 'GET /entry', kind: SpanKind.Server, startMs: 0, endMs: 10_000, children: [] };
	specs.push({ spec: root, depth: 0 });
	let made = 1;
	while (made < options.spanCount) {
		const { spec: parent, depth } = specs[Math.floor(random() * specs.length)];
		if (depth > 40 || parent.endMs - parent.startMs < 0.01) continue;
		const lengthMs = parent.endMs - parent.startMs;
		const startMs = parent.startMs + random() * lengthMs * 0.8;
		const async = random() < 0.02;
		const endMs = async ? parent.endMs + random() * lengthMs : startMs + random() * (parent.endMs - startMs);
		const roll = random();
		let child: SpanSpec;
		if (roll < 0.25 && made + 1 < options.spanCount) {
			const callee = `svc-${1 + Math.floor(random() * (serviceCount - 1))}`;
			const server: SpanSpec = { service: callee, name: `op-${Math.floor(random() * 5)}`, kind: SpanKind.Server, startMs: startMs + (endMs - startMs) * 0.05, endMs: endMs - (endMs - startMs) * 0.05, children: [] };
			child = { service: parent.service, name: `call ${callee}`, kind: SpanKind.Client, startMs, endMs, children: [server] };
			specs.push({ spec: server, depth: depth + 2 });
			made += 2;
		} else if (roll < 0.55) {
			child = { service: parent.service, name: 'SELECT t', kind: SpanKind.Client, startMs, endMs, attrs: { 'db.system.name': 'postgresql', 'db.namespace': 'core', 'db.query.text': "SELECT * FROM t WHERE id = 42" } };
			made += 1;
		} else {
			child = { service: parent.service, name: `work-${Math.floor(random() * 8)}`, startMs, endMs, children: [] };
			specs.push({ spec: child, depth: depth + 1 });
			made += 1;
		}
		(parent.children ??= []).push(child);
	}
	const spans = buildTrace(root, { traceNo: options.traceNo });
	for (let i = spans.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[spans[i], spans[j]] = [spans[j], spans[i]];
	}
	return spans;
}

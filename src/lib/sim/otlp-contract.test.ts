import { beforeAll, describe, expect, it } from 'vitest';
import { decodeOtlp, encodeOtlpProtobuf, normaliseOtlp, parseOtlpJson, type OtlpRequest } from '../domain/otlp/index';
import type { OtlpSignal } from '../domain/otlp/types';
import { createDemoBank } from './index';
import type { DemoOutput } from './output';

const START = Date.UTC(2026, 10, 4, 3, 0);

/** Everything the bank emits in 24 s at 60× speed, with every incident kind starting early. */
function outputs(): DemoOutput[] {
	const kinds = ['slow-sql', 'circuit-breaker', 'memory-leak', 'traffic-surge', 'bad-deployment'] as const;
	const bank = createDemoBank({ seed: 81, startMs: START, speed: 60, load: 0.15, incidents: kinds.map((kind, i) => ({ kind, startMs: START + 1_000 + i * 500, durationMs: 15_000 })) });
	const out: DemoOutput[] = [];
	for (let t = START + 2_000; t <= START + 24_000; t += 2_000) out.push(bank.advance(t));
	return out;
}

describe('the demo bank speaks OTLP the relay accepts', () => {
	let requests: [OtlpSignal, OtlpRequest][];
	beforeAll(() => {
		requests = outputs().flatMap((o) => [
			...o.traces.map((r) => ['traces', r] as [OtlpSignal, OtlpRequest]),
			...o.metrics.map((r) => ['metrics', r] as [OtlpSignal, OtlpRequest]),
			...o.logs.map((r) => ['logs', r] as [OtlpSignal, OtlpRequest])
		]);
	});

	it('survives protobuf and JSON round trips and normalises with nothing rejected or cut', () => {
		let spans = 0;
		let points = 0;
		let logs = 0;
		for (const [i, [signal, request]] of requests.entries()) {
			const viaProto = decodeOtlp(signal, encodeOtlpProtobuf(signal, request), 'protobuf');
			// JSON is the slower path: every fourth request is enough to cover every shape.
			const decodedForms = i % 4 === 0 ? [viaProto, parseOtlpJson(signal as 'traces', JSON.stringify(request))] : [viaProto];
			for (const decoded of decodedForms) {
				const r = normaliseOtlp(signal, decoded, { nowMs: START + 30_000 });
				expect(r.rejected, JSON.stringify(r.reasons)).toEqual({ spans: 0, metricPoints: 0, logRecords: 0 });
				expect(r.truncated).toEqual({ values: 0, attributes: 0, events: 0, links: 0 });
				expect(r.resources).toHaveLength(1);
			}
			const r = normaliseOtlp(signal, viaProto, { nowMs: START + 30_000 });
			spans += r.spans.length;
			points += r.metrics.length;
			logs += r.logs.length;
			for (const s of r.spans) if (s.parentSpanId === '') expect(s.attrs['biz.transaction']).toBeTruthy();
		}
		expect(spans).toBeGreaterThan(2_000);
		expect(points).toBeGreaterThan(2_000);
		expect(logs).toBeGreaterThan(100);
	}, 30_000);

	it('keeps one resource identity per process: instance = service.instance.id', () => {
		const byInstance = new Map<string, string>();
		for (const [signal, request] of requests) {
			const r = normaliseOtlp(signal, request, { nowMs: START + 30_000 });
			for (const res of r.resources) {
				if (res.service === 'k8s-events' || res.service === 'ecs-events') continue;
				const seen = byInstance.get(res.instance);
				if (seen) expect(res.id).toBe(seen);
				byInstance.set(res.instance, res.id);
			}
		}
		expect(byInstance.has('deposits-db.cluster-c7x2k9.ap-northeast-2.rds.amazonaws.com:3306')).toBe(true);
	});
});

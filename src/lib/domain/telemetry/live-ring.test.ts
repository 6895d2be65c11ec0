import { describe, expect, it } from 'vitest';
import { LiveRing } from './live-ring';
import type { ConnectionStatus, IngestStatus } from './live-snapshot';
import { SpanRollup } from './rollup';
import { makeSpan } from './test-spans';

const t0 = 1_700_000_000_000;
const connection: ConnectionStatus = { state: 'connected', demo: false, sinceMs: t0, epoch: 'e', lastSeq: 4, relayLastSeq: 4 };
const ingest: IngestStatus = {
	queuedBatches: 0, queuedRecords: 0, maxQueuedRecords: 100, paused: false, spansPerSec: 0,
	writtenSpans: 0, writtenBatches: 0, overflowedEndpoints: 0, overflowedInstances: 0
};

function ringWith(spans: ReturnType<typeof makeSpan>[]): LiveRing {
	const rollup = new SpanRollup();
	rollup.addSpans(spans);
	const ring = new LiveRing();
	ring.markCollectedFrom(t0 - 10_000);
	ring.add(rollup.takeDeltas());
	return ring;
}

describe('LiveRing', () => {
	it('publishes 300 one-second columns ending at the latest settled second', () => {
		const ring = ringWith([makeSpan({ endMs: t0 + 100, durationMs: 40 }), makeSpan({ endMs: t0 + 200, durationMs: 60 })]);
		const snap = ring.snapshot({ nowMs: t0 + 3_500, settleMs: 2_000, connection, ingest, gaps: [], notices: [] });
		expect(snap.completeSec).toBe(t0 / 1000);
		expect(snap.xsSec).toHaveLength(300);
		expect(snap.xsSec.at(-1)).toBe(t0 / 1000);
		expect(snap.overall.tps.at(-1)).toBe(2);
		expect(snap.overall.meanMs.at(-1)).toBe(50);
		expect(snap.overall.active.at(-1)).toBeCloseTo(0.1);
		expect(snap.activeEstimated).toBe(true);
		// collected from t0 - 10 s: zero before the spans, null before collection began
		expect(snap.overall.tps.at(-2)).toBe(0);
		expect(snap.overall.tps.at(-12)).toBeNull();
	});

	it('has one row per service with the last second and the last minute', () => {
		const spans = [
			...Array.from({ length: 60 }, (_, i) => makeSpan({ service: 'loans', instance: 'p' + (i % 3), endMs: t0 - i * 1000 + 10, durationMs: 10 })),
			makeSpan({ service: 'auth', endMs: t0 + 10, durationMs: 5, error: true })
		];
		const snap = ringWith(spans).snapshot({ nowMs: t0 + 3_500, settleMs: 2_000, connection, ingest, gaps: [], notices: [] });
		expect(snap.services.map((r) => r.service)).toEqual(['auth', 'loans']);
		const loans = snap.services[1];
		expect(loans.lastSecond.count).toBe(1);
		expect(loans.lastMinute.count).toBe(60);
		expect(loans.lastMinute.tps).toBe(1);
		expect(loans.instances).toBe(3);
		expect(snap.services[0].lastSecond.errorRate).toBe(1);
	});

	it('prefers a measured in-flight count and says so', () => {
		const ring = ringWith([makeSpan({ endMs: t0 + 100 })]);
		ring.setActive(t0 + 500, 12, new Map([['gateway', 12]]));
		const snap = ring.snapshot({ nowMs: t0 + 3_500, settleMs: 2_000, connection, ingest, gaps: [], notices: [] });
		expect(snap.activeEstimated).toBe(false);
		expect(snap.overall.active.at(-1)).toBe(12);
		expect(snap.services[0].lastSecond.active).toBe(12);
	});

	it('keeps only gaps that overlap its range', () => {
		const ring = ringWith([]);
		const gap = (fromMs: number, toMs: number) => ({ epoch: 'e', fromSeq: 1, toSeq: 2, fromMs, toMs, reason: 'relay-evicted' as const, recordedMs: t0 });
		const snap = ring.snapshot({ nowMs: t0 + 3_500, settleMs: 2_000, connection, ingest, gaps: [gap(t0 - 1_000_000, t0 - 900_000), gap(t0 - 5_000, t0 - 4_000)], notices: [] });
		expect(snap.gaps).toHaveLength(1);
	});
});

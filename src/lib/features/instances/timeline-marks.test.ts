import { describe, expect, it } from 'vitest';
import type { GroupOverview, InstanceRow } from '$lib/domain/instances/overview';
import { timelineModel } from './timeline-marks';

const t0 = 1_780_000_000_000;

function row(name: string, intervals: [number, number][], state: InstanceRow['state'] = 'live'): InstanceRow {
	return {
		key: `s|pod|${name}`, unit: { kind: 'pod', name }, state, firstSeenMs: t0 + intervals[0][0], lastSeenMs: t0 + intervals.at(-1)![1],
		intervals: intervals.map(([a, b]) => ({ fromMs: t0 + a, toMs: t0 + b })), processes: [], restarts: 0, attrs: {}, events: []
	};
}

describe('instance timeline model', () => {
	const group = {
		instances: [row('new', [[600_000, 1_000_000]]), row('old', [[-500_000, -400_000]], 'retired'), row('gone', [[0, 300_000]], 'retired')],
		steps: [{ direction: 'out', startMs: t0 + 600_000, endMs: t0 + 600_000, from: 1, to: 2, units: [] }],
		events: [{ timeMs: t0 + 590_000, category: 'scale', reason: 'SuccessfulRescale' }, { timeMs: t0 - 10_000, category: 'scale', reason: 'SuccessfulRescale' }]
	} as unknown as GroupOverview;

	it('draws units present in the range, open intervals up to now, and marks newest first', () => {
		const model = timelineModel(group, { fromMs: t0, toMs: t0 + 1_000_000, nowMs: t0 + 1_000_000 });
		expect(model.rows.map((r) => r.name)).toEqual(['new', 'gone']);
		expect(model.rows[0].bars).toEqual([{ x: 600, w: 400 }]);
		expect(model.rows[1]).toMatchObject({ retired: true, bars: [{ x: 0, w: 300 }] });
		expect(model.marks.map((m) => [m.kind, m.x])).toEqual([
			['step', 600],
			['event', 590]
		]);
	});
});

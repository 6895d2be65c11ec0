import { describe, expect, it } from 'vitest';
import { assembleTrace } from './assemble';
import { selfTimes } from './self-time';
import { buildTrace } from './span-builder';

describe('selfTimes', () => {
	it('subtracts the union of children, counting overlap once and clipping async children', () => {
		const spans = buildTrace({
			service: 's', name: 'P', startMs: 0, endMs: 100,
			children: [
				{ service: 's', name: 'A', startMs: 10, endMs: 40 },
				{ service: 's', name: 'B', startMs: 30, endMs: 50 },
				{ service: 's', name: 'C', startMs: 90, endMs: 130 }
			]
		});
		const selfUs = selfTimes(assembleTrace(spans));
		expect(selfUs[0]).toBe((100 - 40 - 10) * 1000);
		expect(selfUs[1]).toBe(30_000);
		expect(selfUs[3]).toBe(40_000);
	});
});

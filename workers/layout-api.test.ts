import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { randomLayeredGraph } from '../src/lib/domain/layout/random-graph';
import type { ElkEngine } from '../src/lib/domain/layout/types';
import { createLayoutApi } from './layout-api';

describe('layout worker api', { timeout: 60_000 }, () => {
	it('answers only the newest of overlapping requests', async () => {
		const api = createLayoutApi(new ELK() as unknown as ElkEngine);
		const graph = randomLayeredGraph({ nodes: 20, edges: 30, layers: 3, seed: 1 });
		const [first, second] = await Promise.all([api.layout(1, graph), api.layout(2, graph)]);
		expect(first.status).toBe('superseded');
		expect(second.status).toBe('done');
		if (second.status === 'done') {
			expect(Object.keys(second.layout.nodes)).toHaveLength(20);
			expect(api.quality(second.layout, graph).overlaps).toBe(0);
		}
		const third = await api.layout(3, graph);
		expect(third.status).toBe('done');
	});
});

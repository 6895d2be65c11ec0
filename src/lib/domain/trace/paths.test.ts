import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord } from '../../protocol/records';
import { assembleTrace } from './assemble';
import { maxPathDepth, pathTotals, spanPaths } from './paths';
import { selfTimes } from './self-time';
import { buildTrace, hexId } from './span-builder';

describe('span paths', () => {
	it('names each span by its ancestry and adds up repeated siblings', () => {
		const spans = buildTrace({
			service: 'gw', name: 'GET', kind: SpanKind.Server, startMs: 0, endMs: 50,
			children: [
				{ service: 'gw', name: 'q', startMs: 1, endMs: 5 },
				{ service: 'gw', name: 'q', startMs: 6, endMs: 16, children: [{ service: 'gw', name: 'x', startMs: 7, endMs: 8 }] }
			]
		});
		const tree = assembleTrace(spans);
		expect(spanPaths(spans, tree)).toEqual(['gw:GET', 'gw:GET > gw:q', 'gw:GET > gw:q', 'gw:GET > gw:q > gw:x']);
		const totals = pathTotals(spans, tree, selfTimes(tree));
		expect(totals.get('gw:GET > gw:q')).toMatchObject({ count: 2, durationUs: 14_000, selfUs: 13_000, spanIndices: [1, 2] });
	});

	it('marks orphan subtrees and elides deep ancestry', () => {
		const chain: SpanRecord[] = [];
		for (let i = 0; i < maxPathDepth + 5; i++)
			chain.push({
				traceId: hexId(1, 32), spanId: hexId(i + 1, 16), parentSpanId: i === 0 ? hexId(999, 16) : hexId(i, 16),
				resourceId: 'r', service: 's', instance: 'i', name: `op${i}`, kind: SpanKind.Internal,
				startUs: i, durationUs: 1000 - 2 * i, status: 0, attrs: {}
			});
		const tree = assembleTrace(chain);
		const paths = spanPaths(chain, tree);
		expect(paths[0]).toBe('… > s:op0');
		expect(paths[maxPathDepth]).toBe(paths[maxPathDepth - 1] + ` > s:op${maxPathDepth}`);
		expect(paths[maxPathDepth + 4]).toBe(`${paths[maxPathDepth]} > … > s:op${maxPathDepth + 4}`);
	});
});

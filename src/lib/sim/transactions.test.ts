import { describe, expect, it } from 'vitest';
import { SpanKind } from '../protocol/records';
import type { ServiceName } from './catalogue';
import { collect, type FlatSpan } from './flatten';
import { createDemoBank } from './index';
import { visits, type BizTransaction, type Channel } from './transactions';

describe('declared visits', () => {
	it('match the SERVER and CONSUMER spans the flows generate (the autoscaler relies on them)', () => {
		const start = Date.UTC(2026, 10, 4, 3, 0);
		const bank = createDemoBank({ seed: 71, startMs: start, load: 1, incidents: 'none' });
		const { spans } = collect(bank, start, start + 55_000, 2_000);
		const byTrace = new Map<string, FlatSpan[]>();
		for (const s of spans) {
			const list = byTrace.get(s.traceId) ?? [];
			list.push(s);
			byTrace.set(s.traceId, list);
		}
		const sums = new Map<string, { n: number; visits: Map<string, number> }>();
		for (const list of byTrace.values()) {
			const root = list.find((s) => s.parentSpanId === '');
			if (!root || root.startMs > start + 40_000) continue;
			const key = `${root.attrs['biz.transaction']}|${root.attrs['biz.channel']}`;
			const entry = sums.get(key) ?? { n: 0, visits: new Map() };
			entry.n++;
			for (const s of list) if (s.kind === SpanKind.Server || s.kind === SpanKind.Consumer) entry.visits.set(s.service, (entry.visits.get(s.service) ?? 0) + 1);
			sums.set(key, entry);
		}
		let checked = 0;
		for (const [key, { n, visits: measured }] of sums) {
			if (n < 25) continue;
			const [tx, channel] = key.split('|') as [BizTransaction, Channel];
			const declared = visits(tx, channel);
			const services = new Set([...Object.keys(declared), ...measured.keys()]);
			for (const svc of services) {
				const want = declared[svc as ServiceName] ?? 0;
				const got = (measured.get(svc) ?? 0) / n;
				expect(Math.abs(got - want), `${key} ${svc}: declared ${want}, measured ${got.toFixed(3)}`).toBeLessThan(0.06 + 0.1 * want);
			}
			checked++;
		}
		expect(checked).toBeGreaterThanOrEqual(10);
	});
});

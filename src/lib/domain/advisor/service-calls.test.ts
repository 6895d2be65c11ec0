import { describe, expect, it } from 'vitest';
import { SpanFactory } from '../../../../test/fixtures/advisor/spans';
import { ServiceCallCollectors } from './service-calls';

const code = (cls: string, fn: string) => ({ 'code.namespace': cls, 'code.function': fn });

/** A gateway entry (carrying the business context) into `service`, which runs Controller → Dao. */
function trace(f: SpanFactory, service: string, context: string, startUs: number): void {
	const root = f.entry('gateway', 'POST /x', startUs, 10_000, { attrs: { 'biz.transaction': context } });
	const { server } = f.call(root, service, 'POST /y', startUs + 100, 9_000);
	const controller = f.internal(server!, 'Controller.handle', startUs + 200, 8_000, code(`${service}.Controller`, 'handle'));
	const dao = f.internal(controller, 'Dao.save', startUs + 300, 1_000, code(`${service}.Dao`, 'save'));
	f.db(dao, 'ORDERS', 'INSERT', startUs + 400, 500, service);
}

describe('ServiceCallCollectors', () => {
	it('builds one class call graph per service with class spans, with the context from another service’s entry span', () => {
		const f = new SpanFactory();
		trace(f, 'shop', 'checkout', 0);
		trace(f, 'shop', 'refund', 100_000);
		trace(f, 'ledger', 'checkout', 200_000);
		const collectors = new ServiceCallCollectors();
		collectors.addSpans(f.spans);
		expect(collectors.finish().census).toEqual([
			{ service: 'shop', classSpans: 4, classes: 2, collected: true },
			{ service: 'ledger', classSpans: 2, classes: 2, collected: true }
		]);
		const shop = collectors.graph('shop')!;
		expect(shop.classes).toEqual(['shop.Controller', 'shop.Dao']);
		expect(shop.contexts).toEqual(['checkout', 'refund']);
		expect(shop.edges).toEqual([{ from: 0, to: 1, volume: 2 }]);
		expect(shop.entryCalls).toEqual([2, 0]);
		expect(shop.tables).toEqual([{ classIndex: 1, table: 'orders', reads: 0, writes: 2 }]);
		expect(collectors.graph('ledger')!.contexts).toEqual(['checkout']);
		expect(collectors.graph('gateway')).toBeNull();
	});

	it('collects at most maxServices graphs and counts the services past the bound', () => {
		const f = new SpanFactory();
		trace(f, 'a', 'x', 0);
		trace(f, 'b', 'x', 100_000);
		trace(f, 'b', 'x', 200_000);
		const collectors = new ServiceCallCollectors({ maxServices: 1 });
		collectors.addSpans(f.spans);
		const { census, overflow } = collectors.finish();
		expect(census).toEqual([
			{ service: 'b', classSpans: 4, classes: 0, collected: false },
			{ service: 'a', classSpans: 2, classes: 2, collected: true }
		]);
		expect(overflow).toBe(1);
		expect(collectors.graph('b')).toBeNull();
	});
});

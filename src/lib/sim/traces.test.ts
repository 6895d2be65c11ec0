import { beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, StatusCode } from '../protocol/records';
import { collect, type FlatSpan } from './flatten';
import { createDemoBank } from './index';
import { MONOLITH_CLASSES } from './monolith';

const START = Date.UTC(2026, 10, 4, 3, 0); // Wednesday 12:00 KST
let traces: Map<string, FlatSpan[]>;
let spans: FlatSpan[];

beforeAll(() => {
	const bank = createDemoBank({ seed: 21, startMs: START, load: 0.6, incidents: 'none' });
	spans = collect(bank, START, START + 45_000, 1_000).spans;
	traces = new Map();
	for (const s of spans) {
		const list = traces.get(s.traceId) ?? [];
		list.push(s);
		traces.set(s.traceId, list);
	}
	// Only traces that began early enough to have finished within the collected window.
	for (const [id, list] of traces) {
		const root = list.find((s) => s.parentSpanId === '');
		if (!root || root.startMs > START + 15_000) traces.delete(id);
	}
});

describe('demo bank traces', () => {
	it('produces hundreds of complete traces', () => {
		expect(traces.size).toBeGreaterThan(300);
	});

	it('has exactly one root per trace and every parent in the same trace', () => {
		for (const list of traces.values()) {
			const ids = new Set(list.map((s) => s.spanId));
			expect(ids.size).toBe(list.length);
			expect(list.filter((s) => s.parentSpanId === '').length).toBe(1);
			for (const s of list) if (s.parentSpanId) expect(ids.has(s.parentSpanId)).toBe(true);
		}
	});

	it('uses the right kinds: SERVER under CLIENT, CONSUMER under PRODUCER, roots are SERVER', () => {
		for (const list of traces.values()) {
			const byId = new Map(list.map((s) => [s.spanId, s]));
			for (const s of list) {
				const parent = byId.get(s.parentSpanId);
				if (!parent) expect(s.kind).toBe(SpanKind.Server);
				else if (s.kind === SpanKind.Server) expect(parent.kind).toBe(SpanKind.Client);
				else if (s.kind === SpanKind.Consumer) expect(parent.kind).toBe(SpanKind.Producer);
				if (s.kind === SpanKind.Server && parent) expect(parent.service).not.toBe(s.service);
				if (s.kind === SpanKind.Client) expect(byId.get(s.parentSpanId)?.service ?? s.service).toBe(s.service);
			}
		}
	});

	it('keeps every child within its parent, except asynchronous consumers', () => {
		const eps = 1e-3;
		let consumers = 0;
		for (const list of traces.values()) {
			const byId = new Map(list.map((s) => [s.spanId, s]));
			for (const s of list) {
				const parent = byId.get(s.parentSpanId);
				if (!parent) continue;
				if (s.kind === SpanKind.Consumer) {
					consumers++;
					expect(s.startMs).toBeGreaterThanOrEqual(parent.endMs - eps);
					continue;
				}
				expect(s.startMs).toBeGreaterThanOrEqual(parent.startMs - eps);
				expect(s.endMs).toBeLessThanOrEqual(parent.endMs + eps);
			}
		}
		expect(consumers).toBeGreaterThan(20);
	});

	it('puts business attributes on every entry span', () => {
		const money = new Set(['account.transfer', 'deposit', 'withdrawal', 'product.subscribe', 'loan.application']);
		const seen = new Set<string>();
		for (const list of traces.values()) {
			const root = list.find((s) => s.parentSpanId === '')!;
			const a = root.attrs;
			expect(typeof a['biz.transaction']).toBe('string');
			expect(['ebanking', 'deposits', 'lending', 'products']).toContain(a['biz.domain']);
			expect(['internet', 'mobile', 'branch']).toContain(a['biz.channel']);
			expect(['mass', 'affluent', 'private', 'sme', 'youth']).toContain(a['biz.customer_segment']);
			expect(['success', 'declined', 'failed']).toContain(a['biz.outcome']);
			if (money.has(String(a['biz.transaction']))) expect(a['biz.amount_krw']).toBeGreaterThan(0);
			expect(['api-gateway', 'core-banking']).toContain(root.service);
			seen.add(String(a['biz.transaction']));
			// Only the entry span carries biz.transaction, so counting transactions counts roots.
			expect(list.filter((s) => s.attrs['biz.transaction'] !== undefined).length).toBe(1);
		}
		for (const tx of ['login', 'balance.inquiry', 'account.transfer', 'deposit', 'withdrawal', 'product.inquiry', 'product.subscribe', 'loan.application']) {
			expect(seen.has(tx)).toBe(true);
		}
	});

	it('describes HTTP, database, cache, queue and external calls with semantic-convention attributes', () => {
		for (const s of spans) {
			if (s.kind === SpanKind.Server) {
				expect(s.attrs['http.request.method']).toMatch(/^(GET|POST|PUT)$/);
				expect(String(s.attrs['http.route'])).toMatch(/^\//);
				expect(String(s.attrs['url.path'])).toMatch(/^\//);
				const status = Number(s.attrs['http.response.status_code']);
				expect(status).toBeGreaterThanOrEqual(200);
				expect(s.status === StatusCode.Error).toBe(status >= 500);
				if (status >= 500) expect(s.attrs['error.type']).toBeTruthy();
			}
			if (s.kind === SpanKind.Client && s.attrs['db.system.name'] !== undefined) {
				expect(['mysql', 'postgresql', 'redis']).toContain(s.attrs['db.system.name']);
				expect(s.attrs['db.system']).toBe(s.attrs['db.system.name']);
				expect(s.attrs['db.operation.name']).toBeTruthy();
				expect(s.attrs['db.query.text']).toBeTruthy();
				expect(s.attrs['server.address']).toBeTruthy();
				if (s.attrs['db.system.name'] !== 'redis') {
					expect(s.attrs['db.namespace']).toBeTruthy();
					expect(s.attrs['db.collection.name']).toBeTruthy();
				}
			}
			if (s.kind === SpanKind.Producer || s.kind === SpanKind.Consumer) {
				expect(s.attrs['messaging.system']).toBe('kafka');
				expect(s.attrs['messaging.destination.name']).toBe('notification.requested');
			}
		}
		const external = spans.filter((s) => s.attrs['peer.service'] !== undefined);
		expect(new Set(external.map((s) => s.attrs['peer.service']))).toEqual(new Set(['credit-bureau', 'sms-gateway']));
		for (const s of external) expect(String(s.attrs['url.full'])).toMatch(/^https:\/\//);
		// Statements carry their literal values.
		expect(spans.some((s) => /customer_id = \d+ AND limit_date = '\d{4}-\d\d-\d\d'/.test(String(s.attrs['db.query.text'])))).toBe(true);
	});

	it('instruments the core-banking monolith at method level, with shared tables across business contexts', () => {
		const internal = spans.filter((s) => s.kind === SpanKind.Internal);
		expect(internal.every((s) => s.service === 'core-banking')).toBe(true);
		const classes = new Set(internal.map((s) => String(s.attrs['code.namespace'])));
		expect(classes.size).toBeGreaterThanOrEqual(20);
		expect(classes.size).toBeLessThanOrEqual(40);
		for (const c of classes) expect(Object.values(MONOLITH_CLASSES)).toContain(c);
		for (const s of internal) expect(s.name).toBe(`${String(s.attrs['code.namespace']).split('.').pop()}.${s.attrs['code.function']}`);
		const contextsByTable = new Map<string, Set<string>>();
		for (const list of traces.values()) {
			const tx = String(list.find((s) => s.parentSpanId === '')!.attrs['biz.transaction']);
			for (const s of list) {
				if (s.service !== 'core-banking' || s.attrs['db.collection.name'] === undefined) continue;
				const table = String(s.attrs['db.collection.name']);
				const set = contextsByTable.get(table) ?? new Set();
				set.add(tx);
				contextsByTable.set(table, set);
			}
		}
		expect(contextsByTable.get('CUSTOMER')!.size).toBeGreaterThanOrEqual(3);
		expect(contextsByTable.get('ACCOUNT')!.size).toBeGreaterThanOrEqual(3);
		expect(contextsByTable.get('LEDGER')!.size).toBeGreaterThanOrEqual(2);
	});

	it('ties error logs to their spans', async () => {
		const bank = createDemoBank({ seed: 5, startMs: START, load: 0.5, incidents: [{ kind: 'bad-deployment', startMs: START, durationMs: 60_000 }], speed: 10 });
		const { spans: s2, logs } = collect(bank, START, START + 40_000, 1_000);
		const errorLogs = logs.filter((l) => l.severity >= 17 && l.traceId);
		expect(errorLogs.length).toBeGreaterThan(0);
		const ids = new Set(s2.map((s) => `${s.traceId}/${s.spanId}`));
		for (const l of errorLogs) expect(ids.has(`${l.traceId}/${l.spanId}`)).toBe(true);
	});
});

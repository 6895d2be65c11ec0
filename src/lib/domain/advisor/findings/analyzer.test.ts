import { describe, expect, it } from 'vitest';
import { SpanFactory } from '../../../../../test/fixtures/advisor/spans';
import { SpanKind, type Attrs, type SpanRecord } from '../../../protocol/records';
import { seededRandom } from '../random';
import { analyzeSpans, FindingsAnalyzer } from './analyzer';
import type { Finding, FindingKind } from './types';

const ms = 1000;
const of = (findings: Finding[], kind: FindingKind) => findings.filter((f) => f.kind === kind);

describe('shared-table', () => {
	it('fires when two services write one table, naming both and counting the writes', () => {
		const f = new SpanFactory();
		for (let i = 0; i < 3; i++) {
			const root = f.entry('gateway', 'POST /transfer', i * 10 * ms, 5 * ms);
			const { server: transfers } = f.call(root, 'transfers', 'POST /transfers', i * 10 * ms + 100, 4 * ms);
			f.db(transfers!, 'ACCOUNT', 'UPDATE', i * 10 * ms + 200, 100);
			const { server: ledger } = f.call(transfers!, 'ledger', 'POST /entries', i * 10 * ms + 400, 2 * ms);
			f.db(ledger!, 'ACCOUNT', 'UPDATE', i * 10 * ms + 500, 100);
			f.db(ledger!, 'LEDGER', 'INSERT', i * 10 * ms + 700, 100);
		}
		const [shared, ...rest] = of(analyzeSpans(f.spans).findings, 'shared-table');
		expect(rest).toEqual([]);
		expect(shared).toMatchObject({
			severity: 'high',
			principle: 'database-per-service',
			subject: 'mysql bank / account',
			services: ['ledger', 'transfers'],
			counts: { services: 2, writes: 6, writers: 2 }
		});
		expect(shared.traceIds.length).toBeGreaterThan(0);
	});

	it('is medium when one service writes and another reads, and silent for separate tables or databases', () => {
		const f = new SpanFactory();
		const root = f.entry('gateway', 'GET /x', 0, 5 * ms);
		const { server: a } = f.call(root, 'accounts', 'GET /a', 100, 3 * ms);
		f.db(a!, 'ACCOUNT', 'UPDATE', 200, 100);
		const { server: b } = f.call(root, 'reports', 'GET /r', 3500, 1 * ms);
		f.db(b!, 'ACCOUNT', 'SELECT', 3600, 100);
		f.db(b!, 'REPORT', 'INSERT', 3800, 100);
		f.db(a!, 'AUDIT', 'INSERT', 400, 100, 'accounts_db');
		f.db(b!, 'AUDIT', 'INSERT', 3900, 100, 'reports_db');
		const shared = of(analyzeSpans(f.spans).findings, 'shared-table');
		expect(shared.map((s) => [s.subject, s.severity])).toEqual([['mysql bank / account', 'medium']]);
	});
});

describe('shared-table inside a monolith', () => {
	function monolith(f: SpanFactory, contexts: string[], classLevel: boolean) {
		contexts.forEach((context, i) => {
			const root = f.entry('api-gateway', 'POST /x', i * 10 * ms, 5 * ms, { attrs: { 'biz.transaction': context } });
			const { server } = f.call(root, 'core-banking', 'POST /cbs', i * 10 * ms + 100, 4 * ms);
			const attrs: Attrs = classLevel ? { 'code.namespace': 'com.bank.LedgerDao', 'code.function': 'insert' } : {};
			const dao = f.internal(server!, 'LedgerDao.insert', i * 10 * ms + 200, 1 * ms, attrs);
			f.db(dao, 'LEDGER', 'INSERT', i * 10 * ms + 300, 100, 'core');
		});
	}

	it('fires when business contexts of a class-instrumented service both write a table', () => {
		const f = new SpanFactory();
		monolith(f, ['deposit', 'transfer', 'transfer'], true);
		const [shared] = of(analyzeSpans(f.spans).findings, 'shared-table');
		expect(shared).toMatchObject({
			severity: 'medium',
			subject: 'mysql core / ledger',
			services: ['core-banking'],
			counts: { services: 1, contexts: 2, writingContexts: 2, writes: 3 },
			detail: { scope: 'business-contexts', writingContexts: ['deposit', 'transfer'] }
		});
	});

	it('is silent for one business context or a service without class-level spans', () => {
		const one = new SpanFactory();
		monolith(one, ['deposit', 'deposit'], true);
		expect(of(analyzeSpans(one.spans).findings, 'shared-table')).toEqual([]);
		const plain = new SpanFactory();
		monolith(plain, ['deposit', 'transfer'], false);
		expect(of(analyzeSpans(plain.spans).findings, 'shared-table')).toEqual([]);
	});
});

describe('cyclic-dependency', () => {
	it('fires on a → b → a and is silent on a → b → c', () => {
		const f = new SpanFactory();
		const root = f.entry('a', 'GET /start', 0, 10 * ms);
		const { server: b } = f.call(root, 'b', 'GET /b', 100, 8 * ms);
		f.call(b!, 'a', 'GET /callback', 200, 2 * ms);
		const cycles = of(analyzeSpans(f.spans).findings, 'cyclic-dependency');
		expect(cycles).toHaveLength(1);
		expect(cycles[0]).toMatchObject({ severity: 'high', services: ['a', 'b'], counts: { services: 2, edges: 2, calls: 2 } });

		const g = new SpanFactory();
		const r = g.entry('a', 'GET /start', 0, 10 * ms);
		const { server: b2 } = g.call(r, 'b', 'GET /b', 100, 8 * ms);
		g.call(b2!, 'c', 'GET /c', 200, 2 * ms);
		expect(of(analyzeSpans(g.spans).findings, 'cyclic-dependency')).toEqual([]);
	});
});

describe('chatty-calls', () => {
	function loop(f: SpanFactory, calls: number, parallel: boolean, viaDao: boolean) {
		const root = f.entry('loans', 'POST /schedule', 0, 100 * ms);
		const service = f.internal(root, 'RepaymentScheduleService.generate', 10, 90 * ms);
		for (let i = 0; i < calls; i++) {
			const startUs = parallel ? 100 : 100 + i * 1000;
			const parent = viaDao ? f.internal(service, 'LoanScheduleDao.insert', startUs, 900) : service;
			f.db(parent, 'LOAN_SCHEDULE', 'INSERT', startUs + 10, 800);
		}
	}

	it('fires on 12 sequential inserts issued through a DAO, reported once at the issuing span', () => {
		const f = new SpanFactory();
		loop(f, 12, false, true);
		const chatty = of(analyzeSpans(f.spans).findings, 'chatty-calls');
		expect(chatty).toHaveLength(1);
		expect(chatty[0]).toMatchObject({
			severity: 'medium',
			principle: 'coarse-grained-interfaces',
			subject: 'loans: RepaymentScheduleService.generate → mysql INSERT loan_schedule',
			counts: { occurrences: 1, maxRun: 12 }
		});
	});

	it('is silent on parallel calls and on short runs', () => {
		const parallel = new SpanFactory();
		loop(parallel, 12, true, false);
		expect(of(analyzeSpans(parallel.spans).findings, 'chatty-calls')).toEqual([]);
		const short = new SpanFactory();
		loop(short, 5, false, false);
		expect(of(analyzeSpans(short.spans).findings, 'chatty-calls')).toEqual([]);
	});
});

describe('long-chain', () => {
	function chain(f: SpanFactory, services: string[], asyncAt = -1) {
		let parent = f.entry(services[0], 'GET /0', 0, 100 * ms);
		for (let i = 1; i < services.length; i++) {
			if (i === asyncAt) {
				const producer = f.span({ traceId: parent.traceId, parent, service: parent.service, name: 'publish', kind: SpanKind.Producer, startUs: i * 10, durationUs: 5 });
				parent = f.span({ traceId: parent.traceId, parent: producer, service: services[i], name: 'consume', kind: SpanKind.Consumer, startUs: i * 10 + 5, durationUs: 50 });
			} else parent = f.call(parent, services[i], `GET /${i}`, i * 10, 100 * ms - i * 20).server!;
		}
	}

	it('fires on seven synchronous services with a setting of five', () => {
		const f = new SpanFactory();
		chain(f, ['gw', 's1', 's2', 's3', 's4', 's5', 's6']);
		const long = of(analyzeSpans(f.spans, { maxSyncDepth: 5 }).findings, 'long-chain');
		expect(long).toHaveLength(1);
		expect(long[0]).toMatchObject({ subject: 'gw → s1 → s2 → s3 → s4 → s5 → s6', counts: { depth: 7, traces: 1 } });
	});

	it('is silent on short chains and when a message queue breaks the chain', () => {
		const f = new SpanFactory();
		chain(f, ['gw', 's1', 's2', 's3']);
		chain(f, ['gw', 's1', 's2', 's3', 's4', 's5', 's6'], 3);
		expect(of(analyzeSpans(f.spans, { maxSyncDepth: 5 }).findings, 'long-chain')).toEqual([]);
	});
});

describe('failure-propagation', () => {
	function traces(f: SpanFactory, failures: number, callerFails: boolean, breakerOnCaller: boolean) {
		for (let i = 0; i < failures + 4; i++) {
			const failing = i < failures;
			const attrs: Attrs = breakerOnCaller ? { 'circuit_breaker.name': 'scoring', 'circuit_breaker.state': 'closed' } : {};
			const root = f.entry('loans', 'POST /apply', i * 100 * ms, 50 * ms, { error: failing && callerFails, attrs });
			f.call(root, 'scoring', 'POST /scores', i * 100 * ms + 100, 40 * ms, { error: failing });
		}
	}

	it('fires high when callee failures fail the caller and no breaker is seen', () => {
		const f = new SpanFactory();
		traces(f, 6, true, false);
		const [finding] = of(analyzeSpans(f.spans).findings, 'failure-propagation');
		expect(finding).toMatchObject({
			severity: 'high',
			principle: 'fail-fast-with-fallback',
			subject: 'loans → scoring',
			counts: { calls: 10, calleeFailures: 6, propagated: 6, absorbed: 0 },
			detail: { breaker: false }
		});
	});

	it('is medium when a circuit breaker is recognised on the caller', () => {
		const f = new SpanFactory();
		traces(f, 6, true, true);
		expect(of(analyzeSpans(f.spans).findings, 'failure-propagation')[0]).toMatchObject({ severity: 'medium', detail: { breaker: true } });
	});

	it('is silent when the caller absorbs the failures (a fallback) or failures are rare', () => {
		const absorbed = new SpanFactory();
		traces(absorbed, 6, false, false);
		expect(of(analyzeSpans(absorbed.spans).findings, 'failure-propagation')).toEqual([]);
		const rare = new SpanFactory();
		traces(rare, 2, true, false);
		expect(of(analyzeSpans(rare.spans).findings, 'failure-propagation')).toEqual([]);
	});
});

describe('missing-timeout', () => {
	function traces(f: SpanFactory, bureauMs: number, timeoutMessage?: string) {
		for (let i = 0; i < 40; i++) {
			const slow = i < 6;
			const callMs = slow ? bureauMs : 20;
			const root = f.entry('scoring', 'POST /scores', i * 10_000 * ms, (callMs + 30) * ms);
			f.call(root, 'credit-bureau', 'POST /reports', i * 10_000 * ms + 100, callMs * ms, {
				external: true,
				error: slow && timeoutMessage !== undefined,
				statusMessage: slow ? timeoutMessage : undefined
			});
		}
	}

	it('fires high when calls run far past the caller budget with no timeout seen', () => {
		const f = new SpanFactory();
		traces(f, 8000);
		const [finding] = of(analyzeSpans(f.spans).findings, 'missing-timeout');
		// Entry median about 50 ms: the budget is the 1 s floor; six calls of 8 s exceed it.
		expect(finding).toMatchObject({
			severity: 'high',
			principle: 'timeouts-within-budget',
			subject: 'scoring → credit-bureau',
			counts: { calls: 40, slowCalls: 6, budgetMs: 1000, maxMs: 8000, timeouts: 0 }
		});
		expect(finding.traceIds).toHaveLength(3);
	});

	it('is medium when a timeout exists but is longer than the budget, and silent when calls are fast', () => {
		const f = new SpanFactory();
		traces(f, 3000, 'request timed out after 3000 ms');
		expect(of(analyzeSpans(f.spans).findings, 'missing-timeout')[0]).toMatchObject({ severity: 'medium', counts: { timeouts: 6 } });
		const fast = new SpanFactory();
		traces(fast, 200);
		expect(of(analyzeSpans(fast.spans).findings, 'missing-timeout')).toEqual([]);
	});

	it('uses an explicit budget from the settings', () => {
		const f = new SpanFactory();
		traces(f, 200);
		const [finding] = of(analyzeSpans(f.spans, { budgetsMs: { scoring: 100 } }).findings, 'missing-timeout');
		expect(finding).toMatchObject({ counts: { slowCalls: 6, budgetMs: 100 }, detail: { budgetSource: 'setting' } });
	});
});

describe('gateway-bypass', () => {
	it('fires for a service entered directly while a gateway exists, and is silent otherwise', () => {
		const f = new SpanFactory();
		for (let i = 0; i < 10; i++) f.call(f.entry('api-gateway', 'GET /x', i * ms, 500), 'accounts', 'GET /x', i * ms + 10, 400);
		for (let i = 0; i < 6; i++) f.entry('accounts', 'GET /internal', 100 * ms + i * ms, 300);
		const bypass = of(analyzeSpans(f.spans).findings, 'gateway-bypass');
		expect(bypass).toHaveLength(1);
		expect(bypass[0]).toMatchObject({ severity: 'medium', subject: 'accounts', counts: { entries: 6, entriesTotal: 16 }, detail: { gateways: ['api-gateway'] } });

		const g = new SpanFactory();
		for (let i = 0; i < 10; i++) g.call(g.entry('api-gateway', 'GET /x', i * ms, 500), 'accounts', 'GET /x', i * ms + 10, 400);
		expect(of(analyzeSpans(g.spans).findings, 'gateway-bypass')).toEqual([]);
	});

	it('fires high when several services take entry traffic and none is a gateway', () => {
		const f = new SpanFactory();
		for (let i = 0; i < 5; i++) {
			f.entry('accounts', 'GET /a', i * ms, 100);
			f.entry('loans', 'GET /l', i * ms, 100);
		}
		const [finding] = of(analyzeSpans(f.spans).findings, 'gateway-bypass');
		expect(finding).toMatchObject({ severity: 'high', subject: '(no API gateway)', services: ['accounts', 'loans'] });
	});
});

describe('hidden-hub', () => {
	it('fires for a service on every path with several callers, and is silent when paths do not share it', () => {
		const f = new SpanFactory();
		const g = new SpanFactory();
		for (let i = 0; i < 30; i++) {
			const service = ['accounts', 'loans', 'cards'][i % 3];
			const { server } = f.call(f.entry('api-gateway', 'GET', i * ms, 900), service, 'GET', i * ms + 10, 800);
			f.call(server!, 'customer-master', 'GET /customer', i * ms + 20, 300);
			const other = g.call(g.entry('api-gateway', 'GET', i * ms, 900), service, 'GET', i * ms + 10, 800).server!;
			if (i % 3 === 0) g.call(other, 'customer-master', 'GET /customer', i * ms + 20, 300);
		}
		const hubs = of(analyzeSpans(f.spans).findings, 'hidden-hub');
		expect(hubs).toHaveLength(1);
		expect(hubs[0]).toMatchObject({ severity: 'high', subject: 'customer-master', counts: { traces: 30, tracesTotal: 30, callers: 3 } });
		expect(of(analyzeSpans(g.spans).findings, 'hidden-hub')).toEqual([]);
	});
});

describe('FindingsAnalyzer', () => {
	it('gives the same findings for spans fed in chunks as for the whole set', () => {
		const f = new SpanFactory();
		for (let i = 0; i < 8; i++) {
			const root = f.entry('a', 'GET', i * 100 * ms, 50 * ms, { error: i < 6 });
			const { server } = f.call(root, 'b', 'GET /b', i * 100 * ms + 10, 40 * ms, { error: i < 6 });
			f.call(server!, 'a', 'GET /back', i * 100 * ms + 20, 10 * ms);
			f.db(server!, 'T', 'UPDATE', i * 100 * ms + 30, 100);
			f.db(root, 'T', 'UPDATE', i * 100 * ms + 40, 100);
		}
		const whole = analyzeSpans(f.spans).findings;
		const analyzer = new FindingsAnalyzer({}, { settleUs: 1_000_000 });
		for (let i = 0; i < f.spans.length; i += 7) analyzer.addSpans(f.spans.slice(i, i + 7));
		const chunked = analyzer.report();
		expect(chunked.findings).toEqual(whole);
		expect(chunked.traces).toBe(8);
		expect(whole.map((x) => x.kind).sort()).toEqual(['cyclic-dependency', 'failure-propagation', 'shared-table']);
	});

	it('stays within its span bound, counting traces handed over early, and survives malformed spans', () => {
		const f = new SpanFactory();
		for (let i = 0; i < 50; i++) f.call(f.entry('gw', 'GET', i, 10), 'svc', 'GET', i + 1, 5);
		const analyzer = new FindingsAnalyzer({}, { maxSpans: 20, settleUs: 1e12 });
		analyzer.addSpans(f.spans);
		analyzer.addSpans([{ traceId: 'x' } as never, null as never]);
		const before = analyzer.report({ flush: false });
		expect(before.buffer.pendingSpans).toBeLessThanOrEqual(20);
		expect(before.buffer.early).toBeGreaterThan(0);
		expect(before.buffer.droppedSpans).toBe(2);
		expect(analyzer.report().traces).toBe(50);
	});
});

describe('robustness', () => {
	it('never throws on random span soups (cycles in parents, odd attributes, missing fields)', () => {
		const random = seededRandom(99);
		const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
		for (let round = 0; round < 20; round++) {
			const spans: SpanRecord[] = [];
			for (let i = 0; i < 200; i++) {
				const attrs: Attrs = {};
				if (random() < 0.3) attrs['db.system'] = pick(['mysql', 'redis', '']);
				if (random() < 0.3) attrs['db.query.text'] = pick(['SELECT * FROM', "UPDATE t SET a='", 'garbage ((', 'DELETE FROM x']);
				if (random() < 0.2) attrs['peer.service'] = pick(['ext', '']);
				if (random() < 0.2) attrs['code.namespace'] = pick(['A', 'B.c', '']);
				if (random() < 0.1) attrs['circuit_breaker.state'] = 'open';
				spans.push({
					traceId: `t${Math.floor(random() * 5)}`,
					spanId: `s${Math.floor(random() * 150)}`,
					parentSpanId: random() < 0.2 ? '' : `s${Math.floor(random() * 150)}`,
					resourceId: 'r',
					service: pick(['a', 'b', 'c', 'api-gateway']),
					instance: 'i',
					name: pick(['GET', 'POST', 'x']),
					kind: pick([0, 1, 2, 3, 4, 5]) as SpanRecord['kind'],
					startUs: Math.floor(random() * 1e6),
					durationUs: pick([0, -5, 100, 1e9, Number.NaN]),
					status: pick([0, 1, 2]) as SpanRecord['status'],
					attrs,
					events: random() < 0.1 ? [{ timeUs: 0, name: 'circuit_breaker.state_change' }] : undefined
				});
			}
			expect(() => analyzeSpans(spans, { chattyMinCalls: 2, minFailures: 1, minSlowCalls: 1, hubMinTraces: 1 })).not.toThrow();
		}
	});
});

/**
 * Business mapping and KPIs.
 *
 * 1. Re-evaluating every KPI over 24 h of history after a rule change (target <= 2 s):
 *    one weekday of the demo bank's load (business-day.ts: ~1.4 M business transactions,
 *    ~6 M SERVER / CONSUMER spans, the spans a transactions-only store query returns),
 *    50 mapping rules, ~190 KPIs (count, amount, p95 and success ratio per transaction and
 *    per domain, and the loan conversion joined by biz.application_id), 1 min windows and
 *    their 1 h merges. Baseline in the same run: reading the same chunks without
 *    evaluating (the SpanRecord materialisation that stands in for the store's read), so
 *    `value - baseline` is the evaluation's own cost. Reading a day of raw chunks from
 *    IndexedDB in the browser costs far more than either and is not in this figure.
 *    After changing one rule, only what it affects runs again (BusinessModel.subset: the
 *    rules of its domain and the conversion steps); the other windows are kept.
 *    The demo bank's starter set (10 entry-scoped transactions, their KPIs) needs only the
 *    day's ~1.4 M entry spans: measured over those.
 * 2. Mapping cost at ingest: ns per span for the same 50 rules with the anchor index
 *    (compile.ts), against testing every rule on every span (same compiled predicates,
 *    same scope checks) in the same run.
 *
 * Figures are medians of 3 runs after a warm-up; CPU time is printed beside wall time
 * because the machine is shared.
 *
 * Run: `npx tsx test/bench/business.bench.ts` or `npm run bench -- business`.
 */
import { pathToFileURL } from 'node:url';
import { compileCondition, RuleMatcher } from '../../src/lib/domain/business/compile';
import { readKpi } from '../../src/lib/domain/business/evaluate';
import { reevaluateHistory } from '../../src/lib/domain/business/history';
import { BusinessModel } from '../../src/lib/domain/business/model';
import { demoBankKpis, demoBankTransactions, seedDomains } from '../../src/lib/domain/business/seed';
import type { BusinessTransaction, KpiDefinition, RuleCondition } from '../../src/lib/domain/business/types';
import { coarsenKpiWindows, replaceTargets } from '../../src/lib/domain/business/windows';
import { isTransaction } from '../../src/lib/domain/telemetry/transactions';
import type { SpanRecord } from '../../src/lib/protocol/records';
import { dayChunks, dayStartMs, generateDay, rootCount, spanAt, type BusinessDay } from './business-day';
import { printResults } from './median-timing';
import type { BenchResult } from './types';

const eq = (key: string, value: string): RuleCondition => ({ kind: 'test', field: 'attr', key, op: 'equals', value });
const route = (op: 'equals' | 'prefix' | 'regex', value: string): RuleCondition => ({ kind: 'test', field: 'route', op, value });

/** 50 rules: the 10 demo-bank transactions and 40 more a bank might add, some overlapping, 8 without an anchor. */
export function fiftyRules(): BusinessTransaction[] {
	const rules: BusinessTransaction[] = [...demoBankTransactions];
	const add = (id: string, domainId: string, conditions: RuleCondition[], spans: BusinessTransaction['spans'] = 'entry') => rules.push({ id, domainId, name: id, spans, rule: { kind: 'all', conditions } });
	const channels = [['mb', 'mobile'], ['ib', 'internet'], ['branch', 'branch']] as const;
	const routes = [
		['transfers', 'deposits', '/api/transfers'],
		['deposits', 'deposits', '/api/cash/deposits'],
		['withdrawals', 'deposits', '/api/cash/withdrawals'],
		['loan-applications', 'lending', '/api/loans/applications'],
		['logins', 'ebanking', '/api/auth/login'],
		['balances', 'deposits', '/api/accounts/{accountNo}/balance']
	] as const;
	for (const [prefix, channel] of channels) for (const [name, domain, path] of routes) add(`${channel}-${name}`, domain, [route('equals', `/${prefix}${path}`)]);
	for (const segment of ['mass', 'affluent', 'private', 'sme', 'youth']) add(`transfers-${segment}`, 'deposits', [eq('biz.transaction', 'account.transfer'), eq('biz.customer_segment', segment)]);
	add('large-transfers', 'deposits', [eq('biz.transaction', 'account.transfer'), { kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', min: 1_000_000 }]);
	add('small-deposits', 'deposits', [eq('biz.transaction', 'deposit'), { kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', max: 50_000 }]);
	add('failed-money', 'deposits', [{ kind: 'any', conditions: [eq('biz.transaction', 'account.transfer'), eq('biz.transaction', 'deposit'), eq('biz.transaction', 'withdrawal')] }, eq('biz.outcome', 'failed')]);
	add('product-pages', 'products', [route('regex', '^/(mb|ib)/api/products/')]);
	add('backoffice', 'lending', [route('prefix', '/branch/backoffice/')]);
	add('teller-cash', 'deposits', [{ kind: 'test', field: 'service', op: 'equals', value: 'core-banking' }, route('regex', 'cash/(deposits|withdrawals)$')]);
	add('transfer-service', 'deposits', [{ kind: 'test', field: 'service', op: 'equals', value: 'transfer' }], 'transactions');
	add('scoring', 'lending', [{ kind: 'test', field: 'service', op: 'equals', value: 'credit-scoring' }], 'transactions');
	add('notifications', 'ebanking', [{ kind: 'test', field: 'service', op: 'equals', value: 'notification' }], 'transactions');
	add('core-entries', 'deposits', [{ kind: 'test', field: 'service', op: 'prefix', value: 'core-' }], 'transactions');
	add('youth-mobile', 'ebanking', [eq('biz.customer_segment', 'youth'), eq('biz.channel', 'mobile')]);
	add('sme-any', 'ebanking', [eq('biz.customer_segment', 'sme')]);
	add('inquiries', 'products', [{ kind: 'any', conditions: [eq('biz.transaction', 'product.inquiry'), eq('biz.transaction', 'balance.inquiry')] }]);
	add('not-success', 'ebanking', [{ kind: 'test', field: 'attr', key: 'biz.outcome', op: 'equals', value: 'success', negate: true }]);
	add('status-5xx', 'ebanking', [{ kind: 'test', field: 'attr', key: 'http.response.status_code', op: 'range', min: 500, max: 599 }]);
	add('affluent-loans', 'lending', [eq('biz.customer_segment', 'affluent'), { kind: 'test', field: 'route', op: 'prefix', value: '/mb/api/loans' }]);
	add('executions-big', 'lending', [eq('biz.transaction', 'loan.execution'), { kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', min: 100_000 }]);
	if (rules.length !== 50) throw new Error(`expected 50 rules, built ${rules.length}`);
	return rules;
}

export function allKpis(rules: BusinessTransaction[]): KpiDefinition[] {
	const kpis: KpiDefinition[] = [];
	const scopes = [...rules.map((r) => ({ kind: 'transaction' as const, transactionId: r.id })), ...seedDomains.map((d) => ({ kind: 'domain' as const, domainId: d.id }))];
	for (const scope of scopes) {
		const id = scope.kind === 'domain' ? scope.domainId : scope.transactionId;
		kpis.push({ id: `${id}-count`, name: 'count', scope, measure: { kind: 'count' } });
		kpis.push({ id: `${id}-amount`, name: 'amount', scope, measure: { kind: 'sum', attr: 'biz.amount_krw' } });
		kpis.push({ id: `${id}-p95`, name: 'p95', scope, measure: { kind: 'percentile', q: 0.95 }, thresholds: { direction: 'above', warn: 800, critical: 2_000 } });
	}
	kpis.push({ id: 'loan-conversion', name: 'Loan conversion', measure: { kind: 'conversion', steps: ['loan-application', 'loan-approval', 'loan-execution'], join: { by: 'attr', key: 'biz.application_id' } } });
	return kpis;
}

/** Median wall time and CPU time of `runs` runs after a warm-up; keeps only the last result (memory). */
async function measure<T>(fn: () => T | Promise<T>, runs = 3): Promise<{ wallMs: number; cpuMs: number; result: T }> {
	let result = await fn();
	const walls: number[] = [];
	const cpus: number[] = [];
	for (let i = 0; i < runs; i++) {
		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		result = await fn();
		walls.push(performance.now() - t0);
		const cpu = process.cpuUsage(cpu0);
		cpus.push((cpu.user + cpu.system) / 1000);
	}
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	return { wallMs: median(walls), cpuMs: median(cpus), result };
}

function sampleSpans(day: BusinessDay, count: number): SpanRecord[] {
	const step = Math.max(1, Math.floor(day.length / count));
	const out: SpanRecord[] = [];
	for (let i = 0; i < day.length && out.length < count; i += step) out.push(spanAt(day, i));
	return out;
}

export async function run(): Promise<BenchResult[]> {
	const day = generateDay(1);
	const rules = fiftyRules();
	const model = BusinessModel.build({ domains: [...seedDomains], transactions: rules, kpis: allKpis(rules) });
	if (model.issues.length > 0) throw new Error(JSON.stringify(model.issues.slice(0, 3)));
	const range = { fromMs: dayStartMs, toMs: dayStartMs + 86_400_000 };

	const read = await measure(() => {
		let n = 0;
		for (const chunk of dayChunks(day)) n += chunk.length;
		return n;
	});
	const reeval = await measure(async () => {
		const result = await reevaluateHistory({ model, chunks: dayChunks(day), ...range, level: '1m' });
		const hours = coarsenKpiWindows(result.windows, '1h');
		for (const kpi of model.kpis) readKpi({ kpi, range, current: hours });
		return result;
	});
	const matched = reeval.result.counters.matched;

	// one rule changes (the large-transfer threshold): only the deposits domain and its rules run again
	const changedRules = rules.map((r) =>
		r.id === 'large-transfers' ? { ...r, rule: { kind: 'all' as const, conditions: [eq('biz.transaction', 'account.transfer'), { kind: 'test' as const, field: 'attr' as const, key: 'biz.amount_krw', op: 'range' as const, min: 2_000_000 }] } } : r
	);
	const changed = BusinessModel.build({ domains: [...seedDomains], transactions: changedRules, kpis: allKpis(changedRules) });
	const before = reeval.result.windows;
	const part = changed.subset({ transactions: ['large-transfers'] });
	const incremental = await measure(async () => {
		const fresh = await reevaluateHistory({ model: part.model, chunks: dayChunks(day), ...range, level: '1m' });
		const hours = coarsenKpiWindows(replaceTargets(before, fresh.windows, part), '1h');
		for (const kpi of changed.kpis) readKpi({ kpi, range, current: hours });
		return fresh;
	});

	// the demo bank's starter set: 10 entry-scoped transactions and their KPIs, over entry spans only
	const starter = BusinessModel.build({ domains: [...seedDomains], transactions: [...demoBankTransactions], kpis: [...allKpis([...demoBankTransactions]), ...demoBankKpis.filter((k) => k.id === 'loan-conversion').map((k) => ({ ...k, id: 'starter-conversion' }))] });
	const roots = rootCount(day);
	const readRoots = await measure(() => {
		let n = 0;
		for (const chunk of dayChunks(day, { rootsOnly: true })) n += chunk.length;
		return n;
	});
	const entryOnly = await measure(async () => {
		const result = await reevaluateHistory({ model: starter, chunks: dayChunks(day, { rootsOnly: true }), ...range, level: '1m' });
		const hours = coarsenKpiWindows(result.windows, '1h');
		for (const kpi of starter.kpis) readKpi({ kpi, range, current: hours });
		return result;
	});

	// what the KPI engine (workers/business-engine.ts) does after one starter rule changes: the
	// changed domain's entry rules re-run over the store's transactions-only chunks (every
	// SERVER / CONSUMER span is read; the entry-only matcher skips non-roots), against the same
	// subset over root spans only (a store that could read entry spans alone)
	const starterPart = starter.subset({ transactions: ['account-transfer'] });
	const starterBefore = entryOnly.result.windows;
	const starterChange = (rootsOnly: boolean) =>
		measure(async () => {
			const fresh = await reevaluateHistory({ model: starterPart.model, chunks: dayChunks(day, { rootsOnly }), ...range, level: '1m' });
			const hours = coarsenKpiWindows(replaceTargets(starterBefore, fresh.windows, starterPart), '1h');
			for (const kpi of starter.kpis) readKpi({ kpi, range, current: hours });
			return fresh;
		});
	const starterTxOnly = await starterChange(false);
	const starterRoots = await starterChange(true);

	// mapping at ingest: 200,000 distinct spans of the same day, five passes
	const sample = sampleSpans(day, 200_000);
	const passes = 5;
	const matcher = new RuleMatcher(rules);
	const out = new Int32Array(rules.length);
	const indexed = await measure(() => {
		let hits = 0;
		for (let p = 0; p < passes; p++) for (let i = 0; i < sample.length; i++) hits += matcher.matchInto(sample[i], out);
		return hits;
	});
	const predicates = rules.map((r) => ({ match: compileCondition(r.rule), scope: r.spans ?? 'transactions' }));
	const naive = await measure(() => {
		let hits = 0;
		for (let p = 0; p < passes; p++) {
			for (let i = 0; i < sample.length; i++) {
				const span = sample[i];
				const txn = isTransaction(span);
				const root = span.parentSpanId === '';
				for (let r = 0; r < predicates.length; r++) {
					const { match, scope } = predicates[r];
					if (scope === 'transactions' ? !txn : scope === 'entry' ? !root : false) continue;
					if (match(span as never)) hits++;
				}
			}
		}
		return hits;
	});
	if (indexed.result !== naive.result) throw new Error(`indexed matching found ${indexed.result} matches, testing every rule ${naive.result}`);
	const calls = sample.length * passes;
	const nsPerSpan = (ms: number) => (ms * 1e6) / calls;
	return [
		{
			name: `re-evaluate ${model.kpis.length} KPIs over 24 h after a rule change (${day.length.toLocaleString('en')} spans, 50 rules, 1 min + 1 h windows)`,
			value: reeval.wallMs,
			unit: 'ms',
			baseline: read.wallMs,
			baselineName: 'reading the same chunks, no evaluation',
			ratio: reeval.wallMs / read.wallMs,
			target: 2_000,
			better: 'lower',
			note: `${day.transactions.toLocaleString('en')} business transactions; ${matched.toLocaleString('en')} spans matched; evaluation alone ≈ ${Math.round(reeval.wallMs - read.wallMs)} ms; CPU ${Math.round(reeval.cpuMs)} ms (read CPU ${Math.round(read.cpuMs)} ms)`
		},
		{
			name: `after changing one rule: re-evaluate what it affects (${part.model.transactions.length} rules of its domain, ${part.targets.length} targets), keep the rest, read all KPIs`,
			value: incremental.wallMs,
			unit: 'ms',
			baseline: read.wallMs,
			baselineName: 'reading the same chunks, no evaluation',
			ratio: incremental.wallMs / read.wallMs,
			target: 2_000,
			better: 'lower',
			note: `evaluation alone ≈ ${Math.round(incremental.wallMs - read.wallMs)} ms; CPU ${Math.round(incremental.cpuMs)} ms (read CPU ${Math.round(read.cpuMs)} ms)`
		},
		{
			name: `entry-scoped starter set: ${starter.kpis.length} KPIs of the demo bank's 10 transactions over the day's ${roots.toLocaleString('en')} entry spans`,
			value: entryOnly.wallMs,
			unit: 'ms',
			baseline: readRoots.wallMs,
			baselineName: 'reading the same entry spans, no evaluation',
			ratio: entryOnly.wallMs / readRoots.wallMs,
			target: 2_000,
			better: 'lower',
			note: `evaluation alone ≈ ${Math.round(entryOnly.wallMs - readRoots.wallMs)} ms; CPU ${Math.round(entryOnly.cpuMs)} ms (read CPU ${Math.round(readRoots.cpuMs)} ms)`
		},
		{
			name: `starter set, one rule changed (its domain: ${starterPart.model.transactions.length} entry rules), over the transactions-only chunks the KPI engine reads (${day.length.toLocaleString('en')} spans)`,
			value: starterTxOnly.wallMs,
			unit: 'ms',
			baseline: read.wallMs,
			baselineName: 'reading the same chunks, no evaluation',
			ratio: starterTxOnly.wallMs / read.wallMs,
			target: 2_000,
			better: 'lower',
			note: `evaluation alone ≈ ${Math.round(starterTxOnly.wallMs - read.wallMs)} ms; CPU ${Math.round(starterTxOnly.cpuMs)} ms`
		},
		{
			name: `the same change over root spans only (${roots.toLocaleString('en')}: what reading entry spans alone would cost)`,
			value: starterRoots.wallMs,
			unit: 'ms',
			baseline: readRoots.wallMs,
			baselineName: 'reading the same entry spans, no evaluation',
			ratio: starterRoots.wallMs / readRoots.wallMs,
			target: 2_000,
			better: 'lower',
			note: `evaluation alone ≈ ${Math.round(starterRoots.wallMs - readRoots.wallMs)} ms; CPU ${Math.round(starterRoots.cpuMs)} ms; ${(starterTxOnly.wallMs / starterRoots.wallMs).toFixed(1)}x faster than over transactions-only chunks`
		},
		{
			name: 'mapping at ingest, 50 rules (anchor index)',
			value: nsPerSpan(indexed.wallMs),
			unit: 'ns/span',
			baseline: nsPerSpan(naive.wallMs),
			baselineName: 'testing every rule on every span',
			ratio: indexed.wallMs / naive.wallMs,
			better: 'lower',
			note: `${calls.toLocaleString('en')} spans; ${(indexed.result / calls).toFixed(2)} matches per span; CPU ${nsPerSpan(indexed.cpuMs).toFixed(0)} ns/span (every rule: ${nsPerSpan(naive.cpuMs).toFixed(0)})`
		}
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && !process.env.NO_BENCH_MAIN) printResults(await run());

/**
 * A documented generator of one day of business transactions for the business benchmark:
 * the demo bank's load model (src/lib/sim/load.ts `loadSeries`, a Wednesday in KST, seed 1,
 * Poisson per minute), its channel shares and per-channel transaction mix, and its loan
 * follow-ups (85 % of applications reviewed 5-90 min later, 75 % approved, 90 % of those
 * executed 10-120 min after approval; src/lib/sim/transactions.ts).
 *
 * Each transaction is one entry (root SERVER) span with the bank's `biz.*` attributes plus
 * one SERVER / CONSUMER span per service it visits (visits() expectations, rounded at
 * random): exactly the spans the telemetry store returns to the business worker for a
 * transactions-only query. CLIENT and INTERNAL spans (about 4/5 of the bank's spans) are
 * not generated because that query leaves them out.
 *
 * Spans are held as columns (about 40 bytes each) and turned into SpanRecords chunk by chunk
 * (1,000 per chunk, like the store's chunks), so a day of ~6 M spans fits in memory; the
 * cost of that materialisation is what the benchmark's read baseline measures. Text values
 * come from small tables (as interned strings would); spans read from IndexedDB carry fresh
 * strings whose hash is computed at their first Map lookup, some tens of ns more per span.
 */
import { SpanKind, StatusCode, type Attrs, type SpanRecord } from '../../src/lib/protocol/records';
import { loadSeries } from '../../src/lib/sim/load';
import { CHANNEL_MIX, CHANNEL_SHARE, CHANNELS, LOAN_FLOW, TX_DOMAIN, visits, type BizTransaction, type Channel } from '../../src/lib/sim/transactions';
import { seededRandom } from '../../src/lib/domain/telemetry/test-random';

export const dayStartMs = Date.UTC(2026, 10, 3, 15, 0); // Wednesday 4 November 2026, 00:00 KST
const minuteMs = 60_000;

const txNames: BizTransaction[] = ['login', 'balance.inquiry', 'account.transfer', 'deposit', 'withdrawal', 'product.inquiry', 'product.subscribe', 'loan.application', 'loan.approval', 'loan.execution'];
const entryRoutes: Record<BizTransaction, string> = {
	login: '/api/auth/login',
	'balance.inquiry': '/api/accounts/{accountNo}/balance',
	'account.transfer': '/api/transfers',
	deposit: '/api/cash/deposits',
	withdrawal: '/api/cash/withdrawals',
	'product.inquiry': '/api/products/{productId}',
	'product.subscribe': '/api/products/{productId}/subscriptions',
	'loan.application': '/api/loans/applications',
	'loan.approval': '/backoffice/api/loans/{applicationId}/approval',
	'loan.execution': '/backoffice/api/loans/{applicationId}/execution'
};
const moneyTx = new Set<BizTransaction>(['account.transfer', 'deposit', 'withdrawal', 'loan.application', 'loan.execution']);
const segments = ['mass', 'affluent', 'private', 'sme', 'youth'];
const services: string[] = [];
const serviceIndex = (name: string) => {
	let i = services.indexOf(name);
	if (i < 0) i = services.push(name) - 1;
	return i;
};

export interface BusinessDay {
	length: number;
	transactions: number;
	endMs: Float64Array;
	durationMs: Float32Array;
	/** 1 = entry (root) span, 0 = downstream SERVER span. */
	root: Uint8Array;
	service: Uint8Array;
	tx: Uint8Array;
	channel: Uint8Array;
	segment: Uint8Array;
	error: Uint8Array;
	amountKrw: Float64Array;
	/** Loan application id, -1 when none. */
	applicationId: Int32Array;
}

function pick<T extends string>(random: () => number, weights: Partial<Record<T, number>>): T {
	let r = random();
	const entries = Object.entries(weights) as [T, number][];
	for (const [key, w] of entries) if ((r -= w) < 0) return key;
	return entries[entries.length - 1][0];
}

export function generateDay(seed = 1): BusinessDay {
	const perMinute = loadSeries({ startMs: dayStartMs, stepMs: minuteMs, count: 1_440, seed });
	const random = seededRandom(seed);
	const cols = { endMs: [] as number[], durationMs: [] as number[], root: [] as number[], service: [] as number[], tx: [] as number[], channel: [] as number[], segment: [] as number[], error: [] as number[], amount: [] as number[], app: [] as number[] };
	// follow-ups (loan approval / execution) waiting for their minute
	const later = new Map<number, { tx: BizTransaction; app: number; amount: number; segment: number }[]>();
	let applications = 0;
	let transactions = 0;
	const emit = (minute: number, tx: BizTransaction, channel: Channel, app: number, amount: number, segment: number) => {
		transactions++;
		const endMs = dayStartMs + minute * minuteMs + random() * minuteMs;
		const failed = random() < 0.01;
		const rootDurationMs = Math.exp(Math.log(tx === 'loan.application' ? 900 : 120) + 0.6 * (random() + random() + random() - 1.5));
		const entryService = channel === 'branch' && tx !== 'loan.application' && !tx.startsWith('loan.') ? 'core-banking' : 'api-gateway';
		const push = (service: string, root: boolean, durationMs: number) => {
			cols.endMs.push(endMs - (root ? 0 : random() * 5));
			cols.durationMs.push(durationMs);
			cols.root.push(root ? 1 : 0);
			cols.service.push(serviceIndex(service));
			cols.tx.push(txNames.indexOf(tx));
			cols.channel.push(CHANNELS.indexOf(channel));
			cols.segment.push(segment);
			cols.error.push(failed ? 1 : 0);
			cols.amount.push(amount);
			cols.app.push(app);
		};
		push(entryService, true, rootDurationMs);
		for (const [service, expected] of Object.entries(visits(tx, channel))) {
			if (service === entryService) continue;
			const n = Math.floor(expected as number) + (random() < (expected as number) % 1 ? 1 : 0);
			for (let k = 0; k < n; k++) push(service, false, rootDurationMs * (0.2 + 0.6 * random()));
		}
	};
	for (let minute = 0; minute < 1_440; minute++) {
		for (const f of later.get(minute) ?? []) emit(minute, f.tx, 'branch', f.app, f.amount, f.segment);
		later.delete(minute);
		for (let i = 0; i < perMinute[minute]; i++) {
			const channel = pick(random, CHANNEL_SHARE);
			const tx = pick(random, CHANNEL_MIX[channel]);
			const segment = Math.floor(random() * segments.length);
			const amount = moneyTx.has(tx) ? Math.round(Math.exp(12 + 1.2 * (random() + random() - 1))) : NaN;
			const app = tx === 'loan.application' ? applications++ : -1;
			emit(minute, tx, channel, app, amount, segment);
			if (app >= 0 && random() < LOAN_FLOW.reviewShare) {
				const approvalMinute = minute + 5 + Math.floor(random() * 85);
				const list = later.get(approvalMinute) ?? [];
				list.push({ tx: 'loan.approval', app, amount, segment });
				later.set(approvalMinute, list);
				if (random() < LOAN_FLOW.approvedShare * LOAN_FLOW.executionShare) {
					const executionMinute = approvalMinute + 10 + Math.floor(random() * 110);
					const next = later.get(executionMinute) ?? [];
					next.push({ tx: 'loan.execution', app, amount, segment });
					later.set(executionMinute, next);
				}
			}
		}
	}
	return {
		length: cols.endMs.length,
		transactions,
		endMs: Float64Array.from(cols.endMs),
		durationMs: Float32Array.from(cols.durationMs),
		root: Uint8Array.from(cols.root),
		service: Uint8Array.from(cols.service),
		tx: Uint8Array.from(cols.tx),
		channel: Uint8Array.from(cols.channel),
		segment: Uint8Array.from(cols.segment),
		error: Uint8Array.from(cols.error),
		amountKrw: Float64Array.from(cols.amount),
		applicationId: Int32Array.from(cols.app)
	};
}

const hex16 = (n: number) => n.toString(16).padStart(16, '0');
const traceHigh = '5ca1ab1e0b5e55ed';

/**
 * Route and span-name text per (service, transaction, channel, root), made once: built by
 * concatenation per span they would be cons strings that every Map lookup flattens again,
 * a cost the store's flat strings do not have.
 */
const routeTable = new Map<number, { route: string; name: string }>();

function routeOf(day: BusinessDay, i: number, root: boolean, service: string, tx: BizTransaction): { route: string; name: string } {
	const key = ((day.service[i] * 16 + day.tx[i]) * 4 + day.channel[i]) * 2 + (root ? 1 : 0);
	let entry = routeTable.get(key);
	if (!entry) {
		const route = root
			? (day.channel[i] === 1 ? '/ib' : day.channel[i] === 0 ? '/mb' : '/branch') + entryRoutes[tx]
			: `/${service}${entryRoutes[tx].replace(/^\/(api|backoffice\/api)/, '')}`;
		entry = { route: route.split('').join(''), name: ('POST ' + route).split('').join('') };
		routeTable.set(key, entry);
	}
	return entry;
}

/** The span at position i as the store would return it. */
export function spanAt(day: BusinessDay, i: number): SpanRecord {
	const root = day.root[i] === 1;
	const service = services[day.service[i]];
	const tx = txNames[day.tx[i]];
	const { route, name } = routeOf(day, i, root, service, tx);
	const attrs: Attrs = { 'http.request.method': 'POST', 'http.route': route, 'http.response.status_code': day.error[i] ? 500 : 200 };
	if (root) {
		attrs['biz.transaction'] = tx;
		attrs['biz.domain'] = TX_DOMAIN[tx];
		attrs['biz.channel'] = CHANNELS[day.channel[i]];
		attrs['biz.customer_segment'] = segments[day.segment[i]];
		attrs['biz.outcome'] = day.error[i] ? 'failed' : 'success';
		if (!Number.isNaN(day.amountKrw[i])) attrs['biz.amount_krw'] = day.amountKrw[i];
		if (day.applicationId[i] >= 0) attrs['biz.application_id'] = 'LA-' + day.applicationId[i];
	}
	const durationUs = Math.round(day.durationMs[i] * 1000);
	const endUs = Math.round(day.endMs[i] * 1000);
	return {
		traceId: traceHigh + hex16(i),
		spanId: hex16(i),
		parentSpanId: root ? '' : 'f'.repeat(16),
		resourceId: hex16(day.service[i]),
		service,
		instance: service + '-0',
		name,
		kind: service === 'notification' && !root ? SpanKind.Consumer : SpanKind.Server,
		startUs: endUs - durationUs,
		durationUs,
		status: day.error[i] ? StatusCode.Error : StatusCode.Unset,
		attrs
	};
}

/**
 * The day as the store serves it: chunks of 1,000 spans, made as they are read.
 * `rootsOnly`: entry spans only (what a store read restricted to root spans would return).
 */
export function* dayChunks(day: BusinessDay, options: { chunkSize?: number; rootsOnly?: boolean } = {}): Iterable<SpanRecord[]> {
	const size = options.chunkSize ?? 1_000;
	let chunk: SpanRecord[] = [];
	for (let i = 0; i < day.length; i++) {
		if (options.rootsOnly && day.root[i] !== 1) continue;
		chunk.push(spanAt(day, i));
		if (chunk.length === size) {
			yield chunk;
			chunk = [];
		}
	}
	if (chunk.length > 0) yield chunk;
}

export function rootCount(day: BusinessDay): number {
	let n = 0;
	for (let i = 0; i < day.length; i++) n += day.root[i];
	return n;
}

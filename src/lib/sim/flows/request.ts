/**
 * One business request: who, through which channel, for how much. The `biz.*` attributes
 * on each trace's entry (root) span come from here (documented in src/lib/sim/README.md).
 */
import type { Prng } from '../prng';
import { TX_DOMAIN, type BizTransaction, type Channel } from '../transactions';
import type { SimAttrs } from '../otlp';

export type CustomerSegment = 'mass' | 'affluent' | 'private' | 'sme' | 'youth';
const SEGMENTS: readonly CustomerSegment[] = ['mass', 'affluent', 'private', 'sme', 'youth'];
const SEGMENT_WEIGHTS = [0.62, 0.24, 0.02, 0.08, 0.04];
/** Multiplier on money amounts per segment. */
const SEGMENT_AMOUNT: Record<CustomerSegment, number> = { mass: 1, affluent: 2.5, private: 8, sme: 5, youth: 0.4 };

export const SAVINGS_PRODUCTS = ['DEP-FREE-SAVINGS', 'DEP-TERM-12M', 'DEP-YOUTH-HOPE', 'SAV-HOUSING', 'FUND-GLOBAL-EQ'] as const;
export const LOAN_PRODUCTS = ['LOAN-CREDIT', 'LOAN-MORTGAGE', 'LOAN-JEONSE'] as const;
const ACCOUNT_PRODUCTS = ['ACCT-CHECKING', 'ACCT-SALARY'] as const;
const CATEGORIES = ['savings', 'deposit', 'fund', 'loan'] as const;

export interface BizRequest {
	tx: BizTransaction;
	channel: Channel;
	segment: CustomerSegment;
	customerId: number;
	accountNo: string;
	counterAccountNo: string;
	/** Money moved or applied for, KRW; absent for inquiries and logins. */
	amountKrw?: number;
	/** biz.product: account, savings, fund or loan product code; a category for inquiries. */
	product?: string;
	applicationId?: string;
	termMonths?: number;
}

function accountNo(prng: Prng): string {
	return `110-${String(100 + prng.int(900))}-${String(prng.int(1_000_000)).padStart(6, '0')}`;
}

function roundTo(value: number, step: number): number {
	return Math.max(step, Math.round(value / step) * step);
}

export function applicationId(prng: Prng, dateCompact: string): string {
	return `LA${dateCompact}${String(prng.int(1_000_000)).padStart(6, '0')}`;
}

/** A new arrival; `dateCompact` (YYYYMMDD) stamps application ids. */
export function makeRequest(prng: Prng, tx: BizTransaction, channel: Channel, dateCompact: string): BizRequest {
	const segment = SEGMENTS[prng.weightedIndex(SEGMENT_WEIGHTS)];
	const scale = SEGMENT_AMOUNT[segment];
	const req: BizRequest = {
		tx,
		channel,
		segment,
		customerId: 100_000 + prng.int(900_000),
		accountNo: accountNo(prng),
		counterAccountNo: accountNo(prng)
	};
	switch (tx) {
		case 'account.transfer':
			req.amountKrw = Math.min(50_000_000, roundTo(prng.logNormal(180_000, 1.3) * scale, 1_000));
			req.product = prng.pick(ACCOUNT_PRODUCTS);
			break;
		case 'deposit':
			req.amountKrw = Math.min(100_000_000, roundTo(prng.logNormal(300_000, 1.1) * scale, 1_000));
			req.product = prng.pick(ACCOUNT_PRODUCTS);
			break;
		case 'withdrawal':
			req.amountKrw = Math.min(20_000_000, roundTo(prng.logNormal(200_000, 1.0) * scale, 1_000));
			req.product = prng.pick(ACCOUNT_PRODUCTS);
			break;
		case 'balance.inquiry':
			req.product = prng.pick(ACCOUNT_PRODUCTS);
			break;
		case 'product.inquiry':
			req.product = prng.pick(CATEGORIES);
			break;
		case 'product.subscribe':
			req.product = prng.pick(SAVINGS_PRODUCTS);
			req.amountKrw = prng.pick([100_000, 200_000, 300_000, 500_000, 1_000_000]) * (segment === 'youth' ? 0.5 : 1);
			break;
		case 'loan.application': {
			const product = LOAN_PRODUCTS[prng.weightedIndex([0.7, 0.12, 0.18])];
			req.product = product;
			req.termMonths = product === 'LOAN-CREDIT' ? prng.pick([12, 24, 36]) : prng.pick([24, 36]);
			const median = product === 'LOAN-CREDIT' ? 20_000_000 : product === 'LOAN-MORTGAGE' ? 250_000_000 : 180_000_000;
			req.amountKrw = roundTo(prng.logNormal(median, 0.5) * Math.sqrt(scale), 1_000_000);
			req.applicationId = applicationId(prng, dateCompact);
			break;
		}
		default:
			break;
	}
	return req;
}

/** Entry-span business attributes; `biz.outcome` is added when the request ends. */
export function bizAttrs(req: BizRequest): SimAttrs {
	return {
		'biz.transaction': req.tx,
		'biz.domain': TX_DOMAIN[req.tx],
		'biz.channel': req.channel,
		'biz.customer_segment': req.segment,
		'biz.amount_krw': req.amountKrw,
		'biz.product': req.product,
		'biz.application_id': req.applicationId
	};
}

/**
 * Business transactions: names, domains, channel mix and the services each one visits.
 *
 * Arrivals come per channel; each channel has its own transaction mix. Loan approval and
 * execution are not arrivals: they follow an earlier application (see flows/lending.ts), so
 * application → approval → execution conversion is meaningful.
 *
 * `visits` is the expected number of SERVER or CONSUMER spans a transaction puts on each
 * service; the autoscaler's demand model uses it (transactions.test.ts checks it against
 * generated traces).
 */
import type { ServiceName } from './catalogue';

export type BizTransaction =
	| 'login'
	| 'balance.inquiry'
	| 'account.transfer'
	| 'deposit'
	| 'withdrawal'
	| 'product.inquiry'
	| 'product.subscribe'
	| 'loan.application'
	| 'loan.approval'
	| 'loan.execution';

export type BizDomain = 'ebanking' | 'deposits' | 'lending' | 'products';
export type Channel = 'internet' | 'mobile' | 'branch';

export const TX_DOMAIN: Record<BizTransaction, BizDomain> = {
	login: 'ebanking',
	'balance.inquiry': 'deposits',
	'account.transfer': 'deposits',
	deposit: 'deposits',
	withdrawal: 'deposits',
	'product.inquiry': 'products',
	'product.subscribe': 'products',
	'loan.application': 'lending',
	'loan.approval': 'lending',
	'loan.execution': 'lending'
};

/** Share of arrivals per channel. */
export const CHANNEL_SHARE: Record<Channel, number> = { mobile: 0.62, internet: 0.3, branch: 0.08 };
export const CHANNELS: readonly Channel[] = ['mobile', 'internet', 'branch'];

/** Transaction mix within a channel (weights sum to 1). */
export const CHANNEL_MIX: Record<Channel, Partial<Record<BizTransaction, number>>> = {
	mobile: { login: 0.17, 'balance.inquiry': 0.395, 'account.transfer': 0.17, deposit: 0.04, withdrawal: 0.04, 'product.inquiry': 0.13, 'product.subscribe': 0.03, 'loan.application': 0.025 },
	internet: { login: 0.2, 'balance.inquiry': 0.335, 'account.transfer': 0.18, deposit: 0.05, withdrawal: 0.05, 'product.inquiry': 0.13, 'product.subscribe': 0.03, 'loan.application': 0.025 },
	branch: { deposit: 0.34, withdrawal: 0.34, 'account.transfer': 0.2, 'loan.application': 0.12 }
};

/** Follow-up probabilities and delays (scenario minutes). */
export const LOAN_FLOW = {
	/** Applications that pass scoring go to review. */
	reviewShare: 0.85,
	approvalDelayMin: [5, 90] as const,
	approvedShare: 0.75,
	executionShare: 0.9,
	executionDelayMin: [10, 120] as const
};

/** Expected SERVER/CONSUMER spans per transaction, per service (channel-specific entries). */
export function visits(tx: BizTransaction, channel: Channel): Partial<Record<ServiceName, number>> {
	const bff: ServiceName = channel === 'internet' ? 'internet-banking' : 'mobile-banking';
	const front = channel === 'branch' ? {} : { 'api-gateway': 1, [bff]: 1 };
	switch (tx) {
		case 'login':
			return { ...front, auth: 1 };
		case 'balance.inquiry':
			return channel === 'internet'
				? { ...front, accounts: 1, 'product-catalogue': 1, 'core-banking': 0.02 }
				: { ...front, accounts: 1, 'core-banking': 0.02 };
		case 'account.transfer':
			return channel === 'branch'
				? { 'core-banking': 1 }
				: { ...front, transfer: 1, auth: 1, accounts: 1, 'core-banking': 1, notification: 0.98 };
		case 'deposit':
		case 'withdrawal':
			return channel === 'branch'
				? { 'core-banking': 1 }
				: { ...front, 'deposit-withdrawal': 1, accounts: 1, 'core-banking': 1, notification: 0.98 };
		case 'product.inquiry':
			return { ...front, 'product-catalogue': 1.4 };
		case 'product.subscribe':
			return { ...front, 'product-subscription': 1, 'product-catalogue': 1, 'core-banking': 1, notification: 0.95 };
		case 'loan.application':
			return channel === 'branch'
				? { 'api-gateway': 1, 'loan-application': 1, 'core-banking': 1, 'credit-scoring': 1 }
				: { ...front, 'loan-application': 1, 'core-banking': 1, 'credit-scoring': 1 };
		case 'loan.approval':
			return { 'api-gateway': 1, 'loan-application': 1, 'credit-scoring': 1 };
		case 'loan.execution':
			return { 'api-gateway': 1, 'loan-execution': 1, 'loan-application': 1, 'core-banking': 1, notification: 1 };
	}
}

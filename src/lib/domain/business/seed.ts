/**
 * Definitions every installation starts with, and a starter set for the demo bank.
 *
 * The four domains are seeded on every device with the same ids and the seed stamp
 * (docs/hlc.ts `seedHlc`), so seeding twice or on two devices creates no duplicates and
 * any user edit wins over the seed. Ids match the demo bank's `biz.domain` values.
 *
 * The demo-bank transactions map its entry spans by `biz.transaction` (see
 * src/lib/sim/README.md); real systems write their own rules in the designer.
 */
import type { BusinessDomain, BusinessTransaction, KpiDefinition } from './types';

export const seedDomains: readonly BusinessDomain[] = [
	{ id: 'lending', names: { en: 'Lending', ko: '여신' }, order: 1 },
	{ id: 'deposits', names: { en: 'Deposits', ko: '수신' }, order: 2 },
	{ id: 'ebanking', names: { en: 'E-banking', ko: '전자금융' }, order: 3 },
	{ id: 'products', names: { en: 'Product processing', ko: '상품처리' }, order: 4 }
];

function byBizTransaction(id: string, domainId: string, name: string, value: string): BusinessTransaction {
	return {
		id,
		domainId,
		name,
		spans: 'entry',
		rule: { kind: 'all', conditions: [{ kind: 'test', field: 'attr', key: 'biz.transaction', op: 'equals', value }] }
	};
}

export const demoBankTransactions: readonly BusinessTransaction[] = [
	byBizTransaction('loan-application', 'lending', 'Loan application', 'loan.application'),
	byBizTransaction('loan-approval', 'lending', 'Loan approval', 'loan.approval'),
	byBizTransaction('loan-execution', 'lending', 'Loan execution', 'loan.execution'),
	byBizTransaction('account-transfer', 'deposits', 'Account transfer', 'account.transfer'),
	byBizTransaction('deposit', 'deposits', 'Deposit', 'deposit'),
	byBizTransaction('withdrawal', 'deposits', 'Withdrawal', 'withdrawal'),
	byBizTransaction('balance-inquiry', 'deposits', 'Balance inquiry', 'balance.inquiry'),
	byBizTransaction('login', 'ebanking', 'Login', 'login'),
	byBizTransaction('product-inquiry', 'products', 'Product inquiry', 'product.inquiry'),
	byBizTransaction('product-subscribe', 'products', 'Product subscription', 'product.subscribe')
];

export const demoBankKpis: readonly KpiDefinition[] = [
	{ id: 'loan-applications', name: 'Loan applications', scope: { kind: 'transaction', transactionId: 'loan-application' }, measure: { kind: 'count' } },
	{
		id: 'transfer-amount',
		name: 'Amount transferred',
		scope: { kind: 'transaction', transactionId: 'account-transfer' },
		measure: { kind: 'sum', attr: 'biz.amount_krw' }
	},
	{
		id: 'deposits-p95',
		name: 'Deposits p95 response time',
		scope: { kind: 'domain', domainId: 'deposits' },
		measure: { kind: 'percentile', q: 0.95 },
		thresholds: { direction: 'above', warn: 800, critical: 2_000 }
	},
	{
		id: 'transfer-success',
		name: 'Transfer success ratio',
		scope: { kind: 'transaction', transactionId: 'account-transfer' },
		measure: { kind: 'success-ratio' },
		thresholds: { direction: 'below', warn: 0.99, critical: 0.95 }
	},
	{
		id: 'loan-conversion',
		name: 'Loan conversion',
		measure: { kind: 'conversion', steps: ['loan-application', 'loan-approval', 'loan-execution'], join: { by: 'attr', key: 'biz.application_id' } }
	}
];

/** Table row counts at the start of the simulation and average row size (bytes incl. overhead). */
import type { DatabaseId } from './catalogue';
import { TRANSFER_LIMIT_ROWS } from './statements';

export interface TableSize {
	table: string;
	rows: number;
	rowBytes: number;
}

export const TABLE_SIZES: Record<DatabaseId, readonly TableSize[]> = {
	'deposits-db': [
		{ table: 'account', rows: 3_850_000, rowBytes: 180 },
		{ table: 'account_balance', rows: 3_850_000, rowBytes: 96 },
		{ table: 'transfer_limit', rows: TRANSFER_LIMIT_ROWS, rowBytes: 72 },
		{ table: 'payee_registry', rows: 9_200_000, rowBytes: 140 },
		{ table: 'transfer', rows: 48_000_000, rowBytes: 210 },
		{ table: 'cash_transaction', rows: 21_000_000, rowBytes: 160 }
	],
	'products-db': [
		{ table: 'product', rows: 420, rowBytes: 900 },
		{ table: 'product_rate_tier', rows: 3_100, rowBytes: 120 },
		{ table: 'subscription', rows: 2_600_000, rowBytes: 190 }
	],
	'lending-db': [
		{ table: 'loan_application', rows: 1_450_000, rowBytes: 260 },
		{ table: 'scoring_model', rows: 36, rowBytes: 4_200 },
		{ table: 'credit_score_history', rows: 5_800_000, rowBytes: 120 },
		{ table: 'loan', rows: 820_000, rowBytes: 230 }
	],
	'auth-db': [
		{ table: 'customer_credential', rows: 2_400_000, rowBytes: 220 },
		{ table: 'login_audit', rows: 96_000_000, rowBytes: 110 }
	],
	'core-db': [
		{ table: 'CUSTOMER', rows: 2_950_000, rowBytes: 640 },
		{ table: 'ACCOUNT', rows: 6_700_000, rowBytes: 260 },
		{ table: 'LEDGER', rows: 410_000_000, rowBytes: 150 },
		{ table: 'TX_HISTORY', rows: 205_000_000, rowBytes: 170 },
		{ table: 'TX_LIMIT', rows: 2_950_000, rowBytes: 64 },
		{ table: 'FEE_SCHEDULE', rows: 1_800, rowBytes: 90 },
		{ table: 'INTEREST_RATE', rows: 14_000, rowBytes: 80 },
		{ table: 'LOAN_CONTRACT', rows: 1_100_000, rowBytes: 320 },
		{ table: 'LOAN_SCHEDULE', rows: 31_000_000, rowBytes: 96 },
		{ table: 'PRODUCT_CONTRACT', rows: 3_300_000, rowBytes: 210 },
		{ table: 'AUDIT_LOG', rows: 640_000_000, rowBytes: 130 }
	]
};

/**
 * SQL the demo bank runs. `sql` has `?` where the application binds a value; spans carry the
 * statement with literal values rendered in (db.query.text), so that masking and digest
 * linking (src/lib/domain/db/digest.ts) see what a real driver would report.
 *
 * Latencies are server time at normal load (median ms, sigma of ln); rows are per execution.
 */
import type { DatabaseId } from './catalogue';

export interface StatementDef {
	id: string;
	db: DatabaseId;
	/** db.operation.name */
	operation: string;
	/** db.collection.name (the main table) */
	table: string;
	sql: string;
	medianMs: number;
	sigma: number;
	rowsExamined: number;
	rowsReturned: number;
}

function s(
	id: string,
	db: DatabaseId,
	table: string,
	sql: string,
	medianMs: number,
	rowsExamined = 1,
	rowsReturned = 1,
	sigma = 0.45
): StatementDef {
	return { id, db, operation: sql.split(' ', 1)[0].toUpperCase(), table, sql, medianMs, sigma, rowsExamined, rowsReturned };
}

export const SQL = {
	// deposits (MySQL): accounts, transfer, deposit-withdrawal
	balance: s('deposits.balance', 'deposits-db', 'account_balance', 'SELECT account_no, balance_krw, available_krw, status FROM account_balance WHERE account_no = ?', 0.6),
	accountOwner: s('deposits.account-owner', 'deposits-db', 'account', 'SELECT account_no, customer_id, product_code, status FROM account WHERE account_no = ? AND customer_id = ?', 0.5),
	accountList: s('deposits.account-list', 'deposits-db', 'account', "SELECT account_no, product_code, balance_krw FROM account WHERE customer_id = ? AND status = 'ACTIVE' ORDER BY opened_at", 0.9, 4, 3),
	transferLimit: s('deposits.transfer-limit', 'deposits-db', 'transfer_limit', 'SELECT daily_limit_krw, used_today_krw FROM transfer_limit WHERE customer_id = ? AND limit_date = ?', 0.7),
	transferLimitUpdate: s('deposits.transfer-limit-update', 'deposits-db', 'transfer_limit', 'UPDATE transfer_limit SET used_today_krw = used_today_krw + ? WHERE customer_id = ? AND limit_date = ?', 1.1),
	payee: s('deposits.payee', 'deposits-db', 'payee_registry', 'SELECT payee_name, bank_code FROM payee_registry WHERE account_no = ?', 0.5),
	transferInsert: s('deposits.transfer-insert', 'deposits-db', 'transfer', 'INSERT INTO transfer (transfer_id, from_account, to_account, amount_krw, status, requested_at) VALUES (?, ?, ?, ?, ?, ?)', 1.4, 0, 0),
	transferComplete: s('deposits.transfer-complete', 'deposits-db', 'transfer', 'UPDATE transfer SET status = ?, completed_at = ? WHERE transfer_id = ?', 1.0, 1, 0),
	cashInsert: s('deposits.cash-insert', 'deposits-db', 'cash_transaction', 'INSERT INTO cash_transaction (tx_id, account_no, tx_type, amount_krw, channel, created_at) VALUES (?, ?, ?, ?, ?, ?)', 1.3, 0, 0),

	// products (MySQL): product-catalogue, product-subscription
	productList: s('products.list', 'products-db', 'product', 'SELECT product_code, name, category, base_rate_bp FROM product WHERE category = ? AND on_sale = 1 ORDER BY display_order LIMIT 20', 1.6, 60, 12),
	productDetail: s('products.detail', 'products-db', 'product', 'SELECT p.product_code, p.name, p.base_rate_bp, t.term_months, t.rate_bp FROM product p JOIN product_rate_tier t ON t.product_code = p.product_code WHERE p.product_code = ?', 1.2, 8, 4),
	subscriptionCount: s('products.subscription-count', 'products-db', 'subscription', 'SELECT COUNT(*) FROM subscription WHERE customer_id = ? AND product_code = ?', 0.8, 3, 1),
	subscriptionInsert: s('products.subscription-insert', 'products-db', 'subscription', 'INSERT INTO subscription (subscription_id, customer_id, product_code, amount_krw, channel, created_at) VALUES (?, ?, ?, ?, ?, ?)', 1.5, 0, 0),

	// lending (PostgreSQL): loan-application, credit-scoring, loan-execution
	applicationInsert: s('lending.application-insert', 'lending-db', 'loan_application', 'INSERT INTO loan_application (application_id, customer_id, product_code, amount_krw, term_months, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', 1.6, 0, 0),
	applicationSelect: s('lending.application', 'lending-db', 'loan_application', 'SELECT application_id, customer_id, amount_krw, status, score FROM loan_application WHERE application_id = ?', 0.7),
	applicationDecide: s('lending.application-decide', 'lending-db', 'loan_application', 'UPDATE loan_application SET status = ?, decided_at = ? WHERE application_id = ?', 1.2, 1, 0),
	scoringModel: s('lending.scoring-model', 'lending-db', 'scoring_model', 'SELECT model_version, cutoff_score, weights FROM scoring_model WHERE product_code = ? AND active = true', 0.9, 3, 1),
	scoreHistory: s('lending.score-history', 'lending-db', 'credit_score_history', 'SELECT score, grade, scored_at FROM credit_score_history WHERE customer_id = ? ORDER BY scored_at DESC LIMIT 5', 1.4, 5, 5),
	scoreInsert: s('lending.score-insert', 'lending-db', 'credit_score_history', 'INSERT INTO credit_score_history (customer_id, application_id, score, grade, bureau_ref, scored_at) VALUES (?, ?, ?, ?, ?, ?)', 1.3, 0, 0),
	loanInsert: s('lending.loan-insert', 'lending-db', 'loan', 'INSERT INTO loan (loan_id, application_id, principal_krw, rate_bp, start_date) VALUES (?, ?, ?, ?, ?)', 1.5, 0, 0),

	// auth (PostgreSQL)
	credential: s('auth.credential', 'auth-db', 'customer_credential', 'SELECT customer_id, password_hash, failed_attempts, locked FROM customer_credential WHERE login_id = ?', 0.6),
	loginUpdate: s('auth.login-update', 'auth-db', 'customer_credential', 'UPDATE customer_credential SET last_login_at = ?, failed_attempts = 0 WHERE customer_id = ?', 1.0, 1, 0),
	loginAudit: s('auth.login-audit', 'auth-db', 'login_audit', 'INSERT INTO login_audit (customer_id, channel, client_ip, success, at) VALUES (?, ?, ?, ?, ?)', 0.9, 0, 0),

	// core banking (PostgreSQL, legacy upper-case schema shared by every business context)
	customer: s('core.customer', 'core-db', 'CUSTOMER', 'SELECT CUST_NO, CUST_NM, BIRTH_DT, GRADE_CD, RISK_CD FROM CUSTOMER WHERE CUST_NO = ?', 0.5),
	accountLock: s('core.account-lock', 'core-db', 'ACCOUNT', 'SELECT ACCT_NO, BAL_AMT, HOLD_AMT, STAT_CD FROM ACCOUNT WHERE ACCT_NO = ? FOR UPDATE', 0.8),
	accountUpdate: s('core.account-update', 'core-db', 'ACCOUNT', 'UPDATE ACCOUNT SET BAL_AMT = BAL_AMT + ?, LAST_TX_DT = ? WHERE ACCT_NO = ?', 0.9, 1, 0),
	accountSelect: s('core.account', 'core-db', 'ACCOUNT', 'SELECT ACCT_NO, BAL_AMT, HOLD_AMT, STAT_CD FROM ACCOUNT WHERE ACCT_NO = ?', 0.4),
	accountsOfCustomer: s('core.accounts-of-customer', 'core-db', 'ACCOUNT', 'SELECT ACCT_NO, PROD_CD, BAL_AMT FROM ACCOUNT WHERE CUST_NO = ?', 0.7, 4, 3),
	accountInsert: s('core.account-insert', 'core-db', 'ACCOUNT', 'INSERT INTO ACCOUNT (ACCT_NO, CUST_NO, PROD_CD, BAL_AMT, STAT_CD, OPEN_DT) VALUES (?, ?, ?, ?, ?, ?)', 1.1, 0, 0),
	ledgerInsert: s('core.ledger-insert', 'core-db', 'LEDGER', 'INSERT INTO LEDGER (LEDGER_SEQ, ACCT_NO, TX_DT, DR_CR_CD, AMT, BAL_AFTER, TX_CD) VALUES (?, ?, ?, ?, ?, ?, ?)', 1.0, 0, 0),
	ledgerSeq: s('core.ledger-seq', 'core-db', 'LEDGER_SEQ', "SELECT nextval('LEDGER_SEQ')", 0.2, 1, 1, 0.3),
	historyInsert: s('core.history-insert', 'core-db', 'TX_HISTORY', 'INSERT INTO TX_HISTORY (TX_ID, ACCT_NO, TX_DT, TX_CD, AMT, BAL_AFTER, CHANNEL_CD) VALUES (?, ?, ?, ?, ?, ?, ?)', 0.9, 0, 0),
	historyRecent: s('core.history-recent', 'core-db', 'TX_HISTORY', 'SELECT TX_DT, TX_CD, AMT, BAL_AFTER FROM TX_HISTORY WHERE ACCT_NO = ? ORDER BY TX_DT DESC LIMIT 20', 2.2, 20, 20),
	limitLock: s('core.limit-lock', 'core-db', 'TX_LIMIT', 'SELECT DAY_LMT_AMT, DAY_USED_AMT FROM TX_LIMIT WHERE CUST_NO = ? FOR UPDATE', 0.6),
	limitUpdate: s('core.limit-update', 'core-db', 'TX_LIMIT', 'UPDATE TX_LIMIT SET DAY_USED_AMT = DAY_USED_AMT + ? WHERE CUST_NO = ?', 0.7, 1, 0),
	fee: s('core.fee', 'core-db', 'FEE_SCHEDULE', 'SELECT FEE_AMT FROM FEE_SCHEDULE WHERE TX_CD = ? AND CHANNEL_CD = ? AND GRADE_CD = ?', 0.4),
	interestRate: s('core.interest-rate', 'core-db', 'INTEREST_RATE', 'SELECT RATE_BP FROM INTEREST_RATE WHERE PROD_CD = ? AND APPLY_DT <= ? ORDER BY APPLY_DT DESC LIMIT 1', 0.6, 6, 1),
	loanContractInsert: s('core.loan-contract-insert', 'core-db', 'LOAN_CONTRACT', 'INSERT INTO LOAN_CONTRACT (CONTRACT_NO, CUST_NO, ACCT_NO, PRIN_AMT, RATE_BP, TERM_MM, START_DT) VALUES (?, ?, ?, ?, ?, ?, ?)', 1.2, 0, 0),
	loanContractsOfCustomer: s('core.loan-contracts-of-customer', 'core-db', 'LOAN_CONTRACT', 'SELECT CONTRACT_NO, PRIN_AMT, BAL_AMT, STAT_CD FROM LOAN_CONTRACT WHERE CUST_NO = ?', 0.8, 3, 1),
	loanScheduleInsert: s('core.loan-schedule-insert', 'core-db', 'LOAN_SCHEDULE', 'INSERT INTO LOAN_SCHEDULE (CONTRACT_NO, INST_NO, DUE_DT, PRIN_AMT, INT_AMT) VALUES (?, ?, ?, ?, ?)', 0.5, 0, 0),
	productContractInsert: s('core.product-contract-insert', 'core-db', 'PRODUCT_CONTRACT', 'INSERT INTO PRODUCT_CONTRACT (CONTRACT_NO, CUST_NO, ACCT_NO, PROD_CD, MONTHLY_AMT, START_DT) VALUES (?, ?, ?, ?, ?, ?)', 1.1, 0, 0),
	auditInsert: s('core.audit-insert', 'core-db', 'AUDIT_LOG', 'INSERT INTO AUDIT_LOG (AUDIT_ID, TX_CD, ACTOR_ID, TARGET_ID, CREATED_AT) VALUES (?, ?, ?, ?, ?)', 0.6, 0, 0)
} as const satisfies Record<string, StatementDef>;

export type StatementKey = keyof typeof SQL;

/** The statement the scripted slow-SQL incident degrades, and its table's row count. */
export const SLOW_SQL_STATEMENT = SQL.transferLimit;
export const TRANSFER_LIMIT_ROWS = 1_240_000;

export type SqlValue = string | number;

/** Binds values into `?` placeholders the way a driver's statement log shows them. */
export function renderSql(sql: string, values: readonly SqlValue[]): string {
	let i = 0;
	return sql.replace(/\?/g, () => {
		const v = values[i++];
		if (v === undefined) return 'NULL';
		return typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`;
	});
}

export function statementsOf(db: DatabaseId): StatementDef[] {
	return Object.values(SQL).filter((st) => st.db === db);
}

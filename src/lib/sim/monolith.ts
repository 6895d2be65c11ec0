/**
 * The legacy core-banking monolith, instrumented at class and method level (the Java agent's
 * method instrumentation: INTERNAL spans with code.namespace / code.function). 33 classes in
 * controller → service → DAO layers. Several business contexts share the CUSTOMER, ACCOUNT
 * and LEDGER tables; the repayment schedule is written row by row (an N+1 pattern).
 */
import { SQL, type SqlValue, type StatementDef } from './statements';
import { query } from './clients';
import type { Ctx } from './trace';

const PKG = 'com.meridianbank.cbs';

export const MONOLITH_CLASSES = {
	TellerController: `${PKG}.web.TellerController`,
	TransferController: `${PKG}.web.TransferController`,
	DepositController: `${PKG}.web.DepositController`,
	AccountInquiryController: `${PKG}.web.AccountInquiryController`,
	CustomerController: `${PKG}.web.CustomerController`,
	LoanDisbursementController: `${PKG}.web.LoanDisbursementController`,
	ProductAccountController: `${PKG}.web.ProductAccountController`,
	TransferService: `${PKG}.transfer.TransferService`,
	DepositService: `${PKG}.deposit.DepositService`,
	WithdrawalService: `${PKG}.deposit.WithdrawalService`,
	AccountService: `${PKG}.account.AccountService`,
	LedgerService: `${PKG}.ledger.LedgerService`,
	CustomerService: `${PKG}.customer.CustomerService`,
	LimitService: `${PKG}.transfer.LimitService`,
	FeeService: `${PKG}.fee.FeeService`,
	InterestService: `${PKG}.product.InterestService`,
	LoanDisbursementService: `${PKG}.loan.LoanDisbursementService`,
	RepaymentScheduleService: `${PKG}.loan.RepaymentScheduleService`,
	ProductAccountService: `${PKG}.product.ProductAccountService`,
	AuditService: `${PKG}.audit.AuditService`,
	AccountDao: `${PKG}.account.dao.AccountDao`,
	LedgerDao: `${PKG}.ledger.dao.LedgerDao`,
	CustomerDao: `${PKG}.customer.dao.CustomerDao`,
	TxHistoryDao: `${PKG}.ledger.dao.TxHistoryDao`,
	TxLimitDao: `${PKG}.transfer.dao.TxLimitDao`,
	FeeScheduleDao: `${PKG}.fee.dao.FeeScheduleDao`,
	InterestRateDao: `${PKG}.product.dao.InterestRateDao`,
	LoanContractDao: `${PKG}.loan.dao.LoanContractDao`,
	LoanScheduleDao: `${PKG}.loan.dao.LoanScheduleDao`,
	ProductContractDao: `${PKG}.product.dao.ProductContractDao`,
	AuditLogDao: `${PKG}.audit.dao.AuditLogDao`,
	SequenceGenerator: `${PKG}.common.SequenceGenerator`,
	BusinessDayCalendar: `${PKG}.common.BusinessDayCalendar`
} as const;
export type MonolithClass = keyof typeof MONOLITH_CLASSES;

export interface Posting {
	customerId: number;
	accountNo: string;
	counterAccountNo?: string;
	amountKrw: number;
	/** IB internet, MB mobile, BR branch. */
	channelCode: 'IB' | 'MB' | 'BR';
	productCode?: string;
	termMonths?: number;
	contractNo?: string;
}

/** One method execution: an INTERNAL span; `selfMs` is the method's own median time. */
function method(c: Ctx, cls: MonolithClass, fn: string, body?: (m: Ctx) => void, selfMs = 0.12): void {
	const fqcn = MONOLITH_CLASSES[cls];
	c.internal(
		`${cls}.${fn}`,
		{ 'code.namespace': fqcn, 'code.function': fn, 'code.function.name': `${fqcn}.${fn}` },
		(m) => {
			m.work(selfMs / 2, 0.4);
			body?.(m);
			m.work(selfMs / 2, 0.4);
		},
		'io.opentelemetry.methods'
	);
}

function dao(c: Ctx, cls: MonolithClass, fn: string, st: StatementDef, values: readonly SqlValue[]): void {
	method(c, cls, fn, (m) => void query(m, st, values), 0.05);
}

export function kstDate(ms: number): string {
	return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

export function kstTimestamp(ms: number): string {
	return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function seqValue(c: Ctx): number {
	return 9_000_000_000 + c.env.prng.int(900_000_000);
}

function getCustomer(c: Ctx, p: Posting): void {
	method(c, 'CustomerService', 'getCustomer', (m) => dao(m, 'CustomerDao', 'selectById', SQL.customer, [p.customerId]));
}

function moveBalance(c: Ctx, fn: 'debit' | 'credit', accountNo: string, delta: number): void {
	method(c, 'AccountService', fn, (m) => {
		dao(m, 'AccountDao', 'selectForUpdate', SQL.accountLock, [accountNo]);
		dao(m, 'AccountDao', 'updateBalance', SQL.accountUpdate, [delta, kstTimestamp(m.t), accountNo]);
	});
}

function post(c: Ctx, p: Posting, txCode: string, entries: { accountNo: string; drCr: 'D' | 'C'; amount: number }[]): void {
	method(c, 'LedgerService', 'post', (m) => {
		for (const e of entries) {
			const seq = seqValue(m);
			method(m, 'SequenceGenerator', 'next', (g) => void query(g, SQL.ledgerSeq, []), 0.03);
			dao(m, 'LedgerDao', 'insert', SQL.ledgerInsert, [seq, e.accountNo, kstDate(m.t), e.drCr, e.amount, 1_000_000 + m.env.prng.int(90_000_000), txCode]);
		}
		dao(m, 'TxHistoryDao', 'insert', SQL.historyInsert, [`TX${seqValue(m)}`, p.accountNo, kstTimestamp(m.t), txCode, p.amountKrw, 1_000_000 + m.env.prng.int(90_000_000), p.channelCode]);
	});
}

function audit(c: Ctx, p: Posting, txCode: string): void {
	method(c, 'AuditService', 'record', (m) => dao(m, 'AuditLogDao', 'insert', SQL.auditInsert, [`AU${seqValue(m)}`, txCode, `CH-${p.channelCode}`, p.accountNo, kstTimestamp(m.t)]));
}

function fee(c: Ctx, p: Posting, txCode: string): void {
	method(c, 'FeeService', 'calculateFee', (m) => dao(m, 'FeeScheduleDao', 'select', SQL.fee, [txCode, p.channelCode, 'G2']));
}

/** Account transfer posting (called by the transfer service and by branch tellers). */
export function transferPosting(c: Ctx, p: Posting, entry: 'TransferController' | 'TellerController'): void {
	method(c, entry, 'transfer', (ctl) =>
		method(ctl, 'TransferService', 'execute', (s) => {
			method(s, 'LimitService', 'checkDailyLimit', (l) => {
				dao(l, 'TxLimitDao', 'selectForUpdate', SQL.limitLock, [p.customerId]);
				dao(l, 'TxLimitDao', 'addUsage', SQL.limitUpdate, [p.amountKrw, p.customerId]);
			});
			getCustomer(s, p);
			moveBalance(s, 'debit', p.accountNo, -p.amountKrw);
			moveBalance(s, 'credit', p.counterAccountNo ?? p.accountNo, p.amountKrw);
			fee(s, p, 'TRF');
			post(s, p, 'TRF', [
				{ accountNo: p.accountNo, drCr: 'D', amount: p.amountKrw },
				{ accountNo: p.counterAccountNo ?? p.accountNo, drCr: 'C', amount: p.amountKrw }
			]);
			audit(s, p, 'TRF');
		}, 0.3)
	);
}

/** Cash deposit or withdrawal posting. */
export function cashPosting(c: Ctx, p: Posting, kind: 'deposit' | 'withdraw', entry: 'DepositController' | 'TellerController'): void {
	const txCode = kind === 'deposit' ? 'DEP' : 'WDR';
	method(c, entry, kind, (ctl) =>
		method(ctl, kind === 'deposit' ? 'DepositService' : 'WithdrawalService', kind, (s) => {
			getCustomer(s, p);
			if (kind === 'withdraw') {
				method(s, 'LimitService', 'checkDailyLimit', (l) => dao(l, 'TxLimitDao', 'selectForUpdate', SQL.limitLock, [p.customerId]));
				fee(s, p, txCode);
			}
			moveBalance(s, kind === 'deposit' ? 'credit' : 'debit', p.accountNo, kind === 'deposit' ? p.amountKrw : -p.amountKrw);
			post(s, p, txCode, [{ accountNo: p.accountNo, drCr: kind === 'deposit' ? 'C' : 'D', amount: p.amountKrw }]);
			audit(s, p, txCode);
		}, 0.25)
	);
}

export function balanceInquiry(c: Ctx, p: Posting): void {
	method(c, 'AccountInquiryController', 'getBalance', (ctl) =>
		method(ctl, 'AccountService', 'getBalance', (s) => {
			dao(s, 'AccountDao', 'selectById', SQL.accountSelect, [p.accountNo]);
			dao(s, 'TxHistoryDao', 'selectRecent', SQL.historyRecent, [p.accountNo]);
		})
	);
}

export function customerProfile(c: Ctx, p: Posting): void {
	method(c, 'CustomerController', 'getProfile', (ctl) =>
		method(ctl, 'CustomerService', 'getProfile', (s) => {
			dao(s, 'CustomerDao', 'selectById', SQL.customer, [p.customerId]);
			dao(s, 'AccountDao', 'selectByCustomer', SQL.accountsOfCustomer, [p.customerId]);
			dao(s, 'LoanContractDao', 'selectByCustomer', SQL.loanContractsOfCustomer, [p.customerId]);
		}, 0.4)
	);
}

/** Loan disbursement: contract, a repayment schedule written one instalment at a time, credit, ledger. */
export function loanDisbursement(c: Ctx, p: Posting): void {
	const term = p.termMonths ?? 12;
	method(c, 'LoanDisbursementController', 'disburse', (ctl) =>
		method(ctl, 'LoanDisbursementService', 'disburse', (s) => {
			getCustomer(s, p);
			method(s, 'InterestService', 'rateFor', (r) => dao(r, 'InterestRateDao', 'selectCurrent', SQL.interestRate, [p.productCode ?? 'LOAN-CREDIT', kstDate(r.t)]));
			dao(s, 'LoanContractDao', 'insert', SQL.loanContractInsert, [p.contractNo ?? 'LC0', p.customerId, p.accountNo, p.amountKrw, 450 + s.env.prng.int(300), term, kstDate(s.t)]);
			method(s, 'RepaymentScheduleService', 'generate', (g) => {
				const instalment = Math.round(p.amountKrw / term);
				for (let i = 1; i <= term; i++) {
					method(g, 'BusinessDayCalendar', 'nextBusinessDay', undefined, 0.04);
					dao(g, 'LoanScheduleDao', 'insert', SQL.loanScheduleInsert, [p.contractNo ?? 'LC0', i, kstDate(g.t + i * 30 * 86_400_000), instalment, Math.round(instalment * 0.04)]);
				}
			}, 0.5);
			moveBalance(s, 'credit', p.accountNo, p.amountKrw);
			post(s, p, 'LND', [{ accountNo: p.accountNo, drCr: 'C', amount: p.amountKrw }]);
			audit(s, p, 'LND');
		}, 0.4)
	);
}

/** Opening the account behind a deposit or savings product subscription. */
export function productAccountOpening(c: Ctx, p: Posting): void {
	method(c, 'ProductAccountController', 'open', (ctl) =>
		method(ctl, 'ProductAccountService', 'open', (s) => {
			getCustomer(s, p);
			method(s, 'AccountService', 'openAccount', (a) => {
				method(a, 'SequenceGenerator', 'nextAccountNo', (g) => void query(g, SQL.ledgerSeq, []), 0.03);
				dao(a, 'AccountDao', 'insert', SQL.accountInsert, [p.accountNo, p.customerId, p.productCode ?? 'DEP-FREE-SAVINGS', 0, 'ACT', kstDate(a.t)]);
			});
			method(s, 'InterestService', 'rateFor', (r) => dao(r, 'InterestRateDao', 'selectCurrent', SQL.interestRate, [p.productCode ?? 'DEP-FREE-SAVINGS', kstDate(r.t)]));
			dao(s, 'ProductContractDao', 'insert', SQL.productContractInsert, [p.contractNo ?? 'PC0', p.customerId, p.accountNo, p.productCode ?? 'DEP-FREE-SAVINGS', p.amountKrw, kstDate(s.t)]);
			audit(s, p, 'PRD');
		}, 0.3)
	);
}

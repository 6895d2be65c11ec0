/** E-banking flows: login and balance inquiry. */
import { cache, query } from '../clients';
import { httpCall } from '../calls';
import { kstTimestamp, balanceInquiry as coreBalanceInquiry } from '../monolith';
import { SQL } from '../statements';
import { parallel, type Ctx, type TraceEnv } from '../trace';
import { channelRequest, setOutcome } from './entry';
import type { BizRequest } from './request';

/** Share of logins with a wrong password (HTTP 401, biz.outcome declined). */
const WRONG_PASSWORD = 0.03;

export function login(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	return channelRequest(env, startMs, req, 'POST', '/api/auth/login', '/api/auth/login', (bff) => {
		bff.httpStatus = httpCall(bff, 'auth', { method: 'POST', route: '/auth/login', path: '/auth/login' }, (a) => {
			a.work(0.8);
			if (!query(a, SQL.credential, [`user${req.customerId}`])) {
				a.httpStatus = 503;
				return;
			}
			// Password hash verification is deliberately slow (bcrypt cost 10).
			a.work(42, 0.12);
			if (a.env.prng.chance(WRONG_PASSWORD)) {
				query(a, SQL.loginAudit, [req.customerId, req.channel, '10.20.0.1', 'false', kstTimestamp(a.t)]);
				a.httpStatus = 401;
				setOutcome(a, 'declined');
				return;
			}
			query(a, SQL.loginUpdate, [kstTimestamp(a.t), req.customerId]);
			query(a, SQL.loginAudit, [req.customerId, req.channel, '10.20.0.1', 'true', kstTimestamp(a.t)]);
			cache(a, 'SET', `session:${req.customerId}`);
			a.work(0.5);
			a.httpStatus = 200;
		});
	});
}

function accountsBalance(c: Ctx, req: BizRequest): number {
	return httpCall(c, 'accounts', { method: 'GET', route: '/accounts/{accountNo}/balance', path: `/accounts/${req.accountNo}/balance` }, (acc) => {
		acc.work(0.5);
		const hit = cache(acc, 'GET', `balance:${req.accountNo}`, 0.8);
		if (!hit) {
			if (!query(acc, SQL.balance, [req.accountNo])) {
				acc.httpStatus = 503;
				return;
			}
			// Accounts flagged for reconciliation read the ledger balance from core banking.
			if (acc.env.prng.chance(0.1)) {
				acc.httpStatus = httpCall(acc, 'core-banking', { method: 'GET', route: '/cbs/v1/accounts/{acctNo}/balance', path: `/cbs/v1/accounts/${req.accountNo}/balance` }, (cbs) => {
					coreBalanceInquiry(cbs, { customerId: req.customerId, accountNo: req.accountNo, amountKrw: 0, channelCode: 'MB' });
				});
				if (acc.httpStatus >= 500) return;
			}
			cache(acc, 'SET', `balance:${req.accountNo}`);
		}
		acc.work(0.4);
		acc.httpStatus = 200;
	});
}

export function balanceInquiry(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	if (req.channel === 'internet') {
		// The internet-banking dashboard loads balances and product offers side by side.
		return channelRequest(env, startMs, req, 'GET', '/api/dashboard', '/api/dashboard', (bff) => {
			let balanceStatus = 200;
			parallel(bff, [
				(c) => void (balanceStatus = accountsBalance(c, req)),
				(c) => {
					httpCall(c, 'product-catalogue', { method: 'GET', route: '/products/recommended', path: `/products/recommended?segment=${req.segment}` }, (pc) => {
						pc.work(0.8);
						if (!cache(pc, 'GET', `recommended:${req.segment}`, 0.95)) query(pc, SQL.productList, ['savings']);
						pc.work(0.5);
					});
				}
			]);
			bff.httpStatus = balanceStatus;
		});
	}
	return channelRequest(env, startMs, req, 'GET', '/api/accounts/{accountNo}/balance', `/api/accounts/${req.accountNo}/balance`, (bff) => {
		bff.httpStatus = accountsBalance(bff, req);
	});
}

/** Deposits flows: account transfer, deposit and withdrawal (online and at the branch). */
import { cache, query } from '../clients';
import { httpCall } from '../calls';
import { cashPosting, kstDate, kstTimestamp, transferPosting, type Posting } from '../monolith';
import { SQL } from '../statements';
import type { Ctx, TraceEnv } from '../trace';
import { channelRequest, entry, setOutcome } from './entry';
import { notify } from './notification';
import type { BizRequest } from './request';

/** Transfers declined for insufficient funds or limit (HTTP 422). */
const DECLINED = 0.025;

function posting(req: BizRequest): Posting {
	return {
		customerId: req.customerId,
		accountNo: req.accountNo,
		counterAccountNo: req.counterAccountNo,
		amountKrw: req.amountKrw ?? 0,
		channelCode: req.channel === 'internet' ? 'IB' : req.channel === 'mobile' ? 'MB' : 'BR'
	};
}

function ownerCheck(c: Ctx, req: BizRequest): number {
	return httpCall(c, 'accounts', { method: 'GET', route: '/accounts/{accountNo}/owner', path: `/accounts/${req.accountNo}/owner?customerId=${req.customerId}` }, (acc) => {
		acc.work(0.4);
		acc.httpStatus = query(acc, SQL.accountOwner, [req.accountNo, req.customerId]) ? 200 : 503;
	});
}

function transferService(t: Ctx, req: BizRequest): void {
	const id = `TR${kstDate(t.t).replace(/-/g, '')}${String(t.env.prng.int(10_000_000)).padStart(7, '0')}`;
	t.work(2.5);
	const otp = httpCall(t, 'auth', { method: 'POST', route: '/auth/otp/verify', path: '/auth/otp/verify' }, (a) => {
		a.work(0.6);
		cache(a, 'GET', `otp:${req.customerId}`, 1);
		a.work(0.3);
	});
	if (otp >= 400) {
		t.httpStatus = otp >= 500 ? 502 : otp;
		return;
	}
	const owner = ownerCheck(t, req);
	if (owner >= 400) {
		t.httpStatus = 502;
		return;
	}
	query(t, SQL.payee, [req.counterAccountNo]);
	const today = kstDate(t.t);
	if (!query(t, SQL.transferLimit, [req.customerId, today])) {
		t.httpStatus = 500;
		return;
	}
	if (t.env.prng.chance(DECLINED)) {
		t.work(0.3);
		t.httpStatus = 422;
		setOutcome(t, 'declined');
		t.log('info', `Transfer ${id} declined: daily limit or balance insufficient`, { 'biz.transfer_id': id });
		return;
	}
	query(t, SQL.transferInsert, [id, req.accountNo, req.counterAccountNo, req.amountKrw ?? 0, 'REQUESTED', kstTimestamp(t.t)]);
	const core = httpCall(t, 'core-banking', { method: 'POST', route: '/cbs/v1/transfers', path: '/cbs/v1/transfers' }, (cbs) => {
		transferPosting(cbs, posting(req), 'TransferController');
		cbs.httpStatus = 200;
	});
	if (core >= 400) {
		query(t, SQL.transferComplete, ['FAILED', kstTimestamp(t.t), id]);
		t.httpStatus = 502;
		t.log('error', `Transfer ${id} failed: core banking answered HTTP ${core}`, { 'biz.transfer_id': id });
		return;
	}
	query(t, SQL.transferLimitUpdate, [req.amountKrw ?? 0, req.customerId, today]);
	query(t, SQL.transferComplete, ['COMPLETED', kstTimestamp(t.t), id]);
	cache(t, 'DEL', `balance:${req.accountNo}`);
	notify(t, req, 'TRANSFER_COMPLETED');
	t.work(0.5);
	t.httpStatus = 201;
	if (t.env.prng.chance(0.05)) t.log('info', `Transfer ${id} completed`, { 'biz.transfer_id': id });
}

export function accountTransfer(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	if (req.channel === 'branch') {
		return entry(env, startMs, req, 'core-banking', { method: 'POST', route: '/cbs/v1/teller/transfers', path: '/cbs/v1/teller/transfers' }, (cbs) => {
			transferPosting(cbs, posting(req), 'TellerController');
			cbs.httpStatus = 200;
		});
	}
	return channelRequest(env, startMs, req, 'POST', '/api/transfers', '/api/transfers', (bff) => {
		bff.httpStatus = httpCall(bff, 'transfer', { method: 'POST', route: '/transfers', path: '/transfers' }, (t) => transferService(t, req));
	});
}

export function cash(env: TraceEnv, startMs: number, req: BizRequest, kind: 'deposit' | 'withdraw'): boolean {
	const plural = kind === 'deposit' ? 'deposits' : 'withdrawals';
	if (req.channel === 'branch') {
		return entry(env, startMs, req, 'core-banking', { method: 'POST', route: `/cbs/v1/teller/${plural}`, path: `/cbs/v1/teller/${plural}` }, (cbs) => {
			cashPosting(cbs, posting(req), kind, 'TellerController');
			cbs.httpStatus = 200;
		});
	}
	return channelRequest(env, startMs, req, 'POST', `/api/${plural}`, `/api/${plural}`, (bff) => {
		bff.httpStatus = httpCall(bff, 'deposit-withdrawal', { method: 'POST', route: `/cash/${plural}`, path: `/cash/${plural}` }, (dw) => {
			dw.work(0.7);
			if (ownerCheck(dw, req) >= 400) {
				dw.httpStatus = 502;
				return;
			}
			// A shortcut from before the split: withdrawals read the accounts service's balance table directly.
			if (kind === 'withdraw') query(dw, SQL.balance, [req.accountNo]);
			const core = httpCall(dw, 'core-banking', { method: 'POST', route: `/cbs/v1/${plural}`, path: `/cbs/v1/${plural}` }, (cbs) => {
				cashPosting(cbs, posting(req), kind, 'DepositController');
				cbs.httpStatus = 200;
			});
			if (core >= 400) {
				dw.httpStatus = 502;
				return;
			}
			query(dw, SQL.cashInsert, [`CT${dw.env.prng.hex(10)}`, req.accountNo, kind === 'deposit' ? 'DEP' : 'WDR', req.amountKrw ?? 0, req.channel, kstTimestamp(dw.t)]);
			notify(dw, req, kind === 'deposit' ? 'DEPOSIT_COMPLETED' : 'WITHDRAWAL_COMPLETED');
			dw.work(0.4);
			dw.httpStatus = 201;
		});
	});
}

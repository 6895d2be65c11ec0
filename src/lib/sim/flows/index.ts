import type { TraceEnv } from '../trace';
import { accountTransfer, cash } from './deposits';
import { balanceInquiry, login } from './ebanking';
import { loanApplication, loanApproval, loanExecution } from './lending';
import { productInquiry, productSubscribe } from './products';
import type { BizRequest } from './request';

/** Generates one business transaction's trace; false when no entry instance could take it. */
export function runTransaction(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	switch (req.tx) {
		case 'login':
			return login(env, startMs, req);
		case 'balance.inquiry':
			return balanceInquiry(env, startMs, req);
		case 'account.transfer':
			return accountTransfer(env, startMs, req);
		case 'deposit':
			return cash(env, startMs, req, 'deposit');
		case 'withdrawal':
			return cash(env, startMs, req, 'withdraw');
		case 'product.inquiry':
			return productInquiry(env, startMs, req);
		case 'product.subscribe':
			return productSubscribe(env, startMs, req);
		case 'loan.application':
			return loanApplication(env, startMs, req);
		case 'loan.approval':
			return loanApproval(env, startMs, req);
		case 'loan.execution':
			return loanExecution(env, startMs, req);
	}
}

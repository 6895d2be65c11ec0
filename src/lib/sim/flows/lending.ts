/**
 * Lending flows: application (scored with the external credit bureau behind a circuit
 * breaker), then, for most applications, approval in the back office, then execution.
 */
import { CREDIT_BUREAU, type ServiceName } from '../catalogue';
import { externalCall, query } from '../clients';
import { httpCall, serverError, type HttpRoute } from '../calls';
import { customerProfile, kstDate, kstTimestamp, loanDisbursement } from '../monolith';
import { SQL } from '../statements';
import { LOAN_FLOW } from '../transactions';
import type { Ctx, TraceEnv } from '../trace';
import { channelRequest, entry, gatewayForward, setOutcome } from './entry';
import { notify } from './notification';
import type { BizRequest } from './request';

export const BREAKER_NAME = 'creditBureau';
const MINUTE_MS = 60_000;

/** credit-scoring: POST /scores, with the bureau call guarded by the breaker. */
function score(c: Ctx, req: BizRequest): number {
	return httpCall(c, 'credit-scoring', { method: 'POST', route: '/scores', path: '/scores' }, (s) => {
		s.work(0.8);
		query(s, SQL.scoringModel, [req.product ?? 'LOAN-CREDIT']);
		query(s, SQL.scoreHistory, [req.customerId]);
		const breaker = s.env.breaker(s.instance, BREAKER_NAME);
		const acquired = breaker.tryAcquire(s.env.scenarioAt(s.t));
		if (acquired.transition) breakerEvent(s, acquired.transition.from, acquired.transition.to);
		s.set({ 'circuit_breaker.name': BREAKER_NAME, 'circuit_breaker.state': breaker.state });
		if (!acquired.permitted) {
			s.work(0.2);
			s.fail('io.github.resilience4j.circuitbreaker.CallNotPermittedException', `CircuitBreaker '${BREAKER_NAME}' is OPEN and does not permit further calls`, 503);
			s.event('circuit_breaker.rejected', { 'circuit_breaker.name': BREAKER_NAME, 'circuit_breaker.state': breaker.state });
			return;
		}
		const result = externalCall(s, CREDIT_BUREAU, { method: 'POST', route: '/v2/credit-reports', path: '/v2/credit-reports' });
		const ok = !result.timedOut && (result.status ?? 500) < 500;
		const transition = breaker.record(ok, s.env.scenarioAt(s.t));
		if (transition) breakerEvent(s, transition.from, transition.to);
		if (!ok) {
			serverError(s, result.timedOut ? 'java.net.http.HttpTimeoutException' : 'org.springframework.web.client.HttpServerErrorException', result.timedOut ? `credit bureau did not answer within ${CREDIT_BUREAU.timeoutMs} ms` : `credit bureau answered HTTP ${result.status}`);
			s.httpStatus = result.timedOut ? 504 : 502;
			return;
		}
		s.work(6, 0.4);
		query(s, SQL.scoreInsert, [req.customerId, req.applicationId ?? '', 400 + s.env.prng.int(500), 'B', `KCB${s.env.prng.hex(8)}`, kstTimestamp(s.t)]);
		s.httpStatus = 200;
	});
}

function breakerEvent(s: Ctx, from: string, to: string): void {
	s.event('circuit_breaker.state_change', { 'circuit_breaker.name': BREAKER_NAME, 'circuit_breaker.from': from, 'circuit_breaker.to': to });
	s.log(to === 'open' ? 'warn' : 'info', `CircuitBreaker '${BREAKER_NAME}' changed state from ${from.toUpperCase()} to ${to.toUpperCase()}`, {
		'circuit_breaker.name': BREAKER_NAME,
		'circuit_breaker.state': to
	});
}

function applicationService(a: Ctx, req: BizRequest): void {
	a.work(1);
	const profile = httpCall(a, 'core-banking', { method: 'GET', route: '/cbs/v1/customers/{custNo}/profile', path: `/cbs/v1/customers/${req.customerId}/profile` }, (cbs) => {
		customerProfile(cbs, { customerId: req.customerId, accountNo: req.accountNo, amountKrw: 0, channelCode: 'MB' });
	});
	if (profile >= 500) {
		a.httpStatus = 502;
		return;
	}
	const scored = score(a, req);
	if (scored >= 500) {
		a.httpStatus = scored === 504 ? 504 : 503;
		a.log('error', `Loan application ${req.applicationId} could not be scored: credit-scoring answered HTTP ${scored}`, { 'biz.application_id': req.applicationId });
		return;
	}
	query(a, SQL.applicationInsert, [req.applicationId ?? '', req.customerId, req.product ?? '', req.amountKrw ?? 0, req.termMonths ?? 12, 'SUBMITTED', kstTimestamp(a.t)]);
	a.work(0.6);
	a.httpStatus = 201;
	if (a.env.prng.chance(LOAN_FLOW.reviewShare)) {
		const [lo, hi] = LOAN_FLOW.approvalDelayMin;
		a.env.followUp({ ...req, tx: 'loan.approval', channel: 'branch' }, a.env.prng.range(lo, hi) * MINUTE_MS);
	}
}

export function loanApplication(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	const route: HttpRoute = { method: 'POST', route: '/applications', path: '/applications' };
	if (req.channel === 'branch') {
		return entry(env, startMs, req, 'api-gateway', { method: 'POST', route: '/branch/api/loans/applications', path: '/branch/api/loans/applications' }, (gw) =>
			gatewayForward(gw, req, 'loan-application', route, (a) => applicationService(a, req))
		);
	}
	return channelRequest(env, startMs, req, 'POST', '/api/loans/applications', '/api/loans/applications', (bff) => {
		bff.httpStatus = httpCall(bff, 'loan-application', route, (a) => applicationService(a, req));
	});
}

function backOffice(env: TraceEnv, startMs: number, req: BizRequest, route: string, path: string, target: ServiceName, downstream: HttpRoute, handler: (c: Ctx) => void): boolean {
	return entry(env, startMs, req, 'api-gateway', { method: 'POST', route: `/backoffice/api${route}`, path: `/backoffice/api${path}` }, (gw) =>
		gatewayForward(gw, req, target, downstream, handler)
	);
}

export function loanApproval(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	const id = req.applicationId ?? '';
	return backOffice(env, startMs, req, '/loans/applications/{applicationId}/approval', `/loans/applications/${id}/approval`, 'loan-application',
		{ method: 'PUT', route: '/applications/{applicationId}/decision', path: `/applications/${id}/decision` }, (a) => {
			a.work(0.8);
			query(a, SQL.applicationSelect, [id]);
			const review = httpCall(a, 'credit-scoring', { method: 'POST', route: '/scores/{applicationId}/review', path: `/scores/${id}/review` }, (s) => {
				s.work(1.5);
				query(s, SQL.scoreHistory, [req.customerId]);
				s.work(4, 0.4);
			});
			if (review >= 500) {
				a.httpStatus = 503;
				return;
			}
			const approved = a.env.prng.chance(LOAN_FLOW.approvedShare);
			query(a, SQL.applicationDecide, [approved ? 'APPROVED' : 'REJECTED', kstTimestamp(a.t), id]);
			a.httpStatus = 200;
			if (!approved) {
				setOutcome(a, 'declined');
				return;
			}
			if (a.env.prng.chance(LOAN_FLOW.executionShare)) {
				const [lo, hi] = LOAN_FLOW.executionDelayMin;
				a.env.followUp({ ...req, tx: 'loan.execution', channel: 'branch' }, a.env.prng.range(lo, hi) * MINUTE_MS);
			}
		});
}

export function loanExecution(env: TraceEnv, startMs: number, req: BizRequest): boolean {
	const id = req.applicationId ?? '';
	const loanId = `LN${id.slice(2)}`;
	return backOffice(env, startMs, req, '/loans/{loanId}/execution', `/loans/${loanId}/execution`, 'loan-execution',
		{ method: 'POST', route: '/loans/{loanId}/execution', path: `/loans/${loanId}/execution` }, (x) => {
			x.work(1);
			const app = httpCall(x, 'loan-application', { method: 'GET', route: '/applications/{applicationId}', path: `/applications/${id}` }, (a) => {
				a.work(0.5);
				query(a, SQL.applicationSelect, [id]);
			});
			if (app >= 500) {
				x.httpStatus = 502;
				return;
			}
			const contractNo = `LC${id.slice(2)}`;
			const core = httpCall(x, 'core-banking', { method: 'POST', route: '/cbs/v1/loans/{contractNo}/disbursement', path: `/cbs/v1/loans/${contractNo}/disbursement` }, (cbs) => {
				loanDisbursement(cbs, { customerId: req.customerId, accountNo: req.accountNo, amountKrw: req.amountKrw ?? 0, channelCode: 'BR', productCode: req.product, termMonths: req.termMonths, contractNo });
				cbs.httpStatus = 200;
			});
			if (core >= 400) {
				x.httpStatus = 502;
				x.log('error', `Loan ${loanId} disbursement failed: core banking answered HTTP ${core}`, { 'biz.application_id': id });
				return;
			}
			query(x, SQL.loanInsert, [loanId, id, req.amountKrw ?? 0, 450 + x.env.prng.int(300), kstDate(x.t)]);
			notify(x, req, 'LOAN_DISBURSED');
			x.httpStatus = 201;
			x.log('info', `Loan ${loanId} executed: ${req.amountKrw} KRW over ${req.termMonths} months`, { 'biz.application_id': id });
		});
}

/**
 * Where traces begin. Internet and mobile requests enter at the API gateway and go through
 * their channel's front end (BFF); branch and back-office requests enter at the gateway and
 * go straight to the domain service; branch tellers call the core-banking monolith directly
 * (legacy entry traffic that bypasses the gateway).
 */
import { SpanKind } from '../../protocol/records';
import type { ServiceName } from '../catalogue';
import { cache } from '../clients';
import { finishServer, httpCall, serve, serverAttrs, serverScope, type HttpRoute } from '../calls';
import { TraceRun, type Ctx, type TraceEnv } from '../trace';
import { bizAttrs, type BizRequest } from './request';

export const PUBLIC_HOST = 'api.meridianbank.example';

const USER_AGENTS = {
	mobile: [
		'MeridianBank/7.1.3 (iPhone; iOS 18.1; Scale/3.00)',
		'MeridianBank/7.1.3 (Linux; Android 14; SM-S921N)',
		'MeridianBank/7.1.2 (Linux; Android 13; SM-A546N)'
	],
	internet: [
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
		'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0'
	],
	branch: ['MeridianTeller/4.2 (Windows 10; branch terminal)']
} as const;

const PUBLIC_PREFIXES = ['211.234', '121.134', '175.223', '110.70', '223.38', '58.140'];

function clientAddress(env: TraceEnv): string {
	return `${env.prng.pick(PUBLIC_PREFIXES)}.${env.prng.int(256)}.${1 + env.prng.int(254)}`;
}

export type Outcome = 'success' | 'declined' | 'failed';

/** Sets biz.outcome on the trace's entry span (a business decline is not an HTTP error). */
export function setOutcome(ctx: Ctx, outcome: Outcome): void {
	ctx.run.spans[0].attrs['biz.outcome'] = outcome;
}

function outcomeOf(status: number): Outcome {
	return status >= 500 ? 'failed' : status >= 400 ? 'declined' : 'success';
}

/**
 * Opens a trace at `service` with the request's business attributes on the root SERVER span.
 * `handler` answers by setting `ctx.httpStatus`. Returns false when no instance could take
 * the request (it never reached the bank, so no trace exists).
 */
export function entry(
	env: TraceEnv,
	startMs: number,
	req: BizRequest,
	service: ServiceName,
	route: HttpRoute,
	handler: (ctx: Ctx) => void
): boolean {
	const inst = env.pick(service);
	if (!inst) return false;
	const run = new TraceRun(env);
	const viaGateway = service === 'api-gateway';
	const root = run.open({
		name: `${route.method} ${route.route}`,
		kind: SpanKind.Server,
		startMs,
		instance: inst,
		scope: serverScope(inst),
		attrs: {
			...serverAttrs(viaGateway ? PUBLIC_HOST : 'cbs.corp.meridianbank.internal', route, viaGateway ? 'https' : 'http', viaGateway ? 443 : 8080),
			'client.address': viaGateway ? clientAddress(env) : `10.40.${env.prng.int(64)}.${1 + env.prng.int(254)}`,
			'user_agent.original': env.prng.pick(USER_AGENTS[req.channel]),
			...bizAttrs(req)
		}
	});
	serve(root, handler);
	root.wait(env.prng.range(0.05, 0.2));
	root.span.attrs['biz.outcome'] ??= outcomeOf(root.httpStatus);
	finishServer(root, route);
	return true;
}

/** The gateway's own work (session check, routing), then a call downstream; its status passes through. */
export function gatewayForward(gw: Ctx, req: BizRequest, target: ServiceName, route: HttpRoute, handler: (srv: Ctx) => void): void {
	gw.work(1.2, 0.4);
	if (req.tx !== 'login') cache(gw, 'GET', `session:${req.customerId}`, 1);
	gw.work(0.3, 0.4);
	gw.httpStatus = httpCall(gw, target, route, handler);
	if (gw.httpStatus >= 500) gw.markError(String(gw.httpStatus));
}

/**
 * Internet or mobile request: gateway → channel front end → `handler` (which calls the
 * domain services from the front end). Paths: `/ib/api/...` and `/mb/api/...` at the gateway,
 * `/api/...` at the front end.
 */
export function channelRequest(env: TraceEnv, startMs: number, req: BizRequest, method: string, route: string, path: string, handler: (bff: Ctx) => void): boolean {
	const prefix = req.channel === 'internet' ? '/ib' : '/mb';
	const bff: ServiceName = req.channel === 'internet' ? 'internet-banking' : 'mobile-banking';
	return entry(env, startMs, req, 'api-gateway', { method, route: `${prefix}${route}`, path: `${prefix}${path}` }, (gw) =>
		gatewayForward(gw, req, bff, { method, route, path }, (b) => {
			b.work(3, 0.5);
			handler(b);
			b.work(2, 0.5);
			if (b.httpStatus >= 500) b.log('error', `Upstream call failed with HTTP ${b.httpStatus} for ${method} ${route}`, { 'http.route': route });
		})
	);
}

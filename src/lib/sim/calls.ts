/**
 * HTTP between the bank's services, as OpenTelemetry instrumentations record it: a CLIENT
 * span at the caller, a SERVER span at the receiver (faults, GC stalls and the duration
 * histogram handled here). Databases, cache, Kafka and external hosts are in clients.ts.
 */
import { SpanKind } from '../protocol/records';
import { serviceDef, type ServiceName } from './catalogue';
import type { Instance } from './scaling';
import type { Ctx } from './trace';

export interface HttpRoute {
	method: string;
	/** http.route / url.template, e.g. `/transfers/{transferId}` */
	route: string;
	/** url.path with values, e.g. `/transfers/TR2611020001` */
	path: string;
}

const SERVICE_PORT = 8080;

/** In-cluster DNS name of a service. */
export function serviceHost(service: ServiceName): string {
	const def = serviceDef(service);
	if (def.platform === 'eks') return `${service}.${def.k8sNamespace}.svc.cluster.local`;
	if (def.platform === 'ecs') return `${service}.bank.local`;
	return 'cbs.corp.meridianbank.internal';
}

export function serverScope(inst: Instance): string {
	if (inst.def.runtime === 'nodejs') return '@opentelemetry/instrumentation-http';
	return inst.def.name === 'api-gateway' ? 'io.opentelemetry.netty-4.1' : 'io.opentelemetry.tomcat-10.0';
}

export function clientScope(inst: Instance): string {
	if (inst.def.runtime === 'nodejs') return '@opentelemetry/instrumentation-http';
	return inst.def.name === 'api-gateway' ? 'io.opentelemetry.netty-4.1' : 'io.opentelemetry.java-http-client';
}

/** One-way network latency inside the VPC, ms. */
function netMs(ctx: Ctx): number {
	return ctx.env.prng.logNormal(0.25, 0.35);
}

const STACK_TOP: Record<string, string> = {
	'java.lang.NullPointerException': 'at com.meridianbank.{svc}.service.{Svc}Service.handle({Svc}Service.java:{line})',
	'java.lang.IllegalStateException': 'at com.meridianbank.{svc}.service.{Svc}Service.validate({Svc}Service.java:{line})',
	'org.springframework.dao.QueryTimeoutException': 'at org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:413)'
};

/** Fails a server span with HTTP 500, an exception event and an ERROR log tied to the span. */
export function serverError(srv: Ctx, errorType: string, message: string): void {
	srv.fail(errorType, message, 500);
	const svc = srv.instance.def.name.replace(/-/g, '');
	const Svc = svc.charAt(0).toUpperCase() + svc.slice(1);
	const top = (STACK_TOP[errorType] ?? 'at com.meridianbank.{svc}.web.ApiController.handle(ApiController.java:{line})')
		.replace(/\{svc\}/g, svc)
		.replace(/\{Svc\}/g, Svc)
		.replace('{line}', String(40 + srv.env.prng.int(400)));
	srv.log('error', `Request processing failed: ${errorType}: ${message}`, {
		'exception.type': errorType,
		'exception.message': message,
		'exception.stacktrace': `${errorType}: ${message}\n\t${top}`
	});
}

/** Runs a request on an already chosen instance: injected faults, then the handler. */
export function serve(srv: Ctx, handler: (srv: Ctx) => void): void {
	const inst = srv.instance;
	const prng = srv.env.prng;
	srv.wait(srv.env.stallMs(inst));
	if (inst.fault && prng.chance(inst.fault.rate)) {
		srv.work(4);
		serverError(srv, inst.fault.errorType, inst.fault.message);
		return;
	}
	if (prng.chance(inst.def.baseErrorRate)) {
		srv.work(3);
		serverError(srv, 'java.lang.IllegalStateException', 'Unexpected state while processing request');
		return;
	}
	handler(srv);
}

/** Closes a SERVER span: status code, error status for 5xx, the meter's duration histogram. */
export function finishServer(srv: Ctx, route: HttpRoute): void {
	const status = srv.httpStatus;
	srv.set({ 'http.response.status_code': status });
	if (status >= 500) srv.markError(String(status));
	srv.end();
	const d = srv.span.endMs - srv.span.startMs;
	srv.instance.meter.recordServer(route.method, route.route, status, d, srv.span.endMs, status >= 500 ? String(srv.span.attrs['error.type']) : undefined);
}

export function serverAttrs(host: string, route: HttpRoute, scheme: 'http' | 'https', port: number) {
	return {
		'http.request.method': route.method,
		'http.route': route.route,
		'url.path': route.path,
		'url.scheme': scheme,
		'server.address': host,
		'server.port': port,
		'network.protocol.version': '1.1'
	};
}

/** Synchronous HTTP call to another service; returns the status the caller sees. */
export function httpCall(ctx: Ctx, target: ServiceName, route: HttpRoute, handler: (srv: Ctx) => void): number {
	const prng = ctx.env.prng;
	const host = serviceHost(target);
	const client = ctx.child({
		name: `${route.method} ${route.route}`,
		kind: SpanKind.Client,
		scope: clientScope(ctx.instance),
		attrs: {
			'http.request.method': route.method,
			'url.full': `http://${host}:${SERVICE_PORT}${route.path}`,
			'url.template': route.route,
			'server.address': host,
			'server.port': SERVICE_PORT,
			'network.protocol.version': '1.1'
		}
	});
	client.wait(prng.range(0.02, 0.1));
	const inst = ctx.env.pick(target);
	if (!inst) {
		client.wait(prng.range(1, 3));
		client.fail('java.net.ConnectException', `Connection refused: ${host}/${SERVICE_PORT}`, 503);
		client.end();
		ctx.t = client.span.endMs;
		return 503;
	}
	const srv = ctx.run.open({
		parent: client.span,
		name: `${route.method} ${route.route}`,
		kind: SpanKind.Server,
		startMs: client.t + netMs(ctx),
		instance: inst,
		scope: serverScope(inst),
		attrs: serverAttrs(host, route, 'http', SERVICE_PORT)
	});
	srv.set({ 'client.address': podIp(ctx.instance) });
	serve(srv, handler);
	srv.wait(prng.range(0.05, 0.2));
	finishServer(srv, route);
	client.t = srv.span.endMs + netMs(ctx);
	const status = srv.httpStatus;
	client.httpStatus = status;
	client.set({ 'http.response.status_code': status });
	if (status >= 400) client.markError(String(status));
	client.end();
	ctx.t = client.span.endMs;
	return status;
}

/** A stable private address per instance (client.address on the callee's SERVER span). */
export function podIp(inst: Instance): string {
	const h = inst.serial * 2654435761;
	return `10.20.${(h >>> 8) & 127}.${(h & 255) | 1}`;
}

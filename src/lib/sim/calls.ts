/**
 * Calls between components, as OpenTelemetry instrumentations record them: HTTP (CLIENT span
 * at the caller, SERVER span at the receiver), SQL and Redis (CLIENT), Kafka (PRODUCER, then
 * an asynchronous CONSUMER in the same trace), external HTTPS hosts (CLIENT only).
 */
import { SpanKind } from '../protocol/records';
import { CACHE, KAFKA, databaseDef, serviceDef, type ExternalDef, type ServiceName } from './catalogue';
import type { Instance } from './scaling';
import { renderSql, type SqlValue, type StatementDef } from './statements';
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

function clientScope(inst: Instance): string {
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
	srv.instance.meter.recordServer(route.method, route.route, status, d, status >= 500 ? String(srv.span.attrs['error.type']) : undefined);
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

export interface ExternalResult {
	status?: number;
	timedOut: boolean;
}

/** HTTPS call to a host outside the bank: a CLIENT span only, with peer.service. */
export function externalCall(ctx: Ctx, ext: ExternalDef, route: HttpRoute): ExternalResult {
	const prng = ctx.env.prng;
	const c = ctx.child({
		name: `${route.method} ${route.route}`,
		kind: SpanKind.Client,
		scope: clientScope(ctx.instance),
		attrs: {
			'http.request.method': route.method,
			'url.full': `https://${ext.address}${route.path}`,
			'url.template': route.route,
			'server.address': ext.address,
			'server.port': ext.port,
			'peer.service': ext.peerService,
			'network.protocol.version': '2'
		}
	});
	const outcome = ctx.env.externalOutcome(ext, c.t);
	let result: ExternalResult;
	const latency = outcome.kind === 'ok' ? prng.logNormal(ext.medianMs, ext.sigma) * outcome.latencyFactor : 0;
	if (outcome.kind === 'timeout' || latency > ext.timeoutMs) {
		c.wait(ext.timeoutMs + prng.range(0, 5));
		c.fail('java.net.http.HttpTimeoutException', `request to ${ext.address} timed out after ${ext.timeoutMs} ms`);
		result = { timedOut: true };
	} else if (outcome.kind === 'error') {
		c.wait(prng.logNormal(25, 0.4));
		c.set({ 'http.response.status_code': outcome.status });
		c.markError(String(outcome.status));
		result = { status: outcome.status, timedOut: false };
	} else {
		c.wait(latency);
		c.set({ 'http.response.status_code': 200 });
		result = { status: 200, timedOut: false };
	}
	c.end();
	ctx.t = c.span.endMs;
	return result;
}

/** Base probability that a statement fails (deadlock victim, lock wait timeout). */
const DB_ERROR_RATE = 0.0002;

/** Executes a statement over JDBC; returns false when it failed. */
export function query(ctx: Ctx, st: StatementDef, values: readonly SqlValue[]): boolean {
	const prng = ctx.env.prng;
	const db = databaseDef(st.db);
	const text = renderSql(st.sql, values);
	const c = ctx.child({
		name: `${st.operation} ${st.table}`,
		kind: SpanKind.Client,
		scope: ctx.instance.def.runtime === 'nodejs' ? '@opentelemetry/instrumentation-pg' : 'io.opentelemetry.jdbc',
		attrs: {
			'db.system.name': db.system,
			'db.system': db.system,
			'db.namespace': db.namespace,
			'db.operation.name': st.operation,
			'db.collection.name': st.table,
			'db.query.text': text,
			'server.address': db.address,
			'server.port': db.port
		}
	});
	const startMs = c.t;
	const effect = ctx.env.statementEffect(st, startMs);
	const lockWaitMs = effect.lockWaitMs ?? 0;
	const serverMs = prng.logNormal(st.medianMs, st.sigma) * effect.latencyFactor + lockWaitMs;
	c.wait(0.3 + prng.logNormal(0.15, 0.3) + serverMs);
	const error = prng.chance(DB_ERROR_RATE);
	const rowsExamined = effect.rowsExamined ?? st.rowsExamined;
	const rowsReturned = error ? 0 : st.rowsReturned;
	if (error) {
		const mysql = db.system === 'mysql';
		const code = mysql ? '1213' : '40P01';
		c.set({ 'db.response.status_code': code });
		c.fail(mysql ? 'com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException' : 'org.postgresql.util.PSQLException',
			mysql ? 'Deadlock found when trying to get lock; try restarting transaction' : 'ERROR: deadlock detected');
	} else if (st.operation === 'SELECT') {
		c.set({ 'db.response.returned_rows': rowsReturned });
	}
	c.end();
	ctx.t = c.span.endMs;
	const durationMs = c.span.endMs - startMs;
	ctx.instance.meter.recordDbBusy(st.db, durationMs);
	ctx.env.recordStatement({
		statement: st,
		text,
		startMs,
		durationMs: serverMs,
		rowsExamined,
		rowsReturned,
		error,
		noIndexUsed: effect.noIndexUsed ?? false,
		lockWaitMs,
		caller: ctx.instance
	});
	return !error;
}

/** A Redis command; for GET, returns whether the key was found (probability `hitRate`). */
export function cache(ctx: Ctx, op: 'GET' | 'SET' | 'DEL' | 'EXPIRE', key: string, hitRate = 1): boolean {
	const prng = ctx.env.prng;
	const node = ctx.instance.def.runtime === 'nodejs';
	const c = ctx.child({
		name: op,
		kind: SpanKind.Client,
		scope: node ? '@opentelemetry/instrumentation-ioredis' : 'io.opentelemetry.lettuce-5.1',
		attrs: {
			'db.system.name': CACHE.system,
			'db.system': CACHE.system,
			'db.namespace': '0',
			'db.operation.name': op,
			'db.query.text': op === 'SET' ? `SET ${key} ?` : `${op} ${key}`,
			'server.address': CACHE.address,
			'server.port': CACHE.port
		}
	});
	c.wait(0.15 + prng.logNormal(0.2, 0.4));
	c.end();
	ctx.t = c.span.endMs;
	return op === 'GET' ? prng.chance(hitRate) : true;
}

/** Publishes to Kafka; the consumer runs asynchronously in the same trace. */
export function publish(ctx: Ctx, key: string, consumer: { service: ServiceName; handler: (c: Ctx) => void }): void {
	const prng = ctx.env.prng;
	const partition = prng.int(KAFKA.partitions);
	const common = {
		'messaging.system': 'kafka',
		'messaging.destination.name': KAFKA.notificationTopic,
		'messaging.destination.partition.id': String(partition),
		'messaging.kafka.message.key': key,
		'server.address': KAFKA.brokers,
		'server.port': KAFKA.port
	};
	const p = ctx.child({
		name: `send ${KAFKA.notificationTopic}`,
		kind: SpanKind.Producer,
		scope: 'io.opentelemetry.kafka-clients-2.6',
		attrs: { ...common, 'messaging.operation.name': 'send', 'messaging.operation.type': 'send' }
	});
	p.wait(prng.logNormal(2.2, 0.5));
	p.end();
	ctx.t = p.span.endMs;
	const inst = ctx.env.pick(consumer.service);
	if (!inst) return;
	const c = ctx.run.open({
		parent: p.span,
		name: `process ${KAFKA.notificationTopic}`,
		kind: SpanKind.Consumer,
		startMs: p.span.endMs + ctx.env.queueLagMs(),
		instance: inst,
		scope: 'io.opentelemetry.kafka-clients-2.6',
		attrs: {
			...common,
			'messaging.operation.name': 'process',
			'messaging.operation.type': 'process',
			'messaging.consumer.group.name': KAFKA.consumerGroup,
			'messaging.kafka.offset': 1_000_000 + prng.int(9_000_000)
		}
	});
	consumer.handler(c);
	c.end();
	inst.meter.recordConsumer(c.span.endMs - c.span.startMs);
}

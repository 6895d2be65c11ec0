/**
 * Calls that leave the bank's services, as OpenTelemetry instrumentations record them: SQL
 * and Redis (CLIENT), Kafka (PRODUCER, then an asynchronous CONSUMER in the same trace),
 * external HTTPS hosts (CLIENT only, with peer.service).
 */
import { SpanKind } from '../protocol/records';
import { CACHE, KAFKA, databaseDef, type ExternalDef, type ServiceName } from './catalogue';
import { clientScope, type HttpRoute } from './calls';
import { renderSql, type SqlValue, type StatementDef } from './statements';
import type { Ctx } from './trace';

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

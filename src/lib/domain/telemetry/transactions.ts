/**
 * Which spans are transactions, what endpoint they belong to, and whether they failed.
 *
 * Transaction rule: a span counts as a transaction when it is the entry into a service —
 * kind SERVER or CONSUMER — or when it is a root span (no parent: a job, a scheduled task,
 * or a trace whose entry was not instrumented). CLIENT, PRODUCER and INTERNAL spans inside
 * a trace are not transactions: counting them would count one request several times.
 * Overall, per-service, per-endpoint and per-instance series all count transactions only.
 *
 * Endpoint rule (first that applies): `<method> <http.route>` (method from
 * http.request.method, else http.method; route alone when neither is set); else
 * `<rpc.service>/<rpc.method>` (or rpc.method alone); else the span name. Names are cut at
 * `maxEndpointChars`.
 *
 * Error rule: span status ERROR. (Instrumentations set it for 5xx on server spans; 4xx on
 * a server span is the client's error and does not count.)
 */
import { SpanKind, StatusCode, type SpanRecord } from '../../protocol/records';

export const maxEndpointChars = 160;

export function isTransaction(span: Pick<SpanRecord, 'kind' | 'parentSpanId'>): boolean {
	return span.kind === SpanKind.Server || span.kind === SpanKind.Consumer || span.parentSpanId === '';
}

export function isError(span: Pick<SpanRecord, 'status'>): boolean {
	return span.status === StatusCode.Error;
}

/** End time of a span, Unix ms (the time its rollup window is chosen by). */
export function spanEndMs(span: Pick<SpanRecord, 'startUs' | 'durationUs'>): number {
	return (span.startUs + span.durationUs) / 1000;
}

export function endpointName(span: Pick<SpanRecord, 'name' | 'attrs'>): string {
	const attrs = span.attrs;
	let name: string;
	const route = attrs['http.route'];
	const rpcMethod = attrs['rpc.method'];
	if (typeof route === 'string' && route !== '') {
		const method = attrs['http.request.method'] ?? attrs['http.method'];
		name = typeof method === 'string' && method !== '' ? method + ' ' + route : route;
	} else if (typeof rpcMethod === 'string' && rpcMethod !== '') {
		const rpcService = attrs['rpc.service'];
		name = typeof rpcService === 'string' && rpcService !== '' ? rpcService + '/' + rpcMethod : rpcMethod;
	} else {
		name = span.name || '(unnamed)';
	}
	return name.length > maxEndpointChars ? name.slice(0, maxEndpointChars) : name;
}

/**
 * The relay core: web-standard Request → Response, no platform APIs, so the same code runs
 * in Node (src/lib/server wraps it), in a browser behind msw (offline demo) and could run on
 * an edge runtime.
 *
 * Routes:
 *   OPTIONS /v1/*                     CORS preflight (browser OTel SDKs)
 *   POST    /v1/traces|metrics|logs   OTLP/HTTP receiver (ingest.ts)       ingest token
 *   GET     /api/stream               SSE replay stream (stream.ts)        view token
 *   GET     /api/health               RelayHealth JSON                     view token
 *   *       <options.routes prefix>   mounted handlers (/api/sync, ...)    view token
 *
 * Tokens: when `ingestToken` / `viewToken` is set, requests must carry
 * `Authorization: Bearer <token>` (the stream also accepts `?token=`, for EventSource,
 * which cannot set headers); otherwise 401 with the reason.
 */
import type { TelemetryBatch } from '../protocol/records';
import type { RelayHealth } from '../protocol/stream';
import type { OtlpSignal } from '../domain/otlp/types';
import { defaultBodyLimits, InflightBudget, type BodyLimits } from './body';
import { bearerToken, HttpError, isLoopbackHost, jsonResponse, preflight, sameSecret } from './http';
import { ingest, newIngestCounters, otlpError, toHttpError, type IngestCounters } from './ingest';
import { LogBusyError, ReplayLog, type LogLimits, type RecordSet } from './replay-log';
import { cursorOf, defaultStreamLimits, openStream, sseHeaders, type StreamLimits } from './stream';

export type RouteHandler = (req: Request) => Promise<Response>;

export interface RelayOptions {
	/** Required on /v1/* when set. */
	ingestToken?: string;
	/** Required on /api/* (and mounted routes) when set. */
	viewToken?: string;
	/** Extra handlers by path prefix, e.g. `{ '/api/sync': handler }`; longest prefix wins. */
	routes?: Record<string, RouteHandler>;
	/** An opened log (e.g. with disk persistence); default: a fresh in-memory log with `logLimits`. */
	log?: ReplayLog;
	logLimits?: Partial<LogLimits>;
	bodyLimits?: Partial<BodyLimits>;
	streamLimits?: Partial<StreamLimits>;
	/** Refuse requests whose Host is not a loopback name (DNS-rebinding guard for a token-less loopback relay). */
	loopbackHostsOnly?: boolean;
	/** Reported in health: whether the embedded demo bank feeds this relay. */
	demo?: boolean;
	now?: () => number;
}

export interface Relay {
	handle(req: Request): Promise<Response>;
	/**
	 * Adds already-normalised records (database collectors, the in-browser demo bank) as one
	 * batch. Throws LogBusyError when the log cannot accept; storage failures after that are
	 * counted, not thrown.
	 */
	append(records: RecordSet): TelemetryBatch;
	health(): RelayHealth;
	/** Adds a handler after creation (same rules as `options.routes`); for handlers that need the relay itself. */
	mount(prefix: string, handler: RouteHandler): void;
	/** Ends every stream, stops accepting and flushes the log. */
	close(): Promise<void>;
	readonly log: ReplayLog;
}

const signals: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

export function createRelay(options: RelayOptions = {}): Relay {
	const now = options.now ?? Date.now;
	const startedMs = now();
	const log = options.log ?? ReplayLog.inMemory({ limits: options.logLimits, now });
	const bodyLimits = { ...defaultBodyLimits, ...options.bodyLimits };
	const streamLimits = { ...defaultStreamLimits, ...options.streamLimits };
	const budget = new InflightBudget(bodyLimits.maxInflightBytes);
	const counters: IngestCounters = newIngestCounters();
	const appended = { batches: 0, spans: 0, metricPoints: 0, logRecords: 0, failedWrites: 0, throttled: 0 };
	let streamClients = 0;
	let streamThrottled = 0;
	const routes = Object.entries(options.routes ?? {}).sort((a, b) => b[0].length - a[0].length);
	function mount(prefix: string, handler: RouteHandler): void {
		if (!prefix.startsWith('/')) throw new Error(`Route prefixes start with "/": ${prefix}`);
		routes.push([prefix, handler]);
		routes.sort((a, b) => b[0].length - a[0].length);
	}
	const ingestContext = { log, limits: bodyLimits, budget, now, counters };

	function authorise(req: Request, url: URL, token: string | undefined, allowQuery: boolean): void {
		if (!token) return;
		const given = bearerToken(req) ?? (allowQuery ? url.searchParams.get('token') ?? undefined : undefined);
		if (!given) throw new HttpError(401, 'This relay requires a token: send "Authorization: Bearer <token>".');
		if (!sameSecret(given, token)) throw new HttpError(401, 'The token is not valid for this endpoint.');
	}

	function stream(req: Request, url: URL): Response {
		const after = cursorOf(req, url);
		if (Number.isNaN(after)) throw new HttpError(400, 'after / Last-Event-ID must be a non-negative integer sequence number.');
		if (log.isClosed) throw new HttpError(503, 'The relay is shutting down.', 5);
		if (streamClients >= streamLimits.maxClients) {
			streamThrottled++;
			throw new HttpError(503, `The relay already serves ${streamLimits.maxClients} streams; retry later.`, 5);
		}
		streamClients++;
		const body = openStream({ log, after, limits: streamLimits, now, onClose: () => streamClients-- });
		return new Response(body, { status: 200, headers: sseHeaders });
	}

	function health(): RelayHealth {
		log.evictExpired();
		const s = counters.bySignal;
		return {
			epoch: log.epoch,
			uptimeSec: Math.round((now() - startedMs) / 1000),
			accepted: {
				batches: counters.batches + appended.batches,
				spans: s.traces.accepted + appended.spans,
				metricPoints: s.metrics.accepted + appended.metricPoints,
				logRecords: s.logs.accepted + appended.logRecords
			},
			rejected: {
				requests: s.traces.refused + s.metrics.refused + s.logs.refused,
				spans: s.traces.rejected,
				metricPoints: s.metrics.rejected,
				logRecords: s.logs.rejected
			},
			throttled: s.traces.throttled + s.metrics.throttled + s.logs.throttled + streamThrottled + appended.throttled,
			clients: streamClients,
			firstSeq: log.firstSeq,
			lastSeq: log.lastSeq,
			log: {
				bytes: log.bytes,
				maxBytes: log.limits.maxBytes,
				ageSec: Math.round(log.ageSec()),
				maxAgeSec: Math.round(log.limits.maxAgeMs / 1000),
				batches: log.batches
			},
			demo: options.demo ?? false,
			auth: Boolean(options.ingestToken || options.viewToken),
			bySignal: s,
			truncated: { values: counters.truncatedValues, attributes: counters.droppedAttributes },
			persistence: { ...log.describePersistence(), pendingBytes: log.pendingWriteBytes, failedWrites: appended.failedWrites }
		};
	}

	async function route(req: Request): Promise<Response> {
		const url = new URL(req.url);
		const path = url.pathname;
		if (options.loopbackHostsOnly && !isLoopbackHost(req.headers.get('host') ?? url.host)) {
			throw new HttpError(403, 'This relay only answers loopback host names; bind another address with tokens to share it.');
		}
		const signal = signals[path];
		if (signal) {
			if (req.method === 'OPTIONS') return preflight(req);
			try {
				authorise(req, url, options.ingestToken, false);
			} catch (error) {
				counters.bySignal[signal].refused++;
				return otlpError(req, toHttpError(error));
			}
			return ingest(req, signal, ingestContext);
		}
		if (path.startsWith('/v1/')) {
			if (req.method === 'OPTIONS') return preflight(req);
			return otlpError(req, new HttpError(404, `No OTLP endpoint at ${path}; use /v1/traces, /v1/metrics or /v1/logs.`));
		}
		if (path === '/api/stream') {
			authorise(req, url, options.viewToken, true);
			if (req.method !== 'GET') throw new HttpError(405, 'Use GET for the stream.');
			return stream(req, url);
		}
		if (path === '/api/health') {
			authorise(req, url, options.viewToken, false);
			return jsonResponse(health());
		}
		for (const [prefix, handler] of routes) {
			if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')) {
				authorise(req, url, options.viewToken, false);
				return handler(req);
			}
		}
		throw new HttpError(404, `Nothing at ${path}.`);
	}

	return {
		log,
		health,
		mount,
		async handle(req: Request): Promise<Response> {
			try {
				return await route(req);
			} catch (error) {
				const http = toHttpError(error);
				const headers: Record<string, string> = {};
				if (http.retryAfterSec !== undefined) headers['retry-after'] = String(http.retryAfterSec);
				if (http.status === 401) headers['www-authenticate'] = 'Bearer';
				return jsonResponse({ code: http.status, message: http.message }, http.status, headers);
			}
		},
		append(records: RecordSet): TelemetryBatch {
			let result;
			try {
				result = log.append(records);
			} catch (error) {
				if (error instanceof LogBusyError) appended.throttled++;
				throw error;
			}
			appended.batches++;
			appended.spans += records.spans?.length ?? 0;
			appended.metricPoints += records.metrics?.length ?? 0;
			appended.logRecords += records.logs?.length ?? 0;
			result.durable.catch(() => appended.failedWrites++);
			return result.batch;
		},
		async close(): Promise<void> {
			await log.close();
		}
	};
}

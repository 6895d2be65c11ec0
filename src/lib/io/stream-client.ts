/**
 * Reads the relay's event stream (`GET /api/stream`, see protocol/stream.ts) with fetch() and
 * a streamed body, not EventSource: EventSource cannot send an Authorization header, and a
 * fetch stream lets us resume by hand (`Last-Event-ID` header and `?after=SEQ`).
 *
 * - Resume: each connection asks for batches after `handlers.position()` (the last batch
 *   received, else the stored cursor); with no position, `after=0` replays the relay's
 *   whole log (the history it still holds).
 * - Backpressure: each event's handler is awaited before more of the body is read.
 * - Reconnect: after any failure or end of stream, with exponential backoff and jitter
 *   (500 ms doubling to 30 s, each delay shortened by up to 50 % at random so that many
 *   tabs do not reconnect in step); `Retry-After` on 429/503 is honoured; the SSE `retry:`
 *   field sets the initial delay. A connection that delivered `hello` resets the backoff.
 * - Keepalive: no bytes for 2 x keepaliveMs (default 2 x 15 s) aborts and reconnects.
 */
import type { StreamGap, StreamHello } from '../protocol/stream';
import type { TelemetryBatch } from '../protocol/records';
import type { ConnectionErrorCode, ConnectionState } from '../domain/telemetry/live-snapshot';
import type { StreamCursor } from '../domain/telemetry/types';
import { SseParser, type SseEvent } from './sse';

export interface StreamStatus {
	state: ConnectionState;
	sinceMs: number;
	retryInMs?: number;
	lastError?: string;
	lastErrorCode?: ConnectionErrorCode;
	lastErrorParams?: Record<string, string | number>;
	epoch?: string;
	relayLastSeq?: number;
}

export interface StreamHandlers {
	/** Where to resume: the last batch received or stored; undefined = from the log's start. */
	position(): StreamCursor | undefined;
	/** `restart` drops this connection and connects again at once (after a cursor reset). */
	hello(hello: StreamHello): Promise<'continue' | 'restart'>;
	/** `text`: the event data the batch was parsed from (a store may keep it instead of objects). */
	batch(batch: TelemetryBatch, epoch: string, text: string): Promise<void>;
	gap(gap: StreamGap, epoch: string): Promise<void>;
	/** A batch event whose data could not be read: `seq` from its id, when it had one. */
	unreadable(seq: number | undefined, reason: string, epoch: string): Promise<void>;
	status(status: StreamStatus): void;
}

export interface BackoffOptions {
	initialMs: number;
	maxMs: number;
	factor: number;
	/** Each delay is multiplied by (1 - jitter x random). */
	jitter: number;
}

export const defaultBackoff: Readonly<BackoffOptions> = Object.freeze({ initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 });
export const defaultKeepaliveMs = 15_000;

export interface StreamClientOptions {
	/** Stream URL, e.g. `/api/stream` or `http://relay:3000/api/stream`. */
	url: string;
	token?: string;
	fetch?: typeof fetch;
	backoff?: Partial<BackoffOptions>;
	keepaliveMs?: number;
	random?: () => number;
	now?: () => number;
	/** Waits `ms` unless `signal` aborts first (tests pass an instant sleep). */
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class HttpStatusError extends Error {
	constructor(
		readonly status: number,
		readonly retryAfterMs: number | undefined,
		message: string
	) {
		super(message);
		this.name = 'HttpStatusError';
	}
}

/** Delay before reconnect attempt number `attempt` (0-based). */
export function backoffDelayMs(attempt: number, backoff: BackoffOptions, random: () => number): number {
	const base = Math.min(backoff.maxMs, backoff.initialMs * Math.pow(backoff.factor, attempt));
	return Math.round(base * (1 - backoff.jitter * random()));
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done);
	});
}

function isBatch(value: unknown): value is TelemetryBatch {
	const b = value as TelemetryBatch;
	return (
		typeof b === 'object' && b !== null && Number.isFinite(b.seq) && Number.isFinite(b.receivedMs) &&
		Array.isArray(b.resources) && Array.isArray(b.spans) && Array.isArray(b.metrics) && Array.isArray(b.logs)
	);
}

function isHello(value: unknown): value is StreamHello {
	const h = value as StreamHello;
	return typeof h === 'object' && h !== null && typeof h.epoch === 'string' && Number.isFinite(h.lastSeq);
}

function isGap(value: unknown): value is StreamGap {
	const g = value as StreamGap;
	return typeof g === 'object' && g !== null && Number.isFinite(g.fromSeq) && Number.isFinite(g.toSeq);
}

/** The relay broke the stream contract (bad hello, event before hello, unreadable gap). */
export class StreamProtocolError extends Error {
	name = 'StreamProtocolError';
}

/** No bytes for twice the keepalive interval. */
export class KeepaliveTimeoutError extends Error {
	name = 'KeepaliveTimeoutError';
	constructor(readonly seconds: number) {
		super(`no data from the relay for ${seconds} s`);
	}
}

/** The relay ended the response normally. */
export class StreamClosedError extends Error {
	name = 'StreamClosedError';
}

export function describeStreamError(error: unknown): { code: ConnectionErrorCode; params?: Record<string, string | number>; message: string } {
	if (error instanceof HttpStatusError) {
		return error.status === 401 || error.status === 403
			? { code: 'unauthorized', message: error.message }
			: { code: 'http', params: { status: error.status }, message: error.message };
	}
	if (error instanceof KeepaliveTimeoutError) return { code: 'keepalive', params: { seconds: error.seconds }, message: error.message };
	if (error instanceof StreamClosedError) return { code: 'closed', message: error.message };
	if (error instanceof StreamProtocolError) return { code: 'protocol', params: { detail: error.message }, message: error.message };
	const message = error instanceof Error ? error.message : String(error);
	return { code: 'unreachable', message: `The relay could not be reached (${message}).` };
}

export class StreamClient {
	private readonly backoff: BackoffOptions;
	private readonly fetchImpl: typeof fetch;
	private readonly random: () => number;
	private readonly now: () => number;
	private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
	private readonly keepaliveMs: number;
	private stopped = false;
	private restartNow = false;
	private attempt = 0;
	private connection: AbortController | undefined;
	private waiting: AbortController | undefined;
	private loop: Promise<void> | undefined;

	constructor(
		private readonly options: StreamClientOptions,
		private readonly handlers: StreamHandlers
	) {
		this.backoff = { ...defaultBackoff, ...options.backoff };
		this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
		this.random = options.random ?? Math.random;
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? defaultSleep;
		this.keepaliveMs = options.keepaliveMs ?? defaultKeepaliveMs;
	}

	start(): void {
		this.loop ??= this.run();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		this.connection?.abort(new Error('stopped'));
		this.waiting?.abort();
		await this.loop;
		this.handlers.status({ state: 'stopped', sinceMs: this.now() });
	}

	/** Drops the connection (or the wait before the next one) and connects again now. */
	reconnect(): void {
		this.restartNow = true;
		this.attempt = 0;
		this.connection?.abort(new Error('reconnect requested'));
		this.waiting?.abort();
	}

	private async run(): Promise<void> {
		this.handlers.status({ state: 'connecting', sinceMs: this.now() });
		while (!this.stopped) {
			let error: unknown;
			try {
				await this.connectOnce();
				error = new StreamClosedError('the relay closed the stream');
			} catch (e) {
				error = e;
			}
			if (this.stopped) break;
			if (this.restartNow) {
				this.restartNow = false;
				continue;
			}
			let delayMs = backoffDelayMs(this.attempt++, this.backoff, this.random);
			if (error instanceof HttpStatusError && error.retryAfterMs !== undefined) delayMs = Math.max(delayMs, error.retryAfterMs);
			const unauthorized = error instanceof HttpStatusError && (error.status === 401 || error.status === 403);
			const described = describeStreamError(error);
			if (unauthorized && !this.options.token) described.code = 'tokenMissing';
			this.handlers.status({
				state: unauthorized ? 'unauthorized' : 'reconnecting',
				sinceMs: this.now(),
				retryInMs: delayMs,
				lastError: described.message,
				lastErrorCode: described.code,
				lastErrorParams: described.params
			});
			this.waiting = new AbortController();
			await this.sleep(delayMs, this.waiting.signal);
			this.waiting = undefined;
			this.restartNow = false;
		}
	}

	private async connectOnce(): Promise<void> {
		const controller = new AbortController();
		this.connection = controller;
		const position = this.handlers.position();
		const after = position?.seq ?? 0;
		const headers: Record<string, string> = { Accept: 'text/event-stream' };
		if (position) headers['Last-Event-ID'] = String(position.seq);
		if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
		const url = this.options.url + (this.options.url.includes('?') ? '&' : '?') + 'after=' + after;
		let watchdog: ReturnType<typeof setTimeout> | undefined;
		const arm = () => {
			clearTimeout(watchdog);
			watchdog = setTimeout(
				() => controller.abort(new KeepaliveTimeoutError((2 * this.keepaliveMs) / 1000)),
				2 * this.keepaliveMs
			);
		};
		try {
			arm();
			const response = await this.fetchImpl(url, { headers, signal: controller.signal, cache: 'no-store' });
			if (!response.ok) {
				const retryAfter = Number(response.headers.get('Retry-After'));
				const body = await response.text().catch(() => '');
				throw new HttpStatusError(
					response.status,
					Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
					response.status === 401 || response.status === 403
						? this.options.token
							? 'The relay refused the view token. Check the token in Settings.'
							: 'The relay requires a view token. Enter it in Settings.'
						: `The relay answered ${response.status}${body ? `: ${body.slice(0, 200)}` : ''}.`
				);
			}
			if (!response.body) throw new StreamProtocolError('the response has no body');
			await this.read(response.body, controller, arm);
		} finally {
			clearTimeout(watchdog);
			if (this.connection === controller) this.connection = undefined;
		}
	}

	private async read(body: ReadableStream<Uint8Array>, controller: AbortController, arm: () => void): Promise<void> {
		const reader = body.getReader();
		const abort = () => reader.cancel(controller.signal.reason).catch(() => {});
		controller.signal.addEventListener('abort', abort);
		const decoder = new TextDecoder();
		const events: SseEvent[] = [];
		const parser = new SseParser((event) => events.push(event));
		let epoch: string | undefined;
		try {
			for (;;) {
				if (controller.signal.aborted) throw controller.signal.reason;
				const { done, value } = await reader.read();
				if (controller.signal.aborted) throw controller.signal.reason;
				if (done) return;
				arm();
				parser.push(decoder.decode(value, { stream: true }));
				while (events.length > 0) {
					const event = events.shift()!;
					if (event.retry !== undefined) this.backoff.initialMs = event.retry;
					const next = await this.handle(event, epoch);
					if (next === 'restart') {
						this.restartNow = true;
						return;
					}
					if (next !== undefined) epoch = next;
				}
			}
		} finally {
			controller.signal.removeEventListener('abort', abort);
			reader.releaseLock();
		}
	}

	/** Returns the connection's epoch after a hello, 'restart' to reconnect now. */
	private async handle(event: SseEvent, epoch: string | undefined): Promise<string | 'restart' | undefined> {
		if (event.event === 'hello') {
			let hello: unknown;
			try {
				hello = JSON.parse(event.data);
			} catch {
				throw new StreamProtocolError('the relay sent an unreadable hello event');
			}
			if (!isHello(hello)) throw new StreamProtocolError('the relay sent a hello event without epoch or lastSeq');
			this.attempt = 0;
			this.handlers.status({ state: 'connected', sinceMs: this.now(), epoch: hello.epoch, relayLastSeq: hello.lastSeq });
			return (await this.handlers.hello(hello)) === 'restart' ? 'restart' : hello.epoch;
		}
		if (event.event !== 'batch' && event.event !== 'gap') return undefined;
		if (epoch === undefined) throw new StreamProtocolError(`the relay sent a ${event.event} event before hello`);
		let data: unknown;
		try {
			data = JSON.parse(event.data);
		} catch (e) {
			data = e;
		}
		if (event.event === 'gap') {
			if (!isGap(data)) throw new StreamProtocolError('the relay sent an unreadable gap event');
			await this.handlers.gap(data, epoch);
		} else if (isBatch(data)) {
			await this.handlers.batch(data, epoch, event.data);
		} else {
			const seq = event.id !== undefined && /^\d+$/.test(event.id) ? Number(event.id) : undefined;
			const reason = data instanceof Error ? `not JSON: ${data.message}` : 'not a telemetry batch (seq, receivedMs, resources, spans, metrics, logs)';
			await this.handlers.unreadable(seq, reason, epoch);
		}
		return undefined;
	}
}

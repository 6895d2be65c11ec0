/**
 * Feeds the relay from the demo bank exactly as an external service would: every
 * `intervalMs` it advances the simulator to now and POSTs its OTLP requests, encoded as
 * protobuf by our encoder, to the OTLP port over HTTP. The simulator emits one request per
 * resource; like an OpenTelemetry Collector, the runner sends them merged, one POST per
 * signal of at most `maxRequestBytes` (protobuf messages concatenate: two encoded
 * Export*ServiceRequests back to back are one request holding both resource lists).
 *
 * Bounds: one send round at a time (a tick that finds the previous round still sending is
 * skipped; the next advance covers its time). Requests refused with 429/503 are retried
 * after Retry-After from a queue of at most `maxRetryQueue` requests; beyond it the oldest
 * are dropped and counted.
 *
 * History (`backfillFromMs`): the first round simulates the past from there to now in steps of
 * `backfillStepMs` (default 60 s: the simulator fast-forwards longer steps without telemetry),
 * sending each step before simulating the next, so memory holds one step (about 40 MB of
 * protobuf at the demo bank's lunch load); refusals are waited out, not queued. `ready`
 * resolves when it is sent.
 */
import { encodeOtlpProtobuf } from '../domain/otlp/index';
import type {
	ExportLogsServiceRequest,
	ExportMetricsServiceRequest,
	ExportTraceServiceRequest,
	OtlpSignal
} from '../domain/otlp/types';

/** What the runner needs from the simulator (src/lib/sim). */
export interface DemoBank {
	advance(untilMs: number): {
		traces: ExportTraceServiceRequest[];
		metrics: ExportMetricsServiceRequest[];
		logs: ExportLogsServiceRequest[];
	};
}

export interface DemoRunnerOptions {
	bank: DemoBank;
	/** e.g. http://127.0.0.1:4318 */
	otlpUrl: string;
	ingestToken?: string;
	intervalMs?: number;
	maxRetryQueue?: number;
	/** Merged request size bound; default 4 MiB (the relay accepts 16 MiB). */
	maxRequestBytes?: number;
	now?: () => number;
	warn?: (message: string) => void;
	/** Simulate and send the past from this time (caller's clock) before the live rounds. */
	backfillFromMs?: number;
	backfillStepMs?: number;
	/** After each history step: simulated ms sent so far, and in all. */
	onBackfill?: (doneMs: number, totalMs: number) => void;
}

export interface DemoRunnerStats {
	requestsSent: number;
	requestsFailed: number;
	requestsDropped: number;
	ticksSkipped: number;
}

export interface DemoRunner {
	/** Resolves when the history (`backfillFromMs`) has been sent; at once without one. */
	ready: Promise<void>;
	/** Runs one round now (tests); resolves when its requests are answered. */
	tick(): Promise<void>;
	stop(): Promise<void>;
	stats(): DemoRunnerStats;
}

interface Outgoing {
	signal: OtlpSignal;
	body: Uint8Array<ArrayBuffer>;
}

export function startDemoRunner(options: DemoRunnerOptions): DemoRunner {
	const intervalMs = options.intervalMs ?? 1000;
	const maxRetryQueue = options.maxRetryQueue ?? 120;
	const maxRequestBytes = options.maxRequestBytes ?? 4 * 1024 * 1024;
	const now = options.now ?? Date.now;
	const warn = rateLimited(options.warn ?? ((m) => console.warn(m)), 30_000);
	const stats: DemoRunnerStats = { requestsSent: 0, requestsFailed: 0, requestsDropped: 0, ticksSkipped: 0 };
	let retry: Outgoing[] = [];
	let pausedUntilMs = 0;
	let running: Promise<void> | undefined;
	let stopped = false;

	async function send(item: Outgoing): Promise<'ok' | 'retry' | 'failed'> {
		const headers: Record<string, string> = { 'content-type': 'application/x-protobuf' };
		if (options.ingestToken) headers.authorization = `Bearer ${options.ingestToken}`;
		try {
			const res = await fetch(`${options.otlpUrl}/v1/${item.signal}`, { method: 'POST', body: item.body, headers });
			await res.arrayBuffer();
			if (res.ok) return 'ok';
			if (res.status === 429 || res.status === 503) {
				const retryAfterSec = Number(res.headers.get('retry-after') ?? 1);
				pausedUntilMs = now() + (Number.isFinite(retryAfterSec) ? retryAfterSec : 1) * 1000;
				return 'retry';
			}
			warn(`Demo bank: the relay refused a ${item.signal} request with ${res.status}.`);
			return 'failed';
		} catch (error) {
			warn(`Demo bank: could not reach ${options.otlpUrl}: ${(error as Error).message}`);
			return 'retry';
		}
	}

	function encode(out: ReturnType<DemoBank['advance']>): Outgoing[] {
		const bodies: Outgoing[] = [];
		for (const signal of ['traces', 'metrics', 'logs'] as const) {
			const parts = out[signal].map((request) => encodeOtlpProtobuf(signal, request));
			for (const body of concatenate(parts, maxRequestBytes)) bodies.push({ signal, body });
		}
		return bodies;
	}

	/** Sends one request, waiting out refusals and unreachable moments (at most `maxAttempts`). */
	async function sendPatiently(item: Outgoing, maxAttempts = 120): Promise<void> {
		for (let attempt = 0; attempt < maxAttempts && !stopped; attempt++) {
			const waitMs = Math.max(0, pausedUntilMs - now());
			if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
			const result = await send(item);
			if (result === 'ok') {
				stats.requestsSent++;
				return;
			}
			if (result === 'failed') break;
			if (pausedUntilMs <= now()) await new Promise((r) => setTimeout(r, 500));
		}
		stats.requestsFailed++;
	}

	async function backfill(fromMs: number): Promise<void> {
		const stepMs = options.backfillStepMs ?? 60_000;
		const untilMs = now();
		for (let t = fromMs; t < untilMs && !stopped; ) {
			t = Math.min(t + stepMs, untilMs);
			for (const item of encode(options.bank.advance(t))) await sendPatiently(item);
			options.onBackfill?.(t - fromMs, untilMs - fromMs);
		}
	}

	async function round(): Promise<void> {
		const fresh = encode(options.bank.advance(now()));
		const pending = [...retry, ...fresh];
		retry = [];
		for (let i = 0; i < pending.length; i++) {
			if (stopped || now() < pausedUntilMs) {
				retry.push(...pending.slice(i));
				break;
			}
			const result = await send(pending[i]);
			if (result === 'ok') stats.requestsSent++;
			else if (result === 'failed') stats.requestsFailed++;
			else retry.push(pending[i]);
		}
		if (retry.length > maxRetryQueue) {
			stats.requestsDropped += retry.length - maxRetryQueue;
			retry = retry.slice(retry.length - maxRetryQueue);
		}
	}

	function tick(): Promise<void> {
		if (running) {
			stats.ticksSkipped++;
			return running;
		}
		running = round()
			.catch((error) => warn(`Demo bank: ${(error as Error).stack ?? error}`))
			.finally(() => (running = undefined));
		return running;
	}

	let ready = Promise.resolve();
	if (options.backfillFromMs !== undefined) {
		// ticks during the history find it running and are skipped; the next one covers their time
		running = backfill(options.backfillFromMs)
			.catch((error) => warn(`Demo bank history: ${(error as Error).stack ?? error}`))
			.finally(() => (running = undefined));
		ready = running;
	}
	const timer = setInterval(() => void tick(), intervalMs);
	return {
		ready,
		tick,
		stats: () => ({ ...stats }),
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}

/** Joins encoded messages into bodies of at most `maxBytes` (a single larger part goes alone). */
function concatenate(parts: Uint8Array<ArrayBuffer>[], maxBytes: number): Uint8Array<ArrayBuffer>[] {
	const bodies: Uint8Array<ArrayBuffer>[] = [];
	let group: Uint8Array<ArrayBuffer>[] = [];
	let size = 0;
	const flush = () => {
		if (group.length === 0) return;
		const body = new Uint8Array(size);
		let offset = 0;
		for (const p of group) {
			body.set(p, offset);
			offset += p.length;
		}
		bodies.push(body);
		group = [];
		size = 0;
	};
	for (const part of parts) {
		if (part.length === 0) continue;
		if (size + part.length > maxBytes) flush();
		group.push(part);
		size += part.length;
	}
	flush();
	return bodies;
}

function rateLimited(log: (m: string) => void, everyMs: number): (m: string) => void {
	let lastMs = -Infinity;
	let suppressed = 0;
	return (message) => {
		const t = Date.now();
		if (t - lastMs < everyMs) {
			suppressed++;
			return;
		}
		lastMs = t;
		log(suppressed > 0 ? `${message} (${suppressed} similar messages suppressed)` : message);
		suppressed = 0;
	};
}

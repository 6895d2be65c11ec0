/**
 * The offline demo's server side, isomorphic (runs in the demo worker, tested in Node):
 * a generator's OTLP goes into the relay core through `handle()` exactly like external
 * data (POST /v1/<signal>, OTLP/JSON), and requests intercepted by msw are answered by the
 * same relay core.
 *
 * Bounds: one generation tick at a time (a tick still running when the next is due is
 * skipped and counted); an export the relay refuses (log full: 429/503) is dropped and
 * counted, as an OTel SDK would after its retries. Both counts are in `stats()`.
 */
import type { Relay } from '../relay';
import type { OtlpSignal } from '../domain/otlp/types';
import { relayRequestUrl } from './demo-routes';
import { fromWireRequest, toWireResponse, type WireRequest, type WireResponse } from './wire';

/** One OTLP export request, as an SDK would send it. */
export interface DemoExport {
	signal: OtlpSignal;
	/** Export{Trace,Metrics,Logs}ServiceRequest in the OTLP/JSON mapping. */
	body: unknown;
}

export interface DemoSource {
	/** Everything generated for simulated time up to `nowMs` (Unix ms), oldest first. */
	advance(nowMs: number): DemoExport[];
}

export interface DemoBackendOptions {
	relay: Relay;
	source: DemoSource;
	now?: () => number;
	/** Generation period; the relay batches per export, so this sets the stream's rhythm. */
	tickMs?: number;
}

export interface DemoStats {
	ticks: number;
	skippedTicks: number;
	exports: number;
	refusedExports: number;
	lastRefusal?: string;
}

export const defaultDemoTickMs = 500;

export class DemoBackend {
	readonly #relay: Relay;
	readonly #source: DemoSource;
	readonly #now: () => number;
	readonly #tickMs: number;
	#timer: ReturnType<typeof setInterval> | undefined;
	#ticking = false;
	#stats: DemoStats = { ticks: 0, skippedTicks: 0, exports: 0, refusedExports: 0 };

	constructor(options: DemoBackendOptions) {
		this.#relay = options.relay;
		this.#source = options.source;
		this.#now = options.now ?? Date.now;
		this.#tickMs = options.tickMs ?? defaultDemoTickMs;
	}

	start(): void {
		if (this.#timer !== undefined) return;
		this.#timer = setInterval(() => void this.tick(), this.#tickMs);
	}

	/** Generates up to now and feeds the relay; resolves when every export was answered. */
	async tick(): Promise<void> {
		if (this.#ticking) {
			this.#stats.skippedTicks++;
			return;
		}
		this.#ticking = true;
		try {
			this.#stats.ticks++;
			for (const item of this.#source.advance(this.#now())) {
				this.#stats.exports++;
				const response = await this.#relay.handle(
					new Request(`http://demo.invalid/v1/${item.signal}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(item.body)
					})
				);
				if (!response.ok) {
					this.#stats.refusedExports++;
					this.#stats.lastRefusal = `${response.status} ${await response.text()}`;
				} else {
					await response.body?.cancel();
				}
			}
		} finally {
			this.#ticking = false;
		}
	}

	/** Answers one intercepted request; the response body (an SSE stream) is not buffered. */
	async handle(wire: WireRequest, signal?: AbortSignal): Promise<WireResponse> {
		const request = fromWireRequest({ ...wire, url: relayRequestUrl(wire.url) }, signal);
		return toWireResponse(await this.#relay.handle(request));
	}

	stats(): DemoStats {
		return { ...this.#stats };
	}

	async stop(): Promise<void> {
		if (this.#timer !== undefined) clearInterval(this.#timer);
		this.#timer = undefined;
		await this.#relay.close();
	}
}

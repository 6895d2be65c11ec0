/**
 * The business domain of each service, learned from traces, for grouping the map by domain
 * when no mapping document says otherwise. A trace's domain is its root span's
 * `biz.domain`; each service with a transaction in the trace (a SERVER or CONSUMER span, or
 * the root) counts that trace once for that domain.
 *
 * A service belongs to a domain when at least `minTraces` (5) traces were counted and that
 * domain has at least `minShare` (90 %) of them. A service serving several domains (a
 * gateway, a shared authentication service) belongs to none and stays outside the boxes.
 *
 * Bounds: traces waiting for their root (their services already seen) are kept up to
 * `maxPending` (20,000), oldest dropped first; counts for at most `maxServices` (5,000)
 * services, later services uncounted.
 */
import type { SpanRecord } from '../../protocol/records';
import { isTransaction } from '../telemetry/transactions';

interface PendingTrace {
	domain?: string;
	services: Set<string>;
}

export class ServiceDomains {
	readonly #pending = new Map<string, PendingTrace>();
	readonly #counts = new Map<string, Map<string, number>>();
	readonly #maxPending: number;
	readonly #maxServices: number;

	constructor(options: { maxPending?: number; maxServices?: number } = {}) {
		this.#maxPending = options.maxPending ?? 20_000;
		this.#maxServices = options.maxServices ?? 5_000;
	}

	add(spans: Iterable<SpanRecord>): void {
		for (const span of spans) {
			if (!isTransaction(span)) continue;
			let trace = this.#pending.get(span.traceId);
			if (!trace) {
				trace = { services: new Set() };
				this.#pending.set(span.traceId, trace);
				if (this.#pending.size > this.#maxPending) this.#pending.delete(this.#pending.keys().next().value!);
			}
			const domain = span.parentSpanId === '' ? span.attrs['biz.domain'] : undefined;
			if (trace.domain === undefined && typeof domain === 'string' && domain !== '') {
				trace.domain = domain;
				for (const service of trace.services) this.#count(service, domain);
			}
			if (trace.services.has(span.service)) continue;
			trace.services.add(span.service);
			if (trace.domain !== undefined) this.#count(span.service, trace.domain);
		}
	}

	/** service → domain, for the services that belong to one. */
	domains(options: { minTraces?: number; minShare?: number } = {}): Record<string, string> {
		const minTraces = options.minTraces ?? 5;
		const minShare = options.minShare ?? 0.9;
		const out: Record<string, string> = {};
		for (const [service, byDomain] of this.#counts) {
			let total = 0;
			let best = '';
			let bestCount = 0;
			for (const [domain, n] of byDomain) {
				total += n;
				if (n > bestCount || (n === bestCount && domain < best)) {
					best = domain;
					bestCount = n;
				}
			}
			if (total >= minTraces && bestCount >= minShare * total) out[service] = best;
		}
		return out;
	}

	#count(service: string, domain: string): void {
		let byDomain = this.#counts.get(service);
		if (!byDomain) {
			if (this.#counts.size >= this.#maxServices) return;
			this.#counts.set(service, (byDomain = new Map()));
		}
		byDomain.set(domain, (byDomain.get(domain) ?? 0) + 1);
	}
}

/**
 * The business domain of each service, learned from traces, for grouping the map by domain.
 * A trace's domain is, by default, its root span's `biz.domain` (what traces say); with
 * `domainOf` it is the first domain that function gives for one of the trace's transaction
 * spans (`designerDomainOf`: the domain of the business transaction the designer maps the
 * span to). Each service with a transaction in the trace (a SERVER or CONSUMER span, or the
 * root) counts that trace once for that domain.
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
import { BusinessModel } from '../business/model';
import type { BusinessDefinitions } from '../business/types';
import { isTransaction } from '../telemetry/transactions';

export type SpanDomainOf = (span: SpanRecord) => string | undefined;

/** What traces say: the root span's `biz.domain`. */
export const rootBizDomain: SpanDomainOf = (span) => {
	const domain = span.parentSpanId === '' ? span.attrs['biz.domain'] : undefined;
	return typeof domain === 'string' && domain !== '' ? domain : undefined;
};

/**
 * The designer's mapping: the domain of the first business transaction (in rule order) a
 * span matches; undefined when no valid transaction is defined (invalid definitions are
 * left out, as BusinessModel.build does).
 */
export function designerDomainOf(definitions: Pick<BusinessDefinitions, 'domains' | 'transactions'>): SpanDomainOf | undefined {
	const model = BusinessModel.build({ domains: definitions.domains, transactions: definitions.transactions, kpis: [] });
	if (model.transactions.length === 0) return undefined;
	const domains = model.transactions.map((t) => t.domainId);
	const matched = new Int32Array(model.matcher.size);
	return (span) => (model.matcher.matchInto(span, matched) > 0 ? domains[matched[0]] : undefined);
}

interface PendingTrace {
	domain?: string;
	services: Set<string>;
}

export class ServiceDomains {
	readonly #pending = new Map<string, PendingTrace>();
	readonly #counts = new Map<string, Map<string, number>>();
	readonly #maxPending: number;
	readonly #maxServices: number;
	readonly #domainOf: SpanDomainOf;

	constructor(options: { maxPending?: number; maxServices?: number; domainOf?: SpanDomainOf } = {}) {
		this.#maxPending = options.maxPending ?? 20_000;
		this.#maxServices = options.maxServices ?? 5_000;
		this.#domainOf = options.domainOf ?? rootBizDomain;
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
			const domain = trace.domain === undefined ? this.#domainOf(span) : undefined;
			if (domain !== undefined) {
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

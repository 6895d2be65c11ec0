/**
 * Synchronous call edges between the bank's services (caller → callees), as the flows make
 * them; asynchronous consumers (notification) are not callers. Ground truth uses it to name
 * the services an incident affects.
 */
import type { ServiceName } from './catalogue';

export const CALLS: Record<ServiceName, readonly ServiceName[]> = {
	'api-gateway': ['internet-banking', 'mobile-banking', 'loan-application', 'loan-execution'],
	'internet-banking': ['auth', 'accounts', 'transfer', 'deposit-withdrawal', 'product-catalogue', 'product-subscription', 'loan-application'],
	'mobile-banking': ['auth', 'accounts', 'transfer', 'deposit-withdrawal', 'product-catalogue', 'product-subscription', 'loan-application'],
	auth: [],
	accounts: ['core-banking'],
	'deposit-withdrawal': ['accounts', 'core-banking'],
	transfer: ['auth', 'accounts', 'core-banking'],
	'loan-application': ['core-banking', 'credit-scoring'],
	'credit-scoring': [],
	'loan-execution': ['loan-application', 'core-banking'],
	'product-catalogue': [],
	'product-subscription': ['product-catalogue', 'core-banking'],
	notification: [],
	'core-banking': []
};

function closure(start: ServiceName, next: (s: ServiceName) => readonly ServiceName[]): ServiceName[] {
	const seen = new Set<ServiceName>([start]);
	const queue: ServiceName[] = [start];
	while (queue.length > 0) {
		for (const n of next(queue.shift()!)) {
			if (!seen.has(n)) {
				seen.add(n);
				queue.push(n);
			}
		}
	}
	return [...seen];
}

/** The service and every service that calls it, directly or transitively. */
export function upstreamOf(service: ServiceName): ServiceName[] {
	const callers = (s: ServiceName) => (Object.keys(CALLS) as ServiceName[]).filter((c) => CALLS[c].includes(s));
	return closure(service, callers);
}

/** The service and everything it calls, directly or transitively. */
export function downstreamOf(service: ServiceName): ServiceName[] {
	return closure(service, (s) => CALLS[s]);
}

import { errorFlag, type ScatterStore } from './store';

/** Which points count: by service, operation, business domain and status. Absent fields do not filter. */
export interface ScatterFilter {
	services?: readonly string[];
	operations?: readonly string[];
	domains?: readonly string[];
	status?: 'error' | 'ok';
}

/** A filter compiled against a store's dictionaries: one array lookup per point. */
export interface CompiledFilter {
	/** Indexed by service id; undefined when services are not filtered. */
	services?: Uint8Array;
	operations?: Uint8Array;
	domains?: Uint8Array;
	/** Required value of the error bit, or -1. */
	error: number;
}

function mask(dictionary: { find(name: string): number | undefined; names: string[] }, names: readonly string[]): Uint8Array {
	const out = new Uint8Array(dictionary.names.length + 1);
	for (const name of names) {
		const id = dictionary.find(name);
		if (id !== undefined) out[id] = 1;
	}
	return out;
}

export function compileFilter(store: ScatterStore, filter: ScatterFilter = {}): CompiledFilter {
	return {
		...(filter.services ? { services: mask(store.services, filter.services) } : {}),
		...(filter.operations ? { operations: mask(store.operations, filter.operations) } : {}),
		...(filter.domains ? { domains: mask(store.domains, filter.domains) } : {}),
		error: filter.status === 'error' ? errorFlag : filter.status === 'ok' ? 0 : -1
	};
}

export function passes(store: ScatterStore, f: CompiledFilter, i: number): boolean {
	if (f.services && f.services[store.serviceIds[i]] !== 1) return false;
	if (f.operations && f.operations[store.operationIds[i]] !== 1) return false;
	if (f.domains && f.domains[store.domainIds[i]] !== 1) return false;
	return f.error < 0 || (store.flags[i] & errorFlag) === f.error;
}

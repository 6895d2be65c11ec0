/**
 * Bounds the number of rollup series. Per service, the first `maxEndpointsPerService`
 * endpoints and `maxInstancesPerService` instances seen get their own series; a name
 * not seen for `idleMs` (data time) frees its slot. Names arriving while a service is full
 * roll into `<service> / ~other` and are counted (distinct names, up to
 * `maxTrackedOverflow` remembered, then counted once more each time they are refused anew).
 * Services past `maxServices` roll into the service `~other` the same way.
 *
 * Why first-come rather than top-K by volume: a series must keep its identity across
 * windows for charts to be continuous; re-ranking would move traffic between a name and
 * `~other` from one window to the next. High-cardinality names (ids in span names) show
 * up as a large `~other` series and a visible overflow count.
 */
import { OVERFLOW_NAME } from './series-key';

export interface SeriesBounds {
	maxServices: number;
	maxEndpointsPerService: number;
	maxInstancesPerService: number;
	idleMs: number;
}

export const defaultSeriesBounds: Readonly<SeriesBounds> = Object.freeze({
	maxServices: 200,
	maxEndpointsPerService: 50,
	maxInstancesPerService: 100,
	idleMs: 3_600_000
});

const maxTrackedOverflow = 10_000;
/** A full table is swept for idle names at most once per minute of data time. */
const sweepEveryMs = 60_000;

class Admission {
	private readonly lastSeenMs = new Map<string, number>();
	private lastSweepMs = -Infinity;
	private readonly refused = new Set<string>();
	overflowed = 0;

	constructor(private readonly max: number) {}

	get size(): number {
		return this.lastSeenMs.size;
	}

	has(name: string): boolean {
		return this.lastSeenMs.has(name);
	}

	/** The name itself when admitted, else OVERFLOW_NAME. */
	admit(name: string, atMs: number, idleMs: number): string {
		const seen = this.lastSeenMs.get(name);
		if (seen !== undefined) {
			if (atMs > seen) this.lastSeenMs.set(name, atMs);
			return name;
		}
		if (this.lastSeenMs.size >= this.max && atMs - this.lastSweepMs >= sweepEveryMs) {
			this.lastSweepMs = atMs;
			for (const [other, lastMs] of this.lastSeenMs) {
				if (atMs - lastMs > idleMs) this.lastSeenMs.delete(other);
			}
		}
		if (this.lastSeenMs.size < this.max) {
			this.lastSeenMs.set(name, atMs);
			this.refused.delete(name);
			return name;
		}
		if (!this.refused.has(name)) {
			this.overflowed++;
			if (this.refused.size < maxTrackedOverflow) this.refused.add(name);
		}
		return OVERFLOW_NAME;
	}
}

export interface AdmittedNames {
	service: string;
	endpoint: string;
	instance: string;
}

export class SeriesBudget {
	readonly bounds: SeriesBounds;
	private readonly services: Admission;
	private readonly perService = new Map<string, { endpoints: Admission; instances: Admission }>();

	constructor(bounds: Partial<SeriesBounds> = {}) {
		this.bounds = { ...defaultSeriesBounds, ...bounds };
		this.services = new Admission(this.bounds.maxServices);
	}

	resolve(service: string, endpoint: string, instance: string, atMs: number): AdmittedNames {
		const idleMs = this.bounds.idleMs;
		const admittedService = this.services.admit(service, atMs, idleMs);
		let tables = this.perService.get(admittedService);
		if (!tables) {
			// tables of services that went idle and lost their slot are dropped with them
			if (this.perService.size > this.bounds.maxServices) {
				for (const name of this.perService.keys()) if (!this.services.has(name)) this.perService.delete(name);
			}
			tables = {
				endpoints: new Admission(this.bounds.maxEndpointsPerService),
				instances: new Admission(this.bounds.maxInstancesPerService)
			};
			this.perService.set(admittedService, tables);
		}
		return {
			service: admittedService,
			endpoint: tables.endpoints.admit(endpoint, atMs, idleMs),
			instance: tables.instances.admit(instance, atMs, idleMs)
		};
	}

	/** Distinct names refused so far. */
	overflow(): { services: number; endpoints: number; instances: number } {
		let endpoints = 0;
		let instances = 0;
		for (const tables of this.perService.values()) {
			endpoints += tables.endpoints.overflowed;
			instances += tables.instances.overflowed;
		}
		return { services: this.services.overflowed, endpoints, instances };
	}
}

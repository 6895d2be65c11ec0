/**
 * The response-time scatter's points (XLog): one per finished transaction, packed in
 * columns so a million of them scan in milliseconds and cross to a worker or canvas
 * without copying objects.
 *
 *   endMs        Float64Array  x: end time, Unix ms
 *   durationMs   Float32Array  y: response time, ms (7 significant digits)
 *   flags        Uint8Array    bit 0 = error
 *   rowIds       Uint32Array   the caller's id for the transaction (its list/detail row)
 *   serviceIds   Uint16Array   index into `services` (for filters)
 *   operationIds Uint16Array   index into `operations`
 *   domainIds    Uint16Array   index into `domains` (business domain; '' when unknown)
 *
 * Bound: a ring of `capacity` points (default 2,000,000; 23 bytes each, 46 MB when full).
 * Columns start at 65,536 points and double up to the capacity, so memory follows the
 * data. When full, each new point overwrites the oldest; `overwritten` counts them (the
 * screen can say "oldest points dropped"). Dictionaries hold at most 65,535 names; further
 * names share the id of `(other)`.
 */

export const errorFlag = 1;
const otherName = '(other)';
const maxNames = 65_535;

export interface ScatterPoint {
	endMs: number;
	durationMs: number;
	error: boolean;
	rowId: number;
	service?: string;
	operation?: string;
	domain?: string;
}

export class NameDictionary {
	readonly names: string[] = [];
	readonly #ids = new Map<string, number>();

	idOf(name: string): number {
		let id = this.#ids.get(name);
		if (id !== undefined) return id;
		if (this.names.length >= maxNames - 1) {
			id = this.#ids.get(otherName);
			if (id !== undefined) return id;
			name = otherName;
		}
		id = this.names.length;
		this.names.push(name);
		this.#ids.set(name, id);
		return id;
	}

	find(name: string): number | undefined {
		return this.#ids.get(name);
	}
}

export class ScatterStore {
	readonly capacity: number;
	endMs: Float64Array;
	durationMs: Float32Array;
	flags: Uint8Array;
	rowIds: Uint32Array;
	serviceIds: Uint16Array;
	operationIds: Uint16Array;
	domainIds: Uint16Array;
	readonly services = new NameDictionary();
	readonly operations = new NameDictionary();
	readonly domains = new NameDictionary();
	/** Next physical slot to write. */
	#head = 0;
	#size = 0;
	#overwritten = 0;

	constructor(options: { capacity?: number } = {}) {
		this.capacity = Math.max(1, Math.floor(options.capacity ?? 2_000_000));
		const initial = Math.min(this.capacity, 65_536);
		this.endMs = new Float64Array(initial);
		this.durationMs = new Float32Array(initial);
		this.flags = new Uint8Array(initial);
		this.rowIds = new Uint32Array(initial);
		this.serviceIds = new Uint16Array(initial);
		this.operationIds = new Uint16Array(initial);
		this.domainIds = new Uint16Array(initial);
	}

	get size(): number {
		return this.#size;
	}

	/** Points dropped because the ring was full. */
	get overwritten(): number {
		return this.#overwritten;
	}

	/** Physical index of the oldest point; logical point k is at `(start + k) % allocated`. */
	get start(): number {
		return this.#size < this.endMs.length ? 0 : this.#head;
	}

	/** Adds points; a point with a non-finite time or duration is skipped (the count is returned). */
	append(points: Iterable<ScatterPoint>): { added: number; skipped: number } {
		let added = 0;
		let skipped = 0;
		for (const p of points) {
			if (!Number.isFinite(p.endMs) || !Number.isFinite(p.durationMs)) {
				skipped++;
				continue;
			}
			const i = this.#slot();
			this.endMs[i] = p.endMs;
			this.durationMs[i] = p.durationMs;
			this.flags[i] = p.error ? errorFlag : 0;
			this.rowIds[i] = p.rowId >>> 0;
			this.serviceIds[i] = this.services.idOf(p.service ?? '');
			this.operationIds[i] = this.operations.idOf(p.operation ?? '');
			this.domainIds[i] = this.domains.idOf(p.domain ?? '');
			added++;
		}
		return { added, skipped };
	}

	#slot(): number {
		if (this.#size === this.endMs.length && this.endMs.length < this.capacity) this.#grow();
		const i = this.#head;
		this.#head = (this.#head + 1) % this.endMs.length;
		if (this.#size < this.endMs.length) this.#size++;
		else this.#overwritten++;
		return i;
	}

	#grow(): void {
		const length = Math.min(this.capacity, this.endMs.length * 2);
		const grow = <T extends Float64Array | Float32Array | Uint8Array | Uint32Array | Uint16Array>(old: T, make: (n: number) => T): T => {
			const next = make(length);
			next.set(old);
			return next;
		};
		this.endMs = grow(this.endMs, (n) => new Float64Array(n));
		this.durationMs = grow(this.durationMs, (n) => new Float32Array(n));
		this.flags = grow(this.flags, (n) => new Uint8Array(n));
		this.rowIds = grow(this.rowIds, (n) => new Uint32Array(n));
		this.serviceIds = grow(this.serviceIds, (n) => new Uint16Array(n));
		this.operationIds = grow(this.operationIds, (n) => new Uint16Array(n));
		this.domainIds = grow(this.domainIds, (n) => new Uint16Array(n));
		// growth only happens while not yet wrapped: the data sits at 0..size-1
		this.#head = this.#size;
	}
}

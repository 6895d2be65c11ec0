/**
 * Instance churn: when each unit (pod, task, host; see identity.ts) was present, from
 * sightings of its resources. A sighting is "this resource sent something at seenMs" (a
 * stream), or a stored resource's first and last seen time (an interval).
 *
 *   seen:      x x x x x            x x x        (sightings of pod p)
 *   intervals: [-------]            [---]        a silence longer than gapMs splits them
 *   processes: p's resources by service.instance.id; a restart adds one (restarts = n - 1)
 *
 * States at `nowMs` (thresholds are the caller's): `live` when seen within `silentAfterMs`,
 * `silent` until `retireAfterMs`, then `retired`: hidden from live views, kept in history.
 *
 * Bounds: at most `maxInstances` units (past it the unit seen least recently is dropped and
 * counted in `dropped`), `maxIntervals` intervals and `maxProcesses` processes per unit
 * (oldest dropped first).
 */
import type { Attrs, ResourceRecord } from '../../protocol/records';
import { instanceGroup, instanceUnit, resourceRole, type InstanceGroupId, type InstanceUnit } from './identity';

export interface PresenceInterval {
	fromMs: number;
	/** Last sighting in the interval. */
	toMs: number;
}

export interface ProcessLife {
	resourceId: string;
	/** `service.instance.id` (the record's `instance`): the key of rollup instance series. */
	instance: string;
	firstSeenMs: number;
	lastSeenMs: number;
	attrs: Attrs;
}

export interface InstanceLife {
	/** `service|unitKind|unitName`. */
	key: string;
	service: string;
	unit: InstanceUnit;
	group: InstanceGroupId;
	firstSeenMs: number;
	lastSeenMs: number;
	/** Oldest first, disjoint. */
	intervals: PresenceInterval[];
	/** Oldest first. */
	processes: ProcessLife[];
	/** Attributes of the most recently seen process. */
	attrs: Attrs;
}

export interface TrackerOptions {
	/** Silence that splits presence into two intervals (default 60 s: metrics come every 10-60 s). */
	gapMs?: number;
	maxInstances?: number;
	maxIntervals?: number;
	maxProcesses?: number;
}

export const defaultTrackerBounds = { gapMs: 60_000, maxInstances: 10_000, maxIntervals: 50, maxProcesses: 20 } as const;

export function unitKey(service: string, unit: InstanceUnit): string {
	return [service, unit.kind, unit.name].map((p) => p.replace(/%/g, '%25').replace(/\|/g, '%7C')).join('|');
}

export class InstanceTracker {
	/** Units dropped past `maxInstances`. */
	dropped = 0;
	readonly #lives = new Map<string, InstanceLife>();
	readonly #o: Required<TrackerOptions>;

	constructor(options: TrackerOptions = {}) {
		this.#o = { ...defaultTrackerBounds, ...options };
	}

	/** One sighting of a resource. Databases and event sources are ignored (false). */
	observe(resource: ResourceRecord, seenMs: number): boolean {
		return this.observeInterval(resource, seenMs, seenMs);
	}

	/** The resource was present from `firstSeenMs` to `lastSeenMs` (a stored resource). */
	observeInterval(resource: ResourceRecord, firstSeenMs: number, lastSeenMs: number): boolean {
		if (!Number.isFinite(firstSeenMs) || !Number.isFinite(lastSeenMs) || lastSeenMs < firstSeenMs) return false;
		if (resourceRole(resource) !== 'instance') return false;
		const unit = instanceUnit(resource);
		const key = unitKey(resource.service, unit);
		let life = this.#lives.get(key);
		if (!life) {
			if (this.#lives.size >= this.#o.maxInstances) this.#evictStalest();
			life = {
				key,
				service: resource.service,
				unit,
				group: instanceGroup(resource),
				firstSeenMs,
				lastSeenMs,
				intervals: [],
				processes: [],
				attrs: resource.attrs
			};
			this.#lives.set(key, life);
		}
		if (lastSeenMs >= life.lastSeenMs) {
			life.attrs = resource.attrs;
			life.group = instanceGroup(resource);
		}
		life.firstSeenMs = Math.min(life.firstSeenMs, firstSeenMs);
		life.lastSeenMs = Math.max(life.lastSeenMs, lastSeenMs);
		this.#addProcess(life, resource, firstSeenMs, lastSeenMs);
		this.#addInterval(life, firstSeenMs, lastSeenMs);
		return true;
	}

	instances(): InstanceLife[] {
		return [...this.#lives.values()];
	}

	#addProcess(life: InstanceLife, resource: ResourceRecord, firstSeenMs: number, lastSeenMs: number): void {
		const known = life.processes.find((p) => p.resourceId === resource.id);
		if (known) {
			known.firstSeenMs = Math.min(known.firstSeenMs, firstSeenMs);
			known.lastSeenMs = Math.max(known.lastSeenMs, lastSeenMs);
			if (lastSeenMs >= known.lastSeenMs) known.attrs = resource.attrs;
			return;
		}
		life.processes.push({ resourceId: resource.id, instance: resource.instance, firstSeenMs, lastSeenMs, attrs: resource.attrs });
		life.processes.sort((a, b) => a.firstSeenMs - b.firstSeenMs);
		if (life.processes.length > this.#o.maxProcesses) life.processes.splice(0, life.processes.length - this.#o.maxProcesses);
	}

	/** Inserts [from, to] and merges every interval it touches or comes within gapMs of. */
	#addInterval(life: InstanceLife, fromMs: number, toMs: number): void {
		const gap = this.#o.gapMs;
		let from = fromMs;
		let to = toMs;
		const kept: PresenceInterval[] = [];
		for (const interval of life.intervals) {
			if (interval.toMs + gap < from || to + gap < interval.fromMs) kept.push(interval);
			else {
				from = Math.min(from, interval.fromMs);
				to = Math.max(to, interval.toMs);
			}
		}
		kept.push({ fromMs: from, toMs: to });
		kept.sort((a, b) => a.fromMs - b.fromMs);
		if (kept.length > this.#o.maxIntervals) kept.splice(0, kept.length - this.#o.maxIntervals);
		life.intervals = kept;
	}

	#evictStalest(): void {
		let stalest: InstanceLife | undefined;
		for (const life of this.#lives.values()) if (!stalest || life.lastSeenMs < stalest.lastSeenMs) stalest = life;
		if (stalest) {
			this.#lives.delete(stalest.key);
			this.dropped++;
		}
	}
}

export type InstanceState = 'live' | 'silent' | 'retired';

export interface StateThresholds {
	/** Not seen for longer than this: silent (default 30 s: three missed 10 s reports). */
	silentAfterMs: number;
	/** Not seen for longer than this: retired from live views (the user's setting). */
	retireAfterMs: number;
}

export function instanceState(life: Pick<InstanceLife, 'lastSeenMs'>, nowMs: number, t: StateThresholds): InstanceState {
	const silenceMs = nowMs - life.lastSeenMs;
	if (silenceMs > t.retireAfterMs) return 'retired';
	if (silenceMs > t.silentAfterMs) return 'silent';
	return 'live';
}

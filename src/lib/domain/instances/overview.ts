/**
 * The Instances page model: per service, its scaling groups; per group, its units with their
 * state, the count over the range, the scale steps and the platform events that concern it.
 *
 * An event is placed on the unit it names (pod, ECS task or service.instance.id), else on the
 * group it names (Kubernetes deployment, or the service for ECS events), else on the groups
 * of the service it names; events that name none (a node added to the cluster) are listed
 * apart as cluster events. At most `maxEventsPerGroup` per group, newest kept.
 */
import { commonAttrs } from '../cloud/placeholders';
import type { Attrs } from '../../protocol/records';
import { instanceState, type InstanceLife, type InstanceState, type PresenceInterval, type StateThresholds } from './churn';
import { instanceDetails, type InstanceGroupId, type InstanceUnit } from './identity';
import type { PlatformEvent } from './platform-events';
import { countAt, countSeries, scaleSteps, type CountSeries, type ScaleStep } from './timeline';

/** Key of a process's transaction figures: `service|service.instance.id`. */
export function figuresKey(service: string, instance: string): string {
	return `${service}|${instance}`;
}

export interface InstanceRow {
	key: string;
	unit: InstanceUnit;
	state: InstanceState;
	firstSeenMs: number;
	lastSeenMs: number;
	/** Presence, oldest first (churn.ts). */
	intervals: PresenceInterval[];
	version?: string;
	zone?: string;
	node?: string;
	/** Processes oldest first; the last is the current one. */
	processes: { resourceId: string; instance: string; firstSeenMs: number; lastSeenMs: number }[];
	restarts: number;
	attrs: Attrs;
	/** Newest first. */
	events: PlatformEvent[];
}

export interface GroupOverview {
	group: InstanceGroupId;
	/** Every unit seen (history), newest first seen first. */
	instances: InstanceRow[];
	liveCount: number;
	silentCount: number;
	retiredCount: number;
	/**
	 * Present at the start of the range (null when observation began later) and now, and the
	 * extremes over the observed part of the range.
	 */
	countAtStart: number | null;
	countNow: number;
	minCount: number;
	maxCount: number;
	counts: CountSeries;
	steps: ScaleStep[];
	/** Newest first, the group's own and its units'. */
	events: PlatformEvent[];
	/** Attributes every unit of the group shares (for group-level cloud links). */
	commonAttrs: Attrs;
}

export interface ServiceOverview {
	service: string;
	groups: GroupOverview[];
}

export interface OverviewInput extends StateThresholds {
	lives: readonly InstanceLife[];
	events: readonly PlatformEvent[];
	nowMs: number;
	fromMs: number;
	toMs: number;
	stepMs: number;
	/** Earliest sighting Meridian holds (see timeline.ts). */
	observedFromMs: number;
	graceMs?: number;
	maxEventsPerGroup?: number;
}

export interface InstancesOverview {
	services: ServiceOverview[];
	/** Platform events that name no known unit, group or service (newest first). */
	clusterEvents: PlatformEvent[];
}

export function buildInstancesOverview(input: OverviewInput): InstancesOverview {
	const maxEvents = input.maxEventsPerGroup ?? 200;
	const byGroup = new Map<string, InstanceLife[]>();
	for (const life of input.lives) {
		const list = byGroup.get(life.group.key) ?? [];
		list.push(life);
		byGroup.set(life.group.key, list);
	}
	const rowsByKey = new Map<string, InstanceRow>();
	const groupEvents = new Map<string, PlatformEvent[]>();
	const index = eventIndex(input.lives);
	const clusterEvents: PlatformEvent[] = [];
	const rowOf = (life: InstanceLife): InstanceRow => {
		let row = rowsByKey.get(life.key);
		if (!row) {
			row = toRow(life, input);
			rowsByKey.set(life.key, row);
		}
		return row;
	};
	for (const event of [...input.events].sort((a, b) => b.timeMs - a.timeMs)) {
		const unit = index.unit(event);
		const groups = unit ? [unit.group.key] : index.groups(event);
		if (unit) rowOf(unit).events.push(event);
		if (groups.length === 0) clusterEvents.push(event);
		for (const key of groups) {
			const list = groupEvents.get(key) ?? [];
			if (list.length < maxEvents) list.push(event);
			groupEvents.set(key, list);
		}
	}

	const services = new Map<string, GroupOverview[]>();
	for (const [key, lives] of byGroup) {
		const rows = lives.map(rowOf).sort((a, b) => b.firstSeenMs - a.firstSeenMs || a.unit.name.localeCompare(b.unit.name));
		const presence = { nowMs: input.nowMs, graceMs: input.graceMs };
		const counts = countSeries(lives, { ...presence, fromMs: input.fromMs, toMs: input.toMs, stepMs: input.stepMs, observedFromMs: input.observedFromMs });
		const countAtStart = input.fromMs < input.observedFromMs ? null : countAt(lives, input.fromMs, presence);
		const countNow = countAt(lives, input.nowMs, presence);
		const observed = [...(countAtStart === null ? [] : [countAtStart]), ...counts.counts.filter((c): c is number => c !== null), countNow];
		const overview: GroupOverview = {
			group: lives[0].group,
			instances: rows,
			liveCount: rows.filter((r) => r.state === 'live').length,
			silentCount: rows.filter((r) => r.state === 'silent').length,
			retiredCount: rows.filter((r) => r.state === 'retired').length,
			countAtStart,
			countNow,
			minCount: Math.min(...observed),
			maxCount: Math.max(...observed),
			counts,
			steps: scaleSteps(lives, { ...presence, fromMs: input.fromMs, toMs: input.toMs, observedFromMs: input.observedFromMs }),
			events: groupEvents.get(key) ?? [],
			commonAttrs: commonAttrs(lives.map((l) => l.attrs))
		};
		const list = services.get(overview.group.service) ?? [];
		list.push(overview);
		services.set(overview.group.service, list);
	}
	return {
		services: [...services.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([service, groups]) => ({ service, groups: groups.sort((a, b) => a.group.name.localeCompare(b.group.name)) })),
		clusterEvents: clusterEvents.slice(0, maxEvents)
	};
}

function toRow(life: InstanceLife, t: StateThresholds & { nowMs: number }): InstanceRow {
	return {
		key: life.key,
		unit: life.unit,
		state: instanceState(life, t.nowMs, t),
		firstSeenMs: life.firstSeenMs,
		lastSeenMs: life.lastSeenMs,
		intervals: life.intervals.map((i) => ({ ...i })),
		...instanceDetails(life.attrs),
		processes: life.processes.map(({ resourceId, instance, firstSeenMs, lastSeenMs }) => ({ resourceId, instance, firstSeenMs, lastSeenMs })),
		restarts: Math.max(0, life.processes.length - 1),
		attrs: life.attrs,
		events: []
	};
}

function eventIndex(lives: readonly InstanceLife[]) {
	const units = new Map<string, InstanceLife>();
	const deployments = new Map<string, string[]>();
	const services = new Map<string, string[]>();
	const add = (map: Map<string, string[]>, key: string, groupKey: string) => {
		const list = map.get(key) ?? [];
		if (!list.includes(groupKey)) list.push(groupKey);
		map.set(key, list);
	};
	for (const life of lives) {
		if (life.unit.kind === 'pod' || life.unit.kind === 'task') units.set(`${life.unit.kind}:${life.unit.name}`, life);
		for (const p of life.processes) units.set(`process:${p.instance}`, life);
		if (life.group.kind === 'deployment') add(deployments, `${String(life.attrs['k8s.namespace.name'] ?? '')}/${life.group.name}`, life.group.key);
		add(services, life.service, life.group.key);
	}
	return {
		unit(e: PlatformEvent): InstanceLife | undefined {
			return (
				(e.instanceId ? units.get(`process:${e.instanceId}`) : undefined) ??
				(e.pod ? units.get(`pod:${e.pod}`) : undefined) ??
				(e.taskId ? units.get(`task:${e.taskId}`) : undefined)
			);
		},
		groups(e: PlatformEvent): string[] {
			if (e.deployment) {
				const found = deployments.get(`${e.namespace ?? ''}/${e.deployment}`);
				if (found) return found;
			}
			return e.service ? (services.get(e.service) ?? []) : [];
		}
	};
}

/**
 * Platform events (Kubernetes and ECS events received as OTLP logs, domain/instances
 * platform-events.ts) per service, for the map: a badge on the affected service's node and
 * the recent events in its details.
 *
 * An event names its service (`service.name`) when the sender knows it; otherwise it is
 * tied to a service through the stored resources: by `service.instance.id`, then the pod
 * (`k8s.pod.name`), the ECS task (`aws.ecs.task.id`), then the Kubernetes deployment within
 * its namespace. Events that name none of these (a node added to the cluster) belong to no
 * service and are only counted (`unassigned`).
 *
 * Warnings: OOMKilled, CrashLoopBackOff, failed scheduling, and any event of type Warning.
 *
 * Bounds: the `maxRecent` (10) newest events kept per service; at most `maxServices`
 * (5,000) services (events of further services counted in `unassigned`).
 */
import type { ResourceRecord } from '../../protocol/records';
import type { PlatformEvent, PlatformEventCategory } from '../instances/platform-events';

export interface ServicePlatformEvents {
	count: number;
	warnings: number;
	byCategory: Partial<Record<PlatformEventCategory, number>>;
	/** Newest first, at most `maxRecent`. */
	recent: PlatformEvent[];
}

const warningCategories: readonly PlatformEventCategory[] = ['oom', 'crash-loop', 'failed-scheduling'];

export function isWarningEvent(event: PlatformEvent): boolean {
	return event.type === 'Warning' || warningCategories.includes(event.category);
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Which service an event concerns, from the resources the store holds. */
export function platformEventIndex(resources: readonly ResourceRecord[]) {
	const byInstance = new Map<string, string>();
	const byPod = new Map<string, string>();
	const byTask = new Map<string, string>();
	const byDeployment = new Map<string, string>();
	for (const r of resources) {
		const instanceId = text(r.attrs['service.instance.id']);
		if (instanceId) byInstance.set(instanceId, r.service);
		const pod = text(r.attrs['k8s.pod.name']);
		if (pod) byPod.set(pod, r.service);
		const task = text(r.attrs['aws.ecs.task.id']);
		if (task) byTask.set(task, r.service);
		const deployment = text(r.attrs['k8s.deployment.name']);
		if (deployment) byDeployment.set(`${text(r.attrs['k8s.namespace.name']) ?? ''}/${deployment}`, r.service);
	}
	return (event: PlatformEvent): string | undefined =>
		event.service ??
		(event.instanceId ? byInstance.get(event.instanceId) : undefined) ??
		(event.pod ? byPod.get(event.pod) : undefined) ??
		(event.taskId ? byTask.get(event.taskId) : undefined) ??
		(event.deployment ? byDeployment.get(`${event.namespace ?? ''}/${event.deployment}`) : undefined);
}

export class ServiceEventTally {
	readonly #serviceOf: (event: PlatformEvent) => string | undefined;
	readonly #byService = new Map<string, ServicePlatformEvents>();
	readonly #maxRecent: number;
	readonly #maxServices: number;
	unassigned = 0;

	constructor(resources: readonly ResourceRecord[], options: { maxRecent?: number; maxServices?: number } = {}) {
		this.#serviceOf = platformEventIndex(resources);
		this.#maxRecent = options.maxRecent ?? 10;
		this.#maxServices = options.maxServices ?? 5_000;
	}

	add(event: PlatformEvent): void {
		const service = this.#serviceOf(event);
		let tally = service === undefined ? undefined : this.#byService.get(service);
		if (service !== undefined && !tally && this.#byService.size < this.#maxServices) {
			tally = { count: 0, warnings: 0, byCategory: {}, recent: [] };
			this.#byService.set(service, tally);
		}
		if (!tally) {
			this.unassigned++;
			return;
		}
		tally.count += event.count;
		if (isWarningEvent(event)) tally.warnings += event.count;
		tally.byCategory[event.category] = (tally.byCategory[event.category] ?? 0) + event.count;
		tally.recent.push(event);
		// trimmed in batches: sorting on every event would cost O(n log n) each
		if (tally.recent.length >= this.#maxRecent * 4) this.#trim(tally);
	}

	/** service → its events, each list newest first. */
	result(): Record<string, ServicePlatformEvents> {
		const out: Record<string, ServicePlatformEvents> = {};
		for (const [service, tally] of this.#byService) {
			this.#trim(tally);
			out[service] = { ...tally, byCategory: { ...tally.byCategory }, recent: [...tally.recent] };
		}
		return out;
	}

	#trim(tally: ServicePlatformEvents): void {
		tally.recent.sort((a, b) => b.timeMs - a.timeMs);
		tally.recent.length = Math.min(tally.recent.length, this.#maxRecent);
	}
}

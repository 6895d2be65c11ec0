/**
 * Platform events (Kubernetes events, ECS service events) received as OTLP log records, as
 * the Collector's k8s_events / k8sobjects receivers or an event bridge send them: `eventName`
 * (or attribute `event.name`) `k8s.event` / `aws.ecs.event`, the message as the body, and
 * `k8s.event.reason`, `k8s.event.type`, `k8s.object.kind`, `k8s.object.name`,
 * `k8s.namespace.name`, `k8s.deployment.name`, `k8s.pod.name` / `aws.ecs.task.id`,
 * `k8s.container.status.reason`, and `service.name` / `service.instance.id` of the instance
 * concerned when the sender knows them. A log with `k8s.event.reason` alone also counts.
 */
import type { AttrValue, LogRecord } from '../../protocol/records';

export const platformEventNames = ['k8s.event', 'aws.ecs.event'] as const;

/**
 * scale: replica count changes and node scale-up; oom: a container killed for memory;
 * crash-loop: a container restarting in back-off; failed-scheduling: no node could take a pod;
 * lifecycle: scheduled, started, killed; deployment: rollouts and steady state.
 */
export type PlatformEventCategory = 'scale' | 'oom' | 'crash-loop' | 'failed-scheduling' | 'lifecycle' | 'deployment' | 'other';

export interface PlatformEvent {
	timeMs: number;
	source: 'k8s' | 'ecs';
	reason: string;
	/** `Normal` or `Warning` for Kubernetes. */
	type: string;
	category: PlatformEventCategory;
	message: string;
	count: number;
	objectKind?: string;
	objectName?: string;
	namespace?: string;
	deployment?: string;
	pod?: string;
	taskId?: string;
	service?: string;
	instanceId?: string;
}

const categories: Record<string, PlatformEventCategory> = {
	SuccessfulRescale: 'scale',
	ScalingReplicaSet: 'scale',
	TriggeredScaleUp: 'scale',
	ScaleDown: 'scale',
	ScaledUpGroup: 'scale',
	OOMKilled: 'oom',
	OOMKilling: 'oom',
	BackOff: 'crash-loop',
	CrashLoopBackOff: 'crash-loop',
	FailedScheduling: 'failed-scheduling',
	NotTriggerScaleUp: 'failed-scheduling',
	Scheduled: 'lifecycle',
	Pulled: 'lifecycle',
	Created: 'lifecycle',
	Started: 'lifecycle',
	Killing: 'lifecycle',
	DeploymentRollout: 'deployment',
	ServiceSteadyState: 'deployment'
};

function text(value: AttrValue | undefined): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	if (typeof first === 'string') return first === '' ? undefined : first;
	if (typeof first === 'number') return String(first);
	return undefined;
}

/** Longest message kept per event. */
const maxMessageChars = 500;

/** The event a log record carries, or undefined when it is not a platform event. */
export function platformEventOf(log: LogRecord): PlatformEvent | undefined {
	const a = log.attrs ?? {};
	const name = log.eventName ?? text(a['event.name']);
	const reason = text(a['k8s.event.reason']);
	const isEvent = (platformEventNames as readonly string[]).includes(name ?? '');
	if (!isEvent && !reason) return undefined;
	const statusReason = text(a['k8s.container.status.reason']);
	const why = reason ?? statusReason ?? 'Unknown';
	// a BackOff is only a crash loop when the container status says so or nothing says otherwise
	let category = categories[why] ?? 'other';
	if (statusReason === 'OOMKilled') category = 'oom';
	else if (statusReason === 'CrashLoopBackOff') category = 'crash-loop';
	const countValue = Number(a['k8s.event.count'] ?? 1);
	return {
		timeMs: log.timeUs / 1000,
		source: name === 'aws.ecs.event' ? 'ecs' : 'k8s',
		reason: why,
		type: text(a['k8s.event.type']) ?? (log.severity >= 13 ? 'Warning' : 'Normal'),
		category,
		message: (log.body ?? '').slice(0, maxMessageChars),
		count: Number.isFinite(countValue) && countValue > 0 ? countValue : 1,
		objectKind: text(a['k8s.object.kind']),
		objectName: text(a['k8s.object.name']),
		namespace: text(a['k8s.namespace.name']),
		deployment: text(a['k8s.deployment.name']),
		pod: text(a['k8s.pod.name']),
		taskId: text(a['aws.ecs.task.id']),
		service: text(a['service.name']),
		instanceId: text(a['service.instance.id'])
	};
}

/**
 * Platform events (Kubernetes events and ECS service events received as OTLP logs) as rule
 * engine events. The service an event concerns is its `service.name` attribute, else
 * `k8s.deployment.name` (the collector names the object, not always the service).
 *
 *   DeploymentRollout                                   deployment
 *   ScalingReplicaSet "Scaled up" / SuccessfulRescale
 *     "from N to M" with M > N                          scale-out (M < N: scale-in)
 *   OOMKilled (or container status OOMKilled)           k8s.OOMKilled
 *   BackOff (CrashLoopBackOff)                          k8s.BackOff
 *   FailedScheduling                                    k8s.FailedScheduling
 */
import type { AttrValue, LogRecord } from '../../../protocol/records';
import type { RuleEvent } from './dependencies';

export const platformEventNames: readonly string[] = ['k8s.event', 'aws.ecs.event'];

function text(v: AttrValue | undefined): string {
	return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}

function eventOf(reason: string, body: string, statusReason: string): string | undefined {
	if (reason === 'OOMKilled' || statusReason === 'OOMKilled') return 'k8s.OOMKilled';
	switch (reason) {
		case 'DeploymentRollout':
			return 'deployment';
		case 'BackOff':
			return 'k8s.BackOff';
		case 'FailedScheduling':
			return 'k8s.FailedScheduling';
		case 'ScalingReplicaSet':
			return /scaled up/i.test(body) ? 'scale-out' : /scaled down/i.test(body) ? 'scale-in' : undefined;
		case 'SuccessfulRescale': {
			const m = body.match(/from (\d+) to (\d+)/);
			if (!m) return undefined;
			return Number(m[2]) > Number(m[1]) ? 'scale-out' : Number(m[2]) < Number(m[1]) ? 'scale-in' : undefined;
		}
	}
	return undefined;
}

export function platformEvents(logs: Iterable<LogRecord>): RuleEvent[] {
	const out: RuleEvent[] = [];
	for (const log of logs) {
		const kind = log.eventName ?? text(log.attrs['event.name']);
		if (!platformEventNames.includes(kind)) continue;
		const name = eventOf(text(log.attrs['k8s.event.reason']), log.body, text(log.attrs['k8s.container.status.reason']));
		const node = text(log.attrs['service.name']) || text(log.attrs['k8s.deployment.name']);
		if (name && node) out.push({ node, name, timeMs: log.timeUs / 1000 });
	}
	return out;
}

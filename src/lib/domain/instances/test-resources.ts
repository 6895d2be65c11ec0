/** Crafted resources for the instance tests. */
import type { Attrs, ResourceRecord } from '../../protocol/records';

/** A pod's process as the OTel SDK on EKS reports it. */
export function podResource(service: string, pod: string, processId: string, extra: Attrs = {}): ResourceRecord {
	const attrs: Attrs = {
		'service.name': service,
		'service.instance.id': processId,
		'telemetry.sdk.name': 'opentelemetry',
		'k8s.cluster.name': 'prod',
		'k8s.namespace.name': 'bank',
		'k8s.deployment.name': service,
		'k8s.pod.name': pod,
		...extra
	};
	return { id: `${pod}/${processId}`, service, instance: processId, attrs };
}


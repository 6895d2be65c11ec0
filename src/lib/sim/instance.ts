/** A running (or starting) process of a service, and the platform events about it. */
import type { Resource } from '../domain/otlp/types';
import type { ServiceDef, ServiceName } from './catalogue';
import type { InstanceMeter } from './meter';
import type { InstanceIdentity } from './resources';

export type InstanceState = 'scheduling' | 'starting' | 'ready' | 'crashloop';

export interface InstanceFault {
	/** Probability that a request on this instance fails with HTTP 500. */
	rate: number;
	errorType: string;
	message: string;
}

export interface Instance extends InstanceIdentity {
	serial: number;
	/** Replica set (EKS) or task definition revision (ECS) the instance was created from. */
	templateKey: string;
	state: InstanceState;
	/** Scenario time of the next state change (ready, scheduled, restarted). */
	untilScenarioMs: number;
	/** Caller clock of the current process start (start of cumulative metrics). */
	processStartMs: number;
	restarts: number;
	/** Start attempts that will still crash (bad builds). */
	crashesLeft: number;
	fault?: InstanceFault;
	resource: Resource;
	meter: InstanceMeter;
}

export type FleetEventReason =
	| 'SuccessfulRescale'
	| 'ScalingReplicaSet'
	| 'Scheduled'
	| 'FailedScheduling'
	| 'TriggeredScaleUp'
	| 'Started'
	| 'Killing'
	| 'OOMKilled'
	| 'BackOff'
	| 'DeploymentRollout'
	| 'ServiceSteadyState';

export interface FleetEvent {
	atMs: number;
	reason: FleetEventReason;
	type: 'Normal' | 'Warning';
	service: ServiceName;
	platform: ServiceDef['platform'];
	objectKind: 'Pod' | 'Deployment' | 'HorizontalPodAutoscaler' | 'ReplicaSet' | 'Node' | 'Service';
	objectName: string;
	instance?: Instance;
	message: string;
}

/**
 * Instances per service and their lifecycle in scenario time: a horizontal pod autoscaler
 * (EKS) or ECS service auto scaling, rolling deployments, restarts and a cluster whose node
 * count lags behind pod demand (FailedScheduling).
 *
 *   HPA         every 15 s: desired = ceil(rps / (capacityRps × 0.6)), clamped to min..max,
 *               from demand as the metrics pipeline saw it 30 s earlier (bank.ts);
 *               scale-out at once by at most ×2 or +4 pods, scale-in only to the highest
 *               desired of the last 5 min
 *   start-up    Java 35-70 s, Node 8-15 s from scheduled to ready (no traffic before ready)
 *   cluster     10 pods per EKS node; a pending pod makes the cluster autoscaler add a node
 *               after 90-150 s; nodes above 140 % of need are removed after 10 min
 *   rollout     maxSurge 1: one new pod, wait for ready, retire one old pod, repeat
 *
 * Bounds: at most maxReplicas (+1 during a rollout) instances per service; the event list
 * is drained by every advance() slice.
 */
import { CLOUD, SERVICES, type ServiceDef, type ServiceName } from './catalogue';
import { callerMsAt, type ScenarioClock } from './clock';
import { NodePool, PODS_PER_NODE } from './cluster';
import type { FleetEvent, FleetEventReason, Instance, InstanceFault } from './instance';
import { InstanceMeter } from './meter';
import { Prng } from './prng';
import { buildResource, type InstanceIdentity } from './resources';

export type { FleetEvent, FleetEventReason, Instance, InstanceFault, InstanceState } from './instance';

interface Template {
	key: string;
	version: string;
	replicaSet: string;
	taskRevision: number;
	fault?: InstanceFault;
	crashesOnFirstPod: number;
}

interface Rollout {
	template: Template;
	created: number;
	retired: number;
}

interface ServiceFleet {
	def: ServiceDef;
	instances: Instance[];
	template: Template;
	rollout?: Rollout;
	/** (scenarioMs, desired) of the last 5 min, for scale-in stabilisation. */
	recentDesired: { atMs: number; desired: number }[];
	lastScaleOutAtMs: number;
}

const HPA_PERIOD_MS = 15_000;
const TARGET_UTILISATION = 0.6;
const SCALE_IN_WINDOW_MS = 300_000;

export class Fleet {
	private readonly prng: Prng;
	private readonly fleets = new Map<ServiceName, ServiceFleet>();
	private readonly events: FleetEvent[] = [];
	private serial = 0;
	private nextHpaMs: number;
	private readonly nodes: NodePool;

	constructor(
		private readonly clock: ScenarioClock,
		seed: number,
		scenarioMs: number,
		rps: (service: ServiceName) => number
	) {
		this.prng = new Prng(seed, 'fleet');
		this.nextHpaMs = scenarioMs + HPA_PERIOD_MS;
		const initial = SERVICES.map((def) => ({ def, count: desiredReplicas(def, rps(def.name)) }));
		const eksPods = initial.filter((s) => s.def.platform === 'eks').reduce((n, s) => n + s.count, 0);
		this.nodes = new NodePool(this.prng, Math.ceil((eksPods * 1.3) / PODS_PER_NODE) + 1);
		for (const { def, count } of initial) {
			const template = makeTemplate(def, def.version, `${def.name}-${this.prng.k8sSuffix(10)}`, 40 + this.prng.int(30));
			const fleet: ServiceFleet = { def, instances: [], template, recentDesired: [], lastScaleOutAtMs: -Infinity };
			this.fleets.set(def.name, fleet);
			for (let i = 0; i < count; i++) {
				const inst = this.createInstance(fleet, scenarioMs, i);
				inst.state = 'ready';
				inst.untilScenarioMs = Infinity;
				// Processes were started hours before the simulation began.
				inst.processStartMs = this.clock.startMs - (2 + this.prng.int(40)) * 3_600_000;
				inst.meter = new InstanceMeter(inst.processStartMs);
			}
		}
	}

	/** Instances that receive traffic. */
	ready(service: ServiceName): Instance[] {
		return this.fleet(service).instances.filter((i) => i.state === 'ready');
	}

	/** Every live process (emits metrics): ready and starting instances. */
	running(): Instance[] {
		const out: Instance[] = [];
		for (const f of this.fleets.values()) {
			for (const i of f.instances) if (i.state === 'ready' || i.state === 'starting') out.push(i);
		}
		return out;
	}

	instances(service: ServiceName): readonly Instance[] {
		return this.fleet(service).instances;
	}

	currentVersion(service: ServiceName): string {
		return this.fleet(service).template.version;
	}

	/** Requests per instance-capacity; > 1 means saturated. Infinity with no ready instance. */
	utilisation(service: ServiceName, rps: number): number {
		const f = this.fleet(service);
		const ready = f.instances.filter((i) => i.state === 'ready').length;
		return ready === 0 ? Infinity : rps / (ready * f.def.capacityRps);
	}

	drainEvents(): FleetEvent[] {
		return this.events.splice(0, this.events.length);
	}

	/** Advances lifecycles and autoscaling to `scenarioMs`. Call with non-decreasing times. */
	tick(scenarioMs: number, rps: (service: ServiceName) => number): void {
		for (const f of this.fleets.values()) this.advanceLifecycles(f, scenarioMs);
		while (this.nextHpaMs <= scenarioMs) {
			const at = this.nextHpaMs;
			for (const f of this.fleets.values()) {
				this.autoscale(f, at, rps(f.def.name));
				if (f.rollout) this.stepRollout(f, at);
			}
			this.manageNodes(at);
			this.nextHpaMs += HPA_PERIOD_MS;
		}
	}

	/** The process is killed and restarted in the same pod (new service.instance.id). */
	restart(instance: Instance, scenarioMs: number, reason: 'OOMKilled'): void {
		const f = this.fleet(instance.def.name);
		this.emit(scenarioMs, f, 'OOMKilled', 'Warning', 'Pod', instance.podName,
			`Container ${f.def.name} in pod ${instance.podName} was ${reason} (exit code 137, memory limit reached); restarting`, instance);
		instance.restarts++;
		this.startProcess(f, instance, scenarioMs);
	}

	/** Rolling update to a new version; returns the new replica-set name. */
	rollout(service: ServiceName, scenarioMs: number, version: string, fault?: InstanceFault, crashes = 0): string {
		const f = this.fleet(service);
		const template = makeTemplate(f.def, version, `${service}-${this.prng.k8sSuffix(10)}`, f.template.taskRevision + 1);
		template.fault = fault;
		template.crashesOnFirstPod = crashes;
		f.template = template;
		f.rollout = { template, created: 0, retired: 0 };
		this.emit(scenarioMs, f, 'DeploymentRollout', 'Normal', 'Deployment', service,
			`Rolling out ${service} ${version} (replica set ${template.replicaSet})`);
		this.stepRollout(f, scenarioMs);
		return template.replicaSet;
	}

	private fleet(service: ServiceName): ServiceFleet {
		const f = this.fleets.get(service);
		if (!f) throw new Error(`unknown demo bank service ${service}`);
		return f;
	}

	private eksPodCount(): number {
		let n = 0;
		for (const f of this.fleets.values()) {
			if (f.def.platform === 'eks') n += f.instances.filter((i) => i.state !== 'scheduling').length;
		}
		return n;
	}

	private createInstance(f: ServiceFleet, scenarioMs: number, index: number): Instance {
		const { def, template } = f;
		let podName: string;
		let hostName: string;
		let hostId: string;
		let zone: string;
		if (def.platform === 'ec2') {
			podName = `cbs-app-0${index + 1}`;
			hostName = `${podName}.corp.meridianbank.internal`;
			hostId = `i-0${this.prng.hex(16)}`;
			zone = CLOUD.zones[index % CLOUD.zones.length];
		} else if (def.platform === 'ecs') {
			podName = this.prng.hex(32);
			hostName = '';
			hostId = '';
			zone = CLOUD.zones[this.serial % CLOUD.zones.length];
		} else {
			podName = `${template.replicaSet}-${this.prng.k8sSuffix(5)}`;
			const node = this.nodes.pick(this.serial);
			hostName = node.name;
			hostId = node.id;
			zone = node.zone;
		}
		const identity: InstanceIdentity = {
			def,
			instanceId: this.prng.uuid(),
			version: template.version,
			podName,
			replicaSet: def.platform === 'eks' ? template.replicaSet : undefined,
			zone,
			hostName,
			hostId,
			taskRevision: def.platform === 'ecs' ? template.taskRevision : undefined
		};
		const processStartMs = callerMsAt(this.clock, scenarioMs);
		const inst: Instance = {
			...identity,
			serial: this.serial++,
			templateKey: template.key,
			state: 'starting',
			untilScenarioMs: scenarioMs + startupMs(def, this.prng),
			processStartMs,
			restarts: 0,
			crashesLeft: 0,
			fault: template.fault,
			resource: buildResource(identity),
			meter: new InstanceMeter(processStartMs)
		};
		f.instances.push(inst);
		return inst;
	}

	private startProcess(f: ServiceFleet, inst: Instance, scenarioMs: number): void {
		inst.instanceId = this.prng.uuid();
		inst.resource = buildResource(inst);
		inst.state = 'starting';
		inst.untilScenarioMs = scenarioMs + startupMs(f.def, this.prng);
		inst.processStartMs = callerMsAt(this.clock, scenarioMs);
		inst.meter = new InstanceMeter(inst.processStartMs);
	}

	private advanceLifecycles(f: ServiceFleet, scenarioMs: number): void {
		for (const inst of f.instances) {
			while (inst.untilScenarioMs <= scenarioMs) {
				const at = inst.untilScenarioMs;
				if (inst.state === 'scheduling') {
					if (this.eksPodCount() >= this.nodes.capacity()) {
						inst.untilScenarioMs = at + HPA_PERIOD_MS;
						continue;
					}
					this.emit(at, f, 'Scheduled', 'Normal', 'Pod', inst.podName,
						`Successfully assigned ${f.def.k8sNamespace}/${inst.podName} to ${inst.hostName}`, inst);
					this.startProcess(f, inst, at);
				} else if (inst.state === 'starting' && inst.crashesLeft > 0) {
					inst.crashesLeft--;
					inst.restarts++;
					inst.state = 'crashloop';
					inst.untilScenarioMs = at + 10_000 * 2 ** Math.min(inst.restarts - 1, 4);
					this.emit(at, f, 'BackOff', 'Warning', 'Pod', inst.podName,
						`Back-off restarting failed container ${f.def.name} in pod ${inst.podName}`, inst);
				} else if (inst.state === 'crashloop') {
					this.startProcess(f, inst, at);
				} else if (inst.state === 'starting') {
					inst.state = 'ready';
					inst.untilScenarioMs = Infinity;
					this.emit(at, f, 'Started', 'Normal', 'Pod', inst.podName,
						`Started container ${f.def.name} (${inst.version})`, inst);
				} else {
					inst.untilScenarioMs = Infinity;
				}
			}
		}
	}

	private autoscale(f: ServiceFleet, scenarioMs: number, rps: number): void {
		const { def } = f;
		if (def.minReplicas === def.maxReplicas) return;
		const desired = desiredReplicas(def, rps);
		f.recentDesired.push({ atMs: scenarioMs, desired });
		while (f.recentDesired.length > 0 && f.recentDesired[0].atMs < scenarioMs - SCALE_IN_WINDOW_MS) f.recentDesired.shift();
		const current = f.instances.length - (f.rollout ? f.rollout.created - f.rollout.retired : 0);
		if (desired > current) {
			// The HPA's default scale-up policy: at most double, or 4 pods more, per period.
			const target = Math.min(desired, Math.max(current * 2, current + 4));
			this.scaleTo(f, scenarioMs, current, target);
			for (let i = current; i < target; i++) this.addPod(f, scenarioMs);
			f.lastScaleOutAtMs = scenarioMs;
		} else if (desired < current) {
			const keep = Math.max(...f.recentDesired.map((d) => d.desired));
			if (keep >= current || scenarioMs - f.lastScaleOutAtMs < SCALE_IN_WINDOW_MS) return;
			this.scaleTo(f, scenarioMs, current, keep);
			for (let i = keep; i < current; i++) {
				const victim = f.instances[f.instances.length - 1];
				this.retire(f, victim, scenarioMs);
			}
		}
	}

	private scaleTo(f: ServiceFleet, scenarioMs: number, from: number, to: number): void {
		const { def } = f;
		if (def.platform === 'ecs') {
			this.emit(scenarioMs, f, 'SuccessfulRescale', 'Normal', 'Service', def.name,
				`Application Auto Scaling changed the desired count of service ${def.name} from ${from} to ${to}`);
			return;
		}
		this.emit(scenarioMs, f, 'SuccessfulRescale', 'Normal', 'HorizontalPodAutoscaler', def.name,
			`New size: ${to}; reason: cpu resource utilization (percentage of request) ${to > from ? 'above' : 'below'} target`);
		this.emit(scenarioMs, f, 'ScalingReplicaSet', 'Normal', 'Deployment', def.name,
			`Scaled ${to > from ? 'up' : 'down'} replica set ${f.template.replicaSet} from ${from} to ${to}`);
	}

	private addPod(f: ServiceFleet, scenarioMs: number): Instance {
		const inst = this.createInstance(f, scenarioMs, f.instances.length);
		if (f.def.platform === 'eks' && this.eksPodCount() > this.nodes.capacity()) {
			inst.state = 'scheduling';
			inst.untilScenarioMs = scenarioMs + HPA_PERIOD_MS;
			this.emit(scenarioMs, f, 'FailedScheduling', 'Warning', 'Pod', inst.podName,
				`0/${this.nodes.count()} nodes are available: ${this.nodes.count()} Insufficient cpu. preemption: not helpful for scheduling.`, inst);
			this.nodes.requestNode(scenarioMs);
		}
		return inst;
	}

	private retire(f: ServiceFleet, inst: Instance, scenarioMs: number): void {
		f.instances.splice(f.instances.indexOf(inst), 1);
		const what = f.def.platform === 'ecs' ? 'task' : 'container';
		this.emit(scenarioMs, f, 'Killing', 'Normal', 'Pod', inst.podName, `Stopping ${what} ${f.def.name}`, inst);
	}

	private stepRollout(f: ServiceFleet, scenarioMs: number): void {
		const ro = f.rollout;
		if (!ro) return;
		const isNew = (i: Instance) => i.templateKey === ro.template.key;
		if (f.instances.some((i) => isNew(i) && i.state !== 'ready')) return;
		const old = f.instances.filter((i) => !isNew(i));
		if (ro.created > ro.retired && old.length > 0) {
			this.retire(f, old[0], scenarioMs);
			old.shift();
			ro.retired++;
		}
		if (old.length > 0) {
			const inst = this.addPod(f, scenarioMs);
			if (ro.created === 0) inst.crashesLeft = ro.template.crashesOnFirstPod;
			ro.created++;
			if (f.def.platform === 'eks') {
				this.emit(scenarioMs, f, 'ScalingReplicaSet', 'Normal', 'Deployment', f.def.name,
					`Scaled up replica set ${ro.template.replicaSet} to ${ro.created}`);
			}
		} else {
			f.rollout = undefined;
			this.emit(scenarioMs, f, 'ServiceSteadyState', 'Normal', 'Deployment', f.def.name,
				`Deployment ${f.def.name} rolled out ${ro.template.version}: ${f.instances.length} replicas available`);
		}
	}

	private manageNodes(scenarioMs: number): void {
		const added = this.nodes.manage(scenarioMs, this.eksPodCount());
		if (!added) return;
		this.emit(scenarioMs, this.fleet('api-gateway'), 'TriggeredScaleUp', 'Normal', 'Node', added.name,
			`cluster-autoscaler added node ${added.name} (${this.nodes.count()} nodes) for pending pods`);
	}

	private emit(
		scenarioMs: number,
		f: ServiceFleet,
		reason: FleetEventReason,
		type: FleetEvent['type'],
		objectKind: FleetEvent['objectKind'],
		objectName: string,
		message: string,
		instance?: Instance
	): void {
		this.events.push({
			atMs: callerMsAt(this.clock, scenarioMs),
			reason,
			type,
			service: f.def.name,
			platform: f.def.platform,
			objectKind,
			objectName,
			instance: instance ? { ...instance } : undefined,
			message
		});
	}
}

function makeTemplate(def: ServiceDef, version: string, replicaSet: string, taskRevision: number): Template {
	const key = def.platform === 'eks' ? replicaSet : `${def.name}:${taskRevision}`;
	return { key, version, replicaSet, taskRevision, crashesOnFirstPod: 0 };
}

export function desiredReplicas(def: ServiceDef, rps: number): number {
	const want = Math.ceil(rps / (def.capacityRps * TARGET_UTILISATION));
	return Math.min(def.maxReplicas, Math.max(def.minReplicas, want));
}

function startupMs(def: ServiceDef, prng: Prng): number {
	return def.runtime === 'nodejs' ? prng.range(8_000, 15_000) : prng.range(35_000, 70_000);
}

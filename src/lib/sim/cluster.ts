/**
 * The EKS worker nodes: 10 pods per node. A pod that cannot be scheduled makes the cluster
 * autoscaler add a node 90-150 s (scenario) later; nodes above 140 % of need for 10 min are
 * removed. Pods keep the node name they were placed on.
 */
import { CLOUD } from './catalogue';
import type { Prng } from './prng';

export const PODS_PER_NODE = 10;
const SCALE_UP_DELAY_MS: [number, number] = [90_000, 150_000];
const SURPLUS_MS = 600_000;

export interface Node {
	name: string;
	zone: string;
	/** EC2 instance id. */
	id: string;
}

export class NodePool {
	private readonly nodes: Node[] = [];
	private requestAtMs: number | undefined;
	private surplusSinceMs: number | undefined;

	constructor(
		private readonly prng: Prng,
		initialCount: number
	) {
		for (let i = 0; i < initialCount; i++) this.add();
	}

	count(): number {
		return this.nodes.length;
	}

	capacity(): number {
		return this.nodes.length * PODS_PER_NODE;
	}

	/** The node for the n-th pod placed (spread round-robin over nodes and zones). */
	pick(serial: number): Node {
		return this.nodes[serial % this.nodes.length];
	}

	/** A pod is pending: ask for one more node (once until it arrives). */
	requestNode(scenarioMs: number): void {
		this.requestAtMs ??= scenarioMs + this.prng.range(SCALE_UP_DELAY_MS[0], SCALE_UP_DELAY_MS[1]);
	}

	/** Adds a requested node when due (returned), or removes a long-idle surplus node. */
	manage(scenarioMs: number, pods: number): Node | undefined {
		if (this.requestAtMs !== undefined && scenarioMs >= this.requestAtMs) {
			this.requestAtMs = undefined;
			return this.add();
		}
		if (this.nodes.length > Math.ceil((pods / PODS_PER_NODE) * 1.4) + 1) {
			this.surplusSinceMs ??= scenarioMs;
			if (scenarioMs - this.surplusSinceMs >= SURPLUS_MS) {
				this.nodes.pop();
				this.surplusSinceMs = undefined;
			}
		} else {
			this.surplusSinceMs = undefined;
		}
		return undefined;
	}

	private add(): Node {
		const zoneIndex = this.nodes.length % CLOUD.zones.length;
		const octet = 16 * (zoneIndex + 1) + this.prng.int(16);
		const node = {
			name: `ip-10-20-${octet}-${10 + this.prng.int(240)}.${CLOUD.region}.compute.internal`,
			zone: CLOUD.zones[zoneIndex],
			id: `i-0${this.prng.hex(16)}`
		};
		this.nodes.push(node);
		return node;
	}
}

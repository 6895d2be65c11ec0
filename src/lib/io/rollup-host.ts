/**
 * What runs inside the rollup worker (writer tab only): recovers rollups, then ticks once a
 * second (aligned to the second, never overlapping), publishing the LiveSnapshot to every
 * tab over BroadcastChannel `meridian-live`.
 */
import { liveChannelName } from '../domain/telemetry/live-snapshot';
import { DexieTelemetryStore } from './dexie-store';
import { controlChannelName, type ControlMessage } from './ingest-host';
import { RollupEngine } from './rollup-engine';
import { handleRollupMessage, type RollupPortMessage } from './rollup-port';
import type { TelemetryDatabase } from './telemetry-store';

export class RollupHost {
	private engine: RollupEngine | undefined;
	private store: TelemetryDatabase | undefined;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private channel: BroadcastChannel | undefined;
	private control: BroadcastChannel | undefined;
	private stopped = false;

	async start(dbName: string, port: MessagePort): Promise<{ replayedSpans: number }> {
		const store = new DexieTelemetryStore({ name: dbName });
		this.store = store;
		const channel = new BroadcastChannel(liveChannelName);
		this.channel = channel;
		const engine = new RollupEngine({
			store,
			publish: (snapshot) => channel.postMessage({ type: 'snapshot', snapshot }),
			estimateStorage: () => globalThis.navigator?.storage?.estimate?.() ?? Promise.resolve(undefined)
		});
		this.engine = engine;
		// messages queue in the port until the recovery replay is done
		const result = await engine.start();
		port.onmessage = (event: MessageEvent<RollupPortMessage>) => handleRollupMessage(engine, event.data);
		// changed settings may shorten retention: apply it now rather than at the next 30 s pass
		this.control = new BroadcastChannel(controlChannelName);
		this.control.onmessage = (event: MessageEvent<ControlMessage>) => event.data?.type === 'settings' && engine.evictAtNextTick();
		this.schedule();
		return result;
	}

	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		await this.engine?.flush().catch(() => {});
		this.channel?.close();
		this.control?.close();
		this.store?.close();
	}

	private schedule(): void {
		if (this.stopped) return;
		const delayMs = 1_000 - (Date.now() % 1_000) + 5;
		this.timer = setTimeout(async () => {
			try {
				await this.engine?.tick();
			} finally {
				this.schedule();
			}
		}, delayMs);
	}
}

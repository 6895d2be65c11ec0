/**
 * What runs inside the ingest worker. Every tab starts one; it asks for the Web Lock
 * `meridian-writer` and waits. The holder ingests (stream -> IndexedDB) and feeds its tab's
 * rollup worker; when its tab closes the lock passes to a waiting tab, which resumes from
 * the stored cursor. Without the Locks API (old browsers) every tab writes: the cursor check
 * in writeBatches still keeps batches from being stored twice.
 */
import { streamUrl } from '../domain/telemetry/settings';
import { DexieTelemetryStore } from './dexie-store';
import { IngestEngine } from './ingest';
import { rollupSender, type PortLike } from './rollup-port';
import type { TelemetryDatabase } from './telemetry-store';

export const writerLockName = 'meridian-writer';
export const controlChannelName = 'meridian-control';

export type ControlMessage = { type: 'settings' };

export interface IngestHostDeps {
	openStore?: (dbName: string) => TelemetryDatabase;
	locks?: LockManager;
	fetch?: typeof fetch;
	channel?: (name: string) => BroadcastChannel;
}

export class IngestHost {
	private engine: IngestEngine | undefined;
	private store: TelemetryDatabase | undefined;
	private release: (() => void) | undefined;
	private stopped = false;
	private demo = false;
	private control: BroadcastChannel | undefined;
	private statusTimer: ReturnType<typeof setInterval> | undefined;

	constructor(private readonly deps: IngestHostDeps = {}) {}

	/** Waits for the writer lock in the background; `onRole` hears 'waiting', then 'writer'. */
	start(options: { dbName: string; demo: boolean }, port: PortLike, onRole: (role: 'waiting' | 'writer') => void): void {
		this.demo = options.demo;
		const locks = this.deps.locks ?? (globalThis.navigator as Navigator | undefined)?.locks;
		const run = async () => {
			if (this.stopped) return;
			onRole('writer');
			try {
				await this.runWriter(options.dbName, port);
			} catch (error) {
				// give the lock to another tab rather than hold it without writing
				console.error('Meridian could not start writing telemetry in this tab; another tab will take over.', error);
				await this.engine?.stop().catch(() => {});
				this.store?.close();
				onRole('waiting');
				return;
			}
			await new Promise<void>((resolve) => (this.release = resolve));
		};
		onRole('waiting');
		if (locks) void locks.request(writerLockName, run);
		else void run();
	}

	async setDemo(demo: boolean): Promise<void> {
		this.demo = demo;
		await this.reconfigure();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		clearInterval(this.statusTimer);
		this.control?.close();
		await this.engine?.stop();
		this.store?.close();
		this.release?.();
	}

	private async runWriter(dbName: string, port: PortLike): Promise<void> {
		const store = (this.deps.openStore ?? ((name) => new DexieTelemetryStore({ name })))(dbName);
		this.store = store;
		const settings = await store.getSettings();
		const sender = rollupSender(port);
		this.engine = new IngestEngine({
			store,
			url: streamUrl(settings, this.demo),
			token: this.demo ? undefined : settings.viewToken || undefined,
			demo: this.demo,
			fetch: this.deps.fetch,
			onWritten: sender.written,
			onStatus: (status) => sender.status(status),
			onNotice: sender.notice
		});
		await this.engine.start();
		this.control = (this.deps.channel ?? ((name) => new BroadcastChannel(name)))(controlChannelName);
		this.control.onmessage = (event: MessageEvent<ControlMessage>) => {
			if (event.data?.type === 'settings') void this.reconfigure();
		};
		// the rollup worker needs a status soon after start, not after the first write
		this.statusTimer = setInterval(() => this.engine && sender.status(this.engine.status(), true), 1_000);
	}

	private async reconfigure(): Promise<void> {
		if (!this.engine || !this.store) return;
		const settings = await this.store.getSettings();
		await this.engine.reconfigure({ url: streamUrl(settings, this.demo), token: this.demo ? undefined : settings.viewToken || undefined, demo: this.demo });
	}
}

/**
 * Keeps the screen awake on a wall display (Screen Wake Lock API). The lock is released by
 * the browser when the page is hidden, so it is requested again when the page shows.
 * `state` says whether it is held, and why not when it is not.
 */
export type WakeState = 'held' | 'unsupported' | 'refused' | 'pending';

interface WakeLockSentinelLike {
	release(): Promise<void>;
	addEventListener(type: 'release', listener: () => void): void;
}

export class ScreenAwake {
	state = $state<WakeState>('pending');
	#sentinel: WakeLockSentinelLike | undefined;
	#stopped = false;

	async acquire(): Promise<void> {
		const wakeLock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<WakeLockSentinelLike> } }).wakeLock;
		if (!wakeLock) {
			this.state = 'unsupported';
			return;
		}
		try {
			const sentinel = await wakeLock.request('screen');
			if (this.#stopped) return void sentinel.release();
			this.#sentinel = sentinel;
			this.state = 'held';
			sentinel.addEventListener('release', () => {
				if (this.#sentinel === sentinel) this.state = 'pending';
			});
		} catch {
			this.state = 'refused';
		}
	}

	/** Starts holding the lock and re-acquires it whenever the page becomes visible; returns the stop function. */
	start(): () => void {
		const onVisible = () => {
			if (document.visibilityState === 'visible' && this.state !== 'held') void this.acquire();
		};
		void this.acquire();
		document.addEventListener('visibilitychange', onVisible);
		return () => {
			this.#stopped = true;
			document.removeEventListener('visibilitychange', onVisible);
			void this.#sentinel?.release();
		};
	}
}

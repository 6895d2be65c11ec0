/**
 * The settings the Settings page edits. Persisted in IndexedDB (meta table, key
 * `settings`), read by the ingest worker (relay address, token) and the eviction task
 * (retention, budget). Stored records are partial and may come from an older version:
 * `normaliseSettings` turns anything into a complete, valid record.
 */

export interface RetentionHours {
	/** Raw spans (chunks) and their trace-id index. Default 24 h. */
	spans: number;
	/** Raw metric points. Default 24 h. */
	metricPoints: number;
	/** Log records. Default 24 h. */
	logs: number;
	/**
	 * Rollup windows per level. 1 s windows are the largest per hour of data and serve only
	 * the live board and the 5-minute view, so they are kept 2 h; 10 s windows serve views up
	 * to a day (48 h); 1 min and 1 h windows are the "rollups" retention of 30 days.
	 */
	rollup1s: number;
	rollup10s: number;
	rollup1m: number;
	rollup1h: number;
}

export type DemoMode = 'auto' | 'on' | 'off';

export interface Settings {
	/** Relay base URL, e.g. `http://10.0.0.5:3000`; '' means the app's own origin. */
	relayUrl: string;
	/** Bearer token for `/api/*` when the relay requires one; '' for none. */
	viewToken: string;
	/**
	 * `auto`: use the demo when no relay answers; `on`: always the in-browser demo bank;
	 * `off`: never (keep retrying the relay).
	 */
	demo: DemoMode;
	retentionHours: RetentionHours;
	/**
	 * Upper bound on this origin's storage use, in MiB. Past it the oldest raw data is evicted
	 * (a `budget` notice). The browser's own quota may be lower; a quota error evicts too.
	 */
	storageBudgetMb: number;
}

export const defaultSettings: Readonly<Settings> = Object.freeze({
	relayUrl: '',
	viewToken: '',
	demo: 'auto',
	retentionHours: Object.freeze({
		spans: 24,
		metricPoints: 24,
		logs: 24,
		rollup1s: 2,
		rollup10s: 48,
		rollup1m: 30 * 24,
		rollup1h: 30 * 24
	}),
	storageBudgetMb: 2_048
}) as Settings;

/** Bounds applied by normaliseSettings: at least 1 hour (5 minutes for 1 s windows), at most 400 days. */
export const retentionBoundsHours = { min: 1, min1s: 5 / 60, max: 400 * 24 } as const;
export const storageBudgetBoundsMb = { min: 64, max: 1_048_576 } as const;

export type SettingsPatch = Partial<Omit<Settings, 'retentionHours'>> & {
	retentionHours?: Partial<RetentionHours>;
};

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, value));
}

/** A complete, valid Settings from any stored or edited value; unknown fields are dropped. */
export function normaliseSettings(input: unknown, base: Settings = defaultSettings): Settings {
	const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
	const retention = (
		typeof raw.retentionHours === 'object' && raw.retentionHours !== null ? raw.retentionHours : {}
	) as Record<string, unknown>;
	const hours = (key: keyof RetentionHours, min: number = retentionBoundsHours.min): number =>
		clampNumber(retention[key], min, retentionBoundsHours.max, base.retentionHours[key]);
	const relayUrl = typeof raw.relayUrl === 'string' ? raw.relayUrl.trim().replace(/\/+$/, '') : base.relayUrl;
	return {
		relayUrl,
		viewToken: typeof raw.viewToken === 'string' ? raw.viewToken.trim() : base.viewToken,
		demo: raw.demo === 'on' || raw.demo === 'off' || raw.demo === 'auto' ? raw.demo : base.demo,
		retentionHours: {
			spans: hours('spans'),
			metricPoints: hours('metricPoints'),
			logs: hours('logs'),
			rollup1s: hours('rollup1s', retentionBoundsHours.min1s),
			rollup10s: hours('rollup10s'),
			rollup1m: hours('rollup1m'),
			rollup1h: hours('rollup1h')
		},
		storageBudgetMb: clampNumber(
			raw.storageBudgetMb,
			storageBudgetBoundsMb.min,
			storageBudgetBoundsMb.max,
			base.storageBudgetMb
		)
	};
}

/** Applies an edit; fields of `patch` that are invalid keep their current value. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
	return normaliseSettings(
		{
			...current,
			...patch,
			retentionHours: { ...current.retentionHours, ...(patch.retentionHours ?? {}) }
		},
		current
	);
}

/**
 * Why a relay URL cannot be used, or undefined when it can ('' = same origin). The UI maps
 * the code to a catalogue message shown next to the field.
 */
export function relayUrlProblem(relayUrl: string): 'not-a-url' | 'bad-protocol' | undefined {
	if (relayUrl === '') return undefined;
	let url: URL;
	try {
		url = new URL(relayUrl);
	} catch {
		return 'not-a-url';
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'bad-protocol';
	return undefined;
}

/** The stream URL for the settings: the relay's, or this origin's (also in demo mode, served by msw). */
export function streamUrl(settings: Pick<Settings, 'relayUrl'>, demo: boolean): string {
	return (demo ? '' : settings.relayUrl) + '/api/stream';
}

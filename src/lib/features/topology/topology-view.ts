/**
 * The service map's state in the query string, so a link reopens the same map:
 *   ?len=15m&group=namespace&collapsed=group:namespace:lending&q=transfer&minRps=0.5
 *   &hide=external&focus=svc:transfer&hops=2&expand=svc:accounts&sel=svc:transfer&diff=prev
 * Time travel: `at=<end of the window, Unix ms>` (absent = live, the window ending now).
 */
import { param, type ParamCodec, type ViewSchema } from '$lib/state/url-state';
import type { GroupBy } from '$lib/domain/topology/group';
import type { NodeKind } from '$lib/domain/topology/types';

export const mapLengths = ['5m', '15m', '1h', '6h'] as const;
export type MapLength = (typeof mapLengths)[number];
export const mapLengthMs: Record<MapLength, number> = { '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000 };

/** What the window is compared with: the window before it, or the same window a day or a week earlier. */
export const diffModes = ['off', 'prev', 'day', 'week'] as const;
export type DiffMode = (typeof diffModes)[number];

export const groupModes = ['', 'domain', 'namespace', 'k8sNamespace', 'cloudRegion'] as const;
export type GroupMode = '' | GroupBy;

export const hideableKinds = ['database', 'queue', 'external'] as const satisfies readonly NodeKind[];

export interface TopologyView {
	len: MapLength;
	/** End of a past window (Unix ms); 0 = live. */
	at: number;
	diff: DiffMode;
	group: GroupMode;
	collapsed: string[];
	q: string;
	/** Minimum requests per second of an edge (as text: '0.5'); '' = no minimum. */
	minRps: string;
	hide: string[];
	/** Node to focus on ('' = whole map) and how many hops up and down. */
	focus: string;
	hops: number;
	expand: string[];
	/** Selected node or edge id ('' = none). */
	sel: string;
}

const decimal = (fallback: string): ParamCodec<string> => ({
	fallback,
	parse: (values) => (values[0] !== undefined && /^\d{1,6}(\.\d{1,3})?$/.test(values[0]) ? values[0] : undefined),
	format: (value) => (value === fallback ? [] : [value])
});

export const topologyViewSchema: ViewSchema<TopologyView> = {
	len: param.oneOf(mapLengths, '15m'),
	at: param.int(0, { min: 0 }),
	diff: param.oneOf(diffModes, 'off'),
	group: param.oneOf(groupModes, ''),
	collapsed: param.list(50),
	q: param.string('', 100),
	minRps: decimal(''),
	hide: param.list(3),
	focus: param.string('', 300),
	hops: param.int(2, { min: 1, max: 6 }),
	expand: param.list(20),
	sel: param.string('', 600)
};

/** The window shown at `nowMs`, and the one it is compared with (undefined when diff is off). */
export function mapWindows(view: Pick<TopologyView, 'len' | 'at' | 'diff'>, nowMs: number) {
	const lengthMs = mapLengthMs[view.len];
	const toMs = view.at > 0 ? view.at : nowMs;
	const current = { fromMs: toMs - lengthMs, toMs };
	const shiftMs = view.diff === 'prev' ? lengthMs : view.diff === 'day' ? 86_400_000 : view.diff === 'week' ? 604_800_000 : 0;
	const before = shiftMs > 0 ? { fromMs: current.fromMs - shiftMs, toMs: current.toMs - shiftMs } : undefined;
	return { current, before, live: view.at === 0 };
}

/**
 * What the instance timeline draws and lists: one row per unit (its presence intervals
 * clipped to the range), scale steps and platform events as marks, in SVG user units
 * (x over [0, widthU], one row every `rowHeightU`).
 */
import type { PlatformEvent, PlatformEventCategory } from '$lib/domain/instances/platform-events';
import type { GroupOverview, InstanceRow } from '$lib/domain/instances/overview';
import type { ScaleStep } from '$lib/domain/instances/timeline';

export const widthU = 1000;
export const rowHeightU = 12;
/** Rows drawn at most; the rest are counted. */
export const maxRows = 60;

export interface TimelineRow {
	key: string;
	name: string;
	retired: boolean;
	bars: { x: number; w: number }[];
}

export type TimelineMark =
	| { kind: 'step'; timeMs: number; x: number; step: ScaleStep }
	| { kind: 'event'; timeMs: number; x: number; event: PlatformEvent; category: PlatformEventCategory };

export interface TimelineModel {
	rows: TimelineRow[];
	hiddenRows: number;
	/** Newest first. */
	marks: TimelineMark[];
}

export function timelineModel(group: GroupOverview, range: { fromMs: number; toMs: number; nowMs: number }, graceMs = 30_000): TimelineModel {
	const spanMs = Math.max(1, range.toMs - range.fromMs);
	const xOf = (t: number) => ((Math.min(range.toMs, Math.max(range.fromMs, t)) - range.fromMs) / spanMs) * widthU;
	const visible = group.instances.filter((row) => row.intervals.some((i) => i.toMs + graceMs >= range.fromMs && i.fromMs <= range.toMs));
	const rows = visible.slice(0, maxRows).map((row: InstanceRow): TimelineRow => ({
		key: row.key,
		name: row.unit.name,
		retired: row.state === 'retired',
		bars: row.intervals
			.filter((i) => i.toMs + graceMs >= range.fromMs && i.fromMs <= range.toMs)
			.map((i) => {
				// an interval whose last sighting is recent is still open: draw it to now
				const endMs = range.nowMs - i.toMs <= graceMs ? range.nowMs : i.toMs;
				const x = xOf(i.fromMs);
				return { x, w: Math.max(2, xOf(endMs) - x) };
			})
	}));
	const marks: TimelineMark[] = [
		...group.steps.map((step): TimelineMark => ({ kind: 'step', timeMs: step.startMs, x: xOf(step.startMs), step })),
		...group.events
			.filter((e) => e.timeMs >= range.fromMs && e.timeMs <= range.toMs)
			.map((event): TimelineMark => ({ kind: 'event', timeMs: event.timeMs, x: xOf(event.timeMs), event, category: event.category }))
	].sort((a, b) => b.timeMs - a.timeMs);
	return { rows, hiddenRows: visible.length - rows.length, marks };
}

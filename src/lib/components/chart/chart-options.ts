/**
 * uPlot options built from the theme's CSS custom properties, so charts follow the
 * `data-theme` palette. Read once per chart creation; a theme switch recreates the chart.
 */
import type uPlot from 'uplot';
import { visibleGapsSec, type GapRange } from './chart-data';

/** Palette tokens defined by the shell's theme CSS (`--chart-<token>`). */
export type ChartColor = '1' | '2' | '3' | '4' | '5' | 'error';

export interface ChartSeries {
	label: string;
	color: ChartColor;
	/** Formats a value of this series for the legend and the screen-reader table. */
	format: (value: number) => string;
	dash?: number[];
}

/**
 * An expected value with a band around it (the insights baseline), drawn behind the series
 * as a shaded range with a dashed expected line. Columns are aligned with the chart's x
 * values (null where nothing is expected).
 */
export interface ChartBand {
	/** Name of the range, e.g. "Expected range"; the expected line is named `expectedLabel`. */
	label: string;
	expectedLabel: string;
	lower: ArrayLike<number | null | undefined>;
	expected: ArrayLike<number | null | undefined>;
	upper: ArrayLike<number | null | undefined>;
	format: (value: number) => string;
}

export interface ChartOptionsInput {
	widthPx: number;
	heightPx: number;
	series: readonly ChartSeries[];
	/** Tick labels on the y axis. */
	formatAxis: (value: number) => string;
	/** Tick labels on the x axis, from Unix seconds. */
	formatTime: (timeSec: number, spanSec: number) => string;
	/** Read at draw time, so new gaps show without recreating the chart. */
	gaps: () => readonly GapRange[];
	/** Charts with the same key share one cursor (hover one, see the time on all). */
	syncKey?: string;
	yMin?: number;
	/** Present when the data carries a band's upper, lower and expected columns after the series. */
	band?: Pick<ChartBand, 'label' | 'expectedLabel' | 'format'>;
	styles: CSSStyleDeclaration;
}

function token(styles: CSSStyleDeclaration, name: string, fallback: string): string {
	return styles.getPropertyValue(name).trim() || fallback;
}

/** Hatched bands over recorded gaps, drawn under the series. */
function gapMarkers(gaps: () => readonly GapRange[], fill: string): uPlot.Plugin {
	return {
		hooks: {
			drawClear: (u: uPlot) => {
				const xMin = u.scales.x.min;
				const xMax = u.scales.x.max;
				if (xMin === undefined || xMax === undefined || xMin === null || xMax === null) return;
				const { ctx } = u;
				const { top, height } = u.bbox;
				ctx.save();
				ctx.fillStyle = fill;
				for (const gap of visibleGapsSec(gaps(), xMin, xMax)) {
					const left = u.valToPos(gap.fromSec, 'x', true);
					const right = u.valToPos(gap.toSec, 'x', true);
					// at least 2 device pixels wide so a one-second gap on a 24 h chart stays visible
					ctx.fillRect(left, top, Math.max(right - left, 2 * devicePixelRatio), height);
				}
				ctx.restore();
			}
		}
	};
}

export function buildChartOptions(input: ChartOptionsInput): uPlot.Options {
	const { styles } = input;
	const axisColor = token(styles, '--chart-axis', '#8b93a7');
	const gridColor = token(styles, '--chart-grid', 'rgba(139,147,167,0.15)');
	const font = `11px ${token(styles, '--font-sans', 'system-ui, sans-serif')}`;
	const axis = {
		stroke: axisColor,
		font,
		grid: { stroke: gridColor, width: 1 },
		ticks: { stroke: gridColor, width: 1, size: 4 }
	};
	return {
		width: input.widthPx,
		height: input.heightPx,
		legend: { show: true, live: true },
		cursor: {
			drag: { x: false, y: false },
			...(input.syncKey ? { sync: { key: input.syncKey } } : {})
		},
		scales: {
			x: { time: true },
			y: {
				range: (_u, min, max) => {
					const low = input.yMin ?? Math.min(0, min ?? 0);
					const high = max === null || max === undefined || max <= low ? low + 1 : max * 1.08;
					return [low, high];
				}
			}
		},
		axes: [
			{
				...axis,
				values: (u, splits) => {
					const spanSec = (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0);
					return splits.map((s) => input.formatTime(s, spanSec));
				}
			},
			{ ...axis, size: 56, values: (_u, splits) => splits.map((s) => input.formatAxis(s)) }
		],
		series: [
			{ value: (_u, v) => (v === null ? '–' : input.formatTime(v, 0)) },
			...input.series.map((s) => ({
				label: s.label,
				stroke: token(styles, `--chart-${s.color}`, '#5b9cf6'),
				width: 1.5,
				dash: s.dash,
				spanGaps: false,
				points: { show: false },
				value: (_u: uPlot, v: number | null) => (v === null ? '–' : s.format(v))
			})),
			...(input.band ? bandSeries(input.band, styles) : [])
		],
		...(input.band ? { bands: [{ series: [input.series.length + 1, input.series.length + 2] as [number, number], fill: token(styles, '--chart-band', 'rgba(139,147,167,0.2)') }] } : {}),
		plugins: [gapMarkers(input.gaps, token(styles, '--chart-gap', 'rgba(240,80,80,0.18)'))]
	};
}

/** Upper edge, lower edge (filled between by uPlot's band) and the dashed expected line. */
function bandSeries(band: NonNullable<ChartOptionsInput['band']>, styles: CSSStyleDeclaration): uPlot.Series[] {
	const edge = token(styles, '--chart-band-edge', 'rgba(139,147,167,0.45)');
	const value = (_u: uPlot, v: number | null) => (v === null ? '–' : band.format(v));
	// `u-band` keeps the edges out of the visible legend (the screen-reader table names the range)
	return [
		{ label: `${band.label} ↑`, class: 'u-band', stroke: edge, width: 1, spanGaps: false, points: { show: false }, value },
		{ label: `${band.label} ↓`, class: 'u-band', stroke: edge, width: 1, spanGaps: false, points: { show: false }, value },
		{ label: band.expectedLabel, stroke: token(styles, '--chart-axis', '#8b93a7'), width: 1, dash: [4, 4], spanGaps: false, points: { show: false }, value }
	];
}

import { param, type ViewSchema } from '$lib/state/url-state';

export const instancesRangeKeys = ['5m', '1h', '24h'] as const;
export type InstancesRangeKey = (typeof instancesRangeKeys)[number];

/** The Instances page's state in the query string: `?range=1h&service=transfer&retired&instance=<unit key>`. */
export interface InstancesView {
	range: InstancesRangeKey;
	/** '' = every service. */
	service: string;
	/** Show units retired from live views (silent past the setting). */
	retired: boolean;
	/** Unit key (`service|kind|name`) whose detail is open; '' = none. */
	instance: string;
}

export const instancesViewSchema: ViewSchema<InstancesView> = {
	range: param.oneOf(instancesRangeKeys, '1h'),
	service: param.string(''),
	retired: param.bool(false),
	instance: param.string('', 400)
};

/** Count-chart step for a range: about 120 steps, at least 10 s. */
export function countStepMs(rangeMs: number): number {
	return Math.max(10_000, Math.ceil(rangeMs / 120 / 10_000) * 10_000);
}

import { param, type ViewSchema } from '$lib/state/url-state';
import { timeRangeKeys, type TimeRangeKey } from '$lib/state/time-range';
import { sortableColumns, type SortColumn, type SortDirection, type TablePeriod } from './board-data';

/** The Live board's state in the query string: `?range=1h&service=loans&sort=p95Ms`. */
export interface LiveView {
	range: TimeRangeKey;
	/** '' = all services. */
	service: string;
	/** Period of the service table's figures in live mode. */
	period: TablePeriod;
	sort: SortColumn;
	dir: SortDirection;
}

export const liveViewSchema: ViewSchema<LiveView> = {
	range: param.oneOf(timeRangeKeys, 'live'),
	service: param.string(''),
	period: param.oneOf(['second', 'minute'], 'minute'),
	sort: param.oneOf(sortableColumns, 'tps'),
	dir: param.oneOf(['asc', 'desc'], 'desc')
};

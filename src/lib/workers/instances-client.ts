/**
 * The instances worker (workers/instances.worker.ts) as the Instances page sees it. Typed and
 * latest-wins per kind: an answer overtaken by a newer request of its kind comes back as
 * `superseded`; a worker that failed to load or threw answers `failed`. Starts on first use,
 * lives until `close()`.
 */
import type { DetailRequest, InstanceDetail, InstancesApi, InstancesPage, InstancesRequest } from '../../../workers/instances-api';
import { LatestWins, LazyWorker, type Outcome } from './latest-wins';

export type { DetailRequest, InstanceDetail, InstanceFigures, InstancesPage, InstancesRequest } from '../../../workers/instances-api';
export { figuresKey } from '../domain/instances/overview';

export type { Outcome } from './latest-wins';
export type InstancesOutcome = Outcome<InstancesPage>;

export interface InstancesClient {
	overview(dbName: string, query: InstancesRequest): Promise<InstancesOutcome>;
	/** One unit's transactions per process and its current process's runtime metrics. */
	detail(dbName: string, query: DetailRequest): Promise<Outcome<InstanceDetail>>;
	close(): void;
}

export function createInstancesClient(
	start: () => Worker = () => new Worker(new URL('../../../workers/instances.worker.ts', import.meta.url), { type: 'module', name: 'meridian-instances' })
): InstancesClient {
	const worker = new LazyWorker<InstancesApi>(start);
	const requests = new LatestWins<'overview' | 'detail'>();
	return {
		overview: (dbName, query) => requests.call('overview', (request) => worker.api.overview(request, dbName, query)),
		detail: (dbName, query) => requests.call('detail', (request) => worker.api.detail(request, dbName, query)),
		close: () => worker.terminate()
	};
}

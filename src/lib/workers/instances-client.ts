/**
 * The instances worker (workers/instances.worker.ts) as the Instances page sees it. Typed and
 * latest-wins per kind: an answer overtaken by a newer request of its kind comes back as
 * `superseded`; a worker that failed to load or threw answers `failed`. Starts on first use,
 * lives until `close()`.
 */
import * as Comlink from 'comlink';
import type { DetailRequest, InstanceDetail, InstancesApi, InstancesPage, InstancesRequest } from '../../../workers/instances-api';

export type { DetailRequest, InstanceDetail, InstanceFigures, InstancesPage, InstancesRequest } from '../../../workers/instances-api';
export { figuresKey } from '../domain/instances/overview';

export type Outcome<T> = ({ status: 'done' } & T) | { status: 'superseded' } | { status: 'failed'; message: string };
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
	let worker: Worker | undefined;
	let api: Comlink.Remote<InstancesApi> | undefined;
	const requests = { overview: 0, detail: 0 };
	const remote = () => {
		if (!api) {
			worker = start();
			api = Comlink.wrap<InstancesApi>(worker);
		}
		return api;
	};
	async function call<T>(kind: keyof typeof requests, run: (request: number) => Promise<Outcome<T>>): Promise<Outcome<T>> {
		const request = ++requests[kind];
		let reply: Outcome<T>;
		try {
			reply = await run(request);
		} catch (error) {
			reply = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
		}
		return request === requests[kind] ? reply : { status: 'superseded' };
	}
	return {
		overview: (dbName, query) => call('overview', (request) => remote().overview(request, dbName, query)),
		detail: (dbName, query) => call('detail', (request) => remote().detail(request, dbName, query)),
		close() {
			worker?.terminate();
			worker = undefined;
			api = undefined;
		}
	};
}

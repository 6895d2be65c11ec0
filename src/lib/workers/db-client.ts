/**
 * The database worker (workers/db.worker.ts) as the Database page sees it. Typed and
 * latest-wins per kind: each call takes the next request number of its kind, and an answer
 * overtaken by a newer request of the same kind comes back as `superseded`. A worker that
 * failed to load or threw answers `failed` with the message. The worker starts on first use
 * and lives until `close()`.
 */
import * as Comlink from 'comlink';
import type { DbApi, DbOverview, DbOverviewRequest, DigestDetail, DigestRequest } from '../../../workers/db-api';

export type { DatabaseInfo, DbOverview, DbOverviewRequest, DigestDetail, DigestRequest } from '../../../workers/db-api';

export type Outcome<T> = ({ status: 'done' } & T) | { status: 'superseded' } | { status: 'failed'; message: string };

export interface DbClient {
	overview(dbName: string, query: DbOverviewRequest): Promise<Outcome<DbOverview>>;
	digest(dbName: string, query: DigestRequest): Promise<Outcome<DigestDetail>>;
	close(): void;
}

export function createDbClient(
	start: () => Worker = () => new Worker(new URL('../../../workers/db.worker.ts', import.meta.url), { type: 'module', name: 'meridian-db' })
): DbClient {
	let worker: Worker | undefined;
	let api: Comlink.Remote<DbApi> | undefined;
	const requests = { overview: 0, digest: 0 };
	const remote = () => {
		if (!api) {
			worker = start();
			api = Comlink.wrap<DbApi>(worker);
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
		digest: (dbName, query) => call('digest', (request) => remote().digest(request, dbName, query)),
		close() {
			worker?.terminate();
			worker = undefined;
			api = undefined;
		}
	};
}

/**
 * The database worker (workers/db.worker.ts) as the Database page sees it. Typed and
 * latest-wins per kind: each call takes the next request number of its kind, and an answer
 * overtaken by a newer request of the same kind comes back as `superseded`. A worker that
 * failed to load or threw answers `failed` with the message. The worker starts on first use
 * and lives until `close()`.
 */
import type { DbApi, DbOverview, DbOverviewRequest, DigestDetail, DigestRequest } from '../../../workers/db-api';
import { LatestWins, LazyWorker, type Outcome } from './latest-wins';

export type { DatabaseInfo, DbOverview, DbOverviewRequest, DigestDetail, DigestRequest } from '../../../workers/db-api';

export type { Outcome } from './latest-wins';

export interface DbClient {
	overview(dbName: string, query: DbOverviewRequest): Promise<Outcome<DbOverview>>;
	digest(dbName: string, query: DigestRequest): Promise<Outcome<DigestDetail>>;
	close(): void;
}

export function createDbClient(
	start: () => Worker = () => new Worker(new URL('../../../workers/db.worker.ts', import.meta.url), { type: 'module', name: 'meridian-db' })
): DbClient {
	const worker = new LazyWorker<DbApi>(start);
	const requests = new LatestWins<'overview' | 'digest'>();
	return {
		overview: (dbName, query) => requests.call('overview', (request) => worker.api.overview(request, dbName, query)),
		digest: (dbName, query) => requests.call('digest', (request) => worker.api.digest(request, dbName, query)),
		close: () => worker.terminate()
	};
}

/**
 * Database collectors for the relay. Wiring in src/lib/server/main.ts:
 *
 *   const db = startDbCollectorsFromConfig({
 *     env: process.env, argv: process.argv, sink: (records) => relay.append(records), log: console.log
 *   });
 *   for (const line of db.errors) console.error(`database config: ${line}`);
 *   for (const route of db.collectors.routes) relay.mount(route.prefix, route.handler);
 *   // on shutdown: await db.collectors.stop();
 *
 * `relay.append` throwing (log full) drops that poll's batch and counts it in the status.
 * With no database configured this does nothing (no timers, no connections).
 */
import { readFileSync } from 'node:fs';
import type { DbSystem } from '../../domain/db/names';
import { DbCollector, type DbCollectorStatus, type DbSink } from './collector';
import { loadDbTargets, type DbConfigInput, type DbTarget } from './config';
import { mysqlDriver } from './mysql';
import type { DbDriver } from './poll';
import { postgresDriver } from './postgres';

export type { DbCollectorStatus, DbSink } from './collector';
export type { DbTarget } from './config';
export { DbCollector } from './collector';
export { loadDbTargets, parseDbTarget } from './config';

export type DbHandler = (request: Request) => Promise<Response>;

export interface DbRoute {
	/** Path prefix the relay matches; both routes are for viewers (view-token protected). */
	prefix: string;
	handler: DbHandler;
}

export interface DbCollectors {
	collectors: DbCollector[];
	start(): void;
	stop(): Promise<void>;
	status(): DbCollectorStatus[];
	/** `GET /api/db/explain?db=<label>&digest=<db.query.digest>` (POST with the same JSON fields too). */
	explainHandler: DbHandler;
	/** `GET /api/db/status`: `{ databases: DbCollectorStatus[] }`. */
	statusHandler: DbHandler;
	routes: DbRoute[];
}

export interface DbCollectorsOptions {
	targets: DbTarget[];
	sink: DbSink;
	log?: (line: string) => void;
	/** Replaces a driver (tests). */
	drivers?: Partial<Record<DbSystem, DbDriver>>;
}

const DRIVERS: Record<DbSystem, DbDriver> = { mysql: mysqlDriver, mariadb: mysqlDriver, postgresql: postgresDriver };

function json(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});
}

/** The HTTP handlers over a set of collectors (the relay mounts `routes`). */
export function createDbHandlers(collectors: readonly DbCollector[]): Pick<DbCollectors, 'explainHandler' | 'statusHandler' | 'routes'> {
	const explainHandler: DbHandler = async (request) => {
		let db: string | null = null;
		let digest: string | null = null;
		if (request.method === 'GET') {
			const url = new URL(request.url);
			db = url.searchParams.get('db');
			digest = url.searchParams.get('digest');
		} else if (request.method === 'POST') {
			try {
				const body = (await request.json()) as { db?: unknown; digest?: unknown };
				db = typeof body?.db === 'string' ? body.db : null;
				digest = typeof body?.digest === 'string' ? body.digest : null;
			} catch {
				return json(400, { error: 'The body must be JSON: {"db": "<label>", "digest": "<16 hex digits>"}.' });
			}
		} else {
			return new Response(null, { status: 405, headers: { allow: 'GET, POST' } });
		}
		if (!digest || !/^[0-9a-f]{16}$/.test(digest)) {
			return json(400, { error: 'digest must be a db.query.digest: 16 lowercase hex digits.' });
		}
		const wanted = digest;
		const collector = db
			? collectors.find((c) => c.target.label === db)
			: collectors.find((c) => c.samples.get(wanted) !== undefined);
		if (!collector) {
			return json(404, {
				error: db ? `No database is configured with the label "${db}".` : 'No configured database has seen this digest.',
				databases: collectors.map((c) => c.target.label)
			});
		}
		const outcome = await collector.explain(wanted);
		return json(outcome.status, outcome.body);
	};

	const statusHandler: DbHandler = async (request) => {
		if (request.method !== 'GET') return new Response(null, { status: 405, headers: { allow: 'GET' } });
		return json(200, { databases: collectors.map((c) => c.status()) });
	};

	return {
		explainHandler,
		statusHandler,
		routes: [
			{ prefix: '/api/db/explain', handler: explainHandler },
			{ prefix: '/api/db/status', handler: statusHandler }
		]
	};
}

export function createDbCollectors(options: DbCollectorsOptions): DbCollectors {
	const collectors = options.targets.map(
		(target) =>
			new DbCollector({
				target,
				driver: options.drivers?.[target.system] ?? DRIVERS[target.system],
				sink: options.sink,
				log: options.log
			})
	);
	return {
		collectors,
		start: () => collectors.forEach((c) => c.start()),
		stop: async () => {
			await Promise.all(collectors.map((c) => c.stop()));
		},
		status: () => collectors.map((c) => c.status()),
		...createDbHandlers(collectors)
	};
}

/**
 * Reads the configuration (see config.ts), creates a collector per database and starts
 * them. `errors` lists rejected entries; the accepted ones run regardless.
 */
export function startDbCollectorsFromConfig(
	input: Omit<DbConfigInput, 'readFile'> & {
		sink: DbSink;
		log?: (line: string) => void;
		readFile?: DbConfigInput['readFile'];
	}
): { collectors: DbCollectors; errors: string[] } {
	const { targets, errors } = loadDbTargets({ ...input, readFile: input.readFile ?? ((path) => readFileSync(path, 'utf8')) });
	const collectors = createDbCollectors({ targets, sink: input.sink, log: input.log });
	collectors.start();
	for (const target of targets) {
		input.log?.(`database collector: ${target.label} (${target.system} at ${target.host}:${target.port}${target.namespace ? '/' + target.namespace : ''}), every ${target.options.pollMs / 1000} s`);
	}
	return { collectors, errors };
}

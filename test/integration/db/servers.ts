/**
 * Hermetic database servers for the collector tests and the benchmark: a throwaway data
 * directory in a temp folder, the server started as a child process on 127.0.0.1 on a free
 * port, stopped by its process group. Nothing touches the machine's own database services.
 *
 * PostgreSQL refuses to run as root: when the tests run as root, initdb and postgres run as
 * the `postgres` OS user (setpriv, which execs in place so the pid is the postmaster's).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';

const INSTALL_HINT =
	'Install them (as root) with: test/integration/db/provision.sh ' +
	'(apt-get install -y mariadb-server postgresql postgresql-contrib)';

export const COLLECTOR_USER = 'meridian';
export const COLLECTOR_PASSWORD = 'collector-secret-pw';
export const APP_USER = 'app';
export const APP_PASSWORD = 'app-secret-pw';

export interface DbServer {
	system: 'mariadb' | 'postgresql';
	host: '127.0.0.1';
	port: number;
	/** The collector's DSN (least privilege that the collector documents). */
	collectorDsn: string;
	/** The application's DSN, for generating load on database `bank`. */
	appDsn: string;
	/** Kills the server's process group with SIGKILL (a crash), keeping the data directory. */
	kill(): Promise<void>;
	/** Starts the server again on the same port and data directory. */
	restart(): Promise<void>;
	/** Stops the server and removes its data directory. */
	stop(): Promise<void>;
	/** Server log, for failure messages. */
	logTail(): string;
	/** Runs one statement as the server's superuser (over the local socket), in database `bank`. */
	adminQuery(sql: string): Promise<Record<string, unknown>[]>;
}

function findMariaDb(): { mariadbd: string; installDb: string } {
	const mariadbd = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'].find((p) => existsSync(p));
	const installDb = ['/usr/bin/mariadb-install-db', '/usr/sbin/mariadb-install-db'].find((p) => existsSync(p));
	if (!mariadbd || !installDb) {
		throw new Error(`MariaDB server binaries (mariadbd, mariadb-install-db) are not installed. ${INSTALL_HINT}`);
	}
	return { mariadbd, installDb };
}

function findPostgres(): { bin: string; version: number } {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.map(Number)
				.filter((v) => Number.isFinite(v) && existsSync(join(root, String(v), 'bin', 'postgres')))
				.sort((a, b) => b - a)
		: [];
	if (versions.length === 0) throw new Error(`PostgreSQL server binaries are not installed. ${INSTALL_HINT}`);
	const version = versions[0];
	if (!existsSync(join(root, String(version), 'lib', 'pg_stat_statements.so'))) {
		throw new Error(`pg_stat_statements is missing (package postgresql-contrib). ${INSTALL_HINT}`);
	}
	return { bin: join(root, String(version), 'bin'), version };
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

const live = new Set<number>();
process.once('exit', () => {
	for (const pid of live) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}
});

function startChild(command: string, args: string[], logPath: string): ChildProcess {
	const fd = openSync(logPath, 'a');
	const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
	closeSync(fd);
	if (child.pid) live.add(child.pid);
	child.once('exit', () => child.pid && live.delete(child.pid));
	return child;
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals, timeoutMs = 20_000): Promise<void> {
	if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		process.kill(-child.pid, signal);
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			/* gone */
		}
	}, timeoutMs);
	await exited;
	clearTimeout(timer);
}

function tail(path: string, lines = 30): string {
	try {
		return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

async function waitFor(what: string, child: ChildProcess, logPath: string, probe: () => Promise<void>): Promise<void> {
	const deadline = Date.now() + 60_000;
	let lastError: unknown;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`${what} exited during start-up:\n${tail(logPath)}`);
		}
		try {
			await probe();
			return;
		} catch (error) {
			lastError = error;
			await new Promise((r) => setTimeout(r, 150));
		}
	}
	throw new Error(`${what} did not accept connections within 60 s (${String(lastError)}):\n${tail(logPath)}`);
}

export async function startMariaDb(): Promise<DbServer> {
	const { mariadbd, installDb } = findMariaDb();
	const dir = mkdtempSync(join(tmpdir(), 'meridian-mariadb-'));
	const dataDir = join(dir, 'data');
	const socket = join(dir, 'mysqld.sock');
	const logPath = join(dir, 'server.log');
	const asRoot = process.getuid?.() === 0;
	const userArgs = asRoot ? ['--user=root'] : [];
	const init = spawnSync(
		installDb,
		['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs],
		{ encoding: 'utf8' }
	);
	if (init.status !== 0) throw new Error(`mariadb-install-db failed:\n${init.stdout}\n${init.stderr}`);
	const port = await freePort();
	const args = [
		'--no-defaults',
		`--datadir=${dataDir}`,
		`--socket=${socket}`,
		`--port=${port}`,
		'--bind-address=127.0.0.1',
		`--pid-file=${join(dir, 'mysqld.pid')}`,
		`--log-error=${logPath}`,
		'--skip-name-resolve',
		'--skip-log-bin',
		'--innodb-buffer-pool-size=32M',
		'--innodb-log-file-size=16M',
		'--innodb-lock-wait-timeout=30',
		'--max-connections=60',
		'--performance-schema=ON',
		'--performance-schema-consumer-events-statements-current=ON',
		'--performance-schema-consumer-events-statements-history-long=ON',
		...userArgs
	];
	let child = startChild(mariadbd, args, logPath);
	const ready = () =>
		waitFor('mariadbd', child, logPath, async () => {
			const c = await mysql.createConnection({ socketPath: socket, user: 'root' });
			await c.end();
		});
	await ready();
	const admin = await mysql.createConnection({ socketPath: socket, user: 'root', multipleStatements: true });
	await admin.query(`
		CREATE DATABASE bank;
		CREATE USER '${COLLECTOR_USER}'@'127.0.0.1' IDENTIFIED BY '${COLLECTOR_PASSWORD}';
		GRANT PROCESS, SELECT ON *.* TO '${COLLECTOR_USER}'@'127.0.0.1';
		CREATE USER '${APP_USER}'@'127.0.0.1' IDENTIFIED BY '${APP_PASSWORD}';
		GRANT ALL ON bank.* TO '${APP_USER}'@'127.0.0.1';
	`);
	await admin.end();
	return {
		system: 'mariadb',
		host: '127.0.0.1',
		port,
		collectorDsn: `mariadb://${COLLECTOR_USER}:${COLLECTOR_PASSWORD}@127.0.0.1:${port}/bank`,
		appDsn: `mysql://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${port}/bank`,
		kill: () => stopChild(child, 'SIGKILL'),
		async restart() {
			await stopChild(child, 'SIGTERM');
			child = startChild(mariadbd, args, logPath);
			await ready();
		},
		async stop() {
			await stopChild(child, 'SIGTERM');
			rmSync(dir, { recursive: true, force: true });
		},
		logTail: () => tail(logPath),
		async adminQuery(sql) {
			const c = await mysql.createConnection({ socketPath: socket, user: 'root', database: 'bank' });
			try {
				const [rows] = await c.query(sql);
				return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
			} finally {
				await c.end();
			}
		}
	};
}

export async function startPostgres(): Promise<DbServer> {
	const { bin } = findPostgres();
	const dir = mkdtempSync(join(tmpdir(), 'meridian-pg-'));
	const dataDir = join(dir, 'data');
	const logPath = join(dir, 'server.log');
	const asRoot = process.getuid?.() === 0;
	if (asRoot) chownSync(dir, pgUid(), pgGid());
	const as = (command: string, args: string[]): [string, string[]] =>
		asRoot
			? ['/usr/bin/setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]]
			: [command, args];
	const [initCmd, initArgs] = as(join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'postgres',
		'--auth-local=trust',
		'--auth-host=scram-sha-256',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync'
	]);
	const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir });
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
	const port = await freePort();
	const [cmd, args] = as(join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'shared_preload_libraries=pg_stat_statements',
		'-c',
		'pg_stat_statements.track=top',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=60',
		'-c',
		'shared_buffers=32MB',
		'-c',
		'log_min_messages=warning'
	]);
	let child = startChild(cmd, args, logPath);
	const adminConfig = { host: dir, port, user: 'postgres', database: 'postgres' };
	const ready = () =>
		waitFor('postgres', child, logPath, async () => {
			const c = new pg.Client(adminConfig);
			await c.connect();
			await c.end();
		});
	await ready();
	const admin = new pg.Client(adminConfig);
	await admin.connect();
	// pg_monitor: every session's and statement's statistics; pg_read_all_data: EXPLAIN of reads.
	await admin.query(`CREATE ROLE ${COLLECTOR_USER} LOGIN PASSWORD '${COLLECTOR_PASSWORD}' IN ROLE pg_monitor, pg_read_all_data`);
	await admin.query(`CREATE ROLE ${APP_USER} LOGIN PASSWORD '${APP_PASSWORD}'`);
	await admin.query(`CREATE DATABASE bank OWNER ${APP_USER}`);
	await admin.end();
	const bankAdmin = new pg.Client({ ...adminConfig, database: 'bank' });
	await bankAdmin.connect();
	await bankAdmin.query('CREATE EXTENSION pg_stat_statements');
	await bankAdmin.end();
	return {
		system: 'postgresql',
		host: '127.0.0.1',
		port,
		collectorDsn: `postgres://${COLLECTOR_USER}:${COLLECTOR_PASSWORD}@127.0.0.1:${port}/bank`,
		appDsn: `postgres://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${port}/bank`,
		kill: () => stopChild(child, 'SIGKILL'),
		async restart() {
			await stopChild(child, 'SIGINT');
			child = startChild(cmd, args, logPath);
			await ready();
		},
		async stop() {
			// SIGINT is PostgreSQL's fast shutdown: sessions are disconnected, no wait.
			await stopChild(child, 'SIGINT');
			rmSync(dir, { recursive: true, force: true });
		},
		logTail: () => tail(logPath),
		async adminQuery(sql) {
			const c = new pg.Client({ ...adminConfig, database: 'bank' });
			await c.connect();
			try {
				return (await c.query(sql)).rows;
			} finally {
				await c.end();
			}
		}
	};
}

function pgUid(): number {
	return Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
}
function pgGid(): number {
	return Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
}

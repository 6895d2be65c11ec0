/**
 * Which databases to watch. Sources, merged in this order:
 *   - environment: every `MERIDIAN_DB_<name>` variable holding a DSN
 *     (`MERIDIAN_DB_1=mysql://user:pw@127.0.0.1:3306/bank?label=core&pollMs=5000`);
 *   - a JSON file named by `--db-config <path>` (or `--db-config=<path>`) or by
 *     `MERIDIAN_DB_CONFIG`: `{ "databases": [{ "url": "...", "label": "...", ... }] }` or a
 *     bare array of such objects (`password` may be given apart from the URL).
 * DSN schemes: `mysql://`, `mariadb://`, `postgres://`, `postgresql://`. Options may be given
 * as query parameters or JSON fields; unknown ones are reported, not ignored.
 * A bad entry is reported with its source and skipped; the others still load. Messages
 * never contain the password.
 */
import type { DbIdentity } from '../../domain/db/records';
import type { DbSystem } from '../../domain/db/names';

export interface DbTargetOptions {
	/** Poll period; default 10,000 ms, at least 1,000 ms (tests may go lower with `allowFastPoll`). */
	pollMs: number;
	/** A statement at least this long is a slow statement; default 1,000 ms. */
	slowMs: number;
	/** A transaction open this long is reported once; default 60,000 ms. */
	longTransactionMs: number;
	/** Table and database sizes are read at most this often; default 300,000 ms. */
	tableSizeEveryMs: number;
	/** Full variable snapshot period (changes are sent every poll); default 3,600,000 ms. */
	variablesSnapshotEveryMs: number;
	/** Digests per poll before the rest are summed into `other`; default 200. */
	maxDigestsPerPoll: number;
	/** Per collector query, client-side; default 5,000 ms. */
	queryTimeoutMs: number;
	/** Reconnect backoff ceiling of the first retry and the largest; defaults 1,000 and 300,000 ms. */
	backoffBaseMs: number;
	backoffMaxMs: number;
	/** TLS to the server (`ssl=true`); certificates are verified. */
	ssl: boolean;
}

export interface DbTarget extends DbIdentity {
	/** Stays in the relay process: never in records, status or messages. */
	credentials: { user?: string; password?: string };
	options: DbTargetOptions;
}

export const DEFAULT_DB_OPTIONS: DbTargetOptions = {
	pollMs: 10_000,
	slowMs: 1_000,
	longTransactionMs: 60_000,
	tableSizeEveryMs: 300_000,
	variablesSnapshotEveryMs: 3_600_000,
	maxDigestsPerPoll: 200,
	queryTimeoutMs: 5_000,
	backoffBaseMs: 1_000,
	backoffMaxMs: 300_000,
	ssl: false
};

const NUMERIC_OPTIONS = [
	'pollMs',
	'slowMs',
	'longTransactionMs',
	'tableSizeEveryMs',
	'variablesSnapshotEveryMs',
	'maxDigestsPerPoll',
	'queryTimeoutMs',
	'backoffBaseMs',
	'backoffMaxMs'
] as const;

const SCHEMES: Record<string, DbSystem> = {
	'mysql:': 'mysql',
	'mariadb:': 'mariadb',
	'postgres:': 'postgresql',
	'postgresql:': 'postgresql'
};
const DEFAULT_PORTS: Record<DbSystem, number> = { mysql: 3306, mariadb: 3306, postgresql: 5432 };

export interface DbConfigInput {
	env: Record<string, string | undefined>;
	argv?: readonly string[];
	/** Reads the JSON config file; injectable for tests. */
	readFile?: (path: string) => string;
	/** Lets tests poll faster than once a second. */
	allowFastPoll?: boolean;
}

export interface DbConfigResult {
	targets: DbTarget[];
	/** One line per rejected entry, naming where it came from. */
	errors: string[];
}

/** Parses one DSN plus option overrides. Throws an Error whose message holds no password. */
export function parseDbTarget(
	dsn: string,
	extra: Record<string, unknown> = {},
	allowFastPoll = false
): DbTarget {
	let url: URL;
	try {
		url = new URL(dsn);
	} catch {
		throw new Error('not a URL (expected e.g. mysql://user:password@host:3306/database)');
	}
	const system = SCHEMES[url.protocol];
	if (!system) {
		throw new Error(`unsupported scheme "${url.protocol}" (use mysql://, mariadb://, postgres:// or postgresql://)`);
	}
	if (!url.hostname) throw new Error('the DSN names no host');
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const port = url.port ? Number(url.port) : DEFAULT_PORTS[system];
	const namespace = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
	const given: Record<string, unknown> = Object.fromEntries(url.searchParams.entries());
	Object.assign(given, extra);
	const options: DbTargetOptions = { ...DEFAULT_DB_OPTIONS };
	const unknown: string[] = [];
	let label: string | undefined;
	let password = url.password ? decodeURIComponent(url.password) : undefined;
	for (const [key, raw] of Object.entries(given)) {
		if (raw === undefined || raw === null) continue;
		if (key === 'label') label = String(raw);
		else if (key === 'password') password = String(raw);
		else if (key === 'ssl') options.ssl = raw === true || raw === 'true' || raw === '1';
		else if ((NUMERIC_OPTIONS as readonly string[]).includes(key)) {
			const value = Number(raw);
			if (!Number.isFinite(value) || value <= 0) throw new Error(`option ${key} must be a positive number, got "${String(raw)}"`);
			options[key as (typeof NUMERIC_OPTIONS)[number]] = value;
		} else if (key !== 'url') unknown.push(key);
	}
	if (unknown.length > 0) throw new Error(`unknown option(s) ${unknown.join(', ')}`);
	if (!allowFastPoll && options.pollMs < 1_000) throw new Error(`pollMs must be at least 1000, got ${options.pollMs}`);
	options.maxDigestsPerPoll = Math.max(1, Math.floor(options.maxDigestsPerPoll));
	return {
		label: label?.trim() || `${system}@${host}:${port}`,
		system,
		host,
		port,
		namespace,
		credentials: { user: url.username ? decodeURIComponent(url.username) : undefined, password },
		options
	};
}

function configPath(input: DbConfigInput): string | undefined {
	const argv = input.argv ?? [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--db-config') return argv[i + 1];
		if (argv[i].startsWith('--db-config=')) return argv[i].slice('--db-config='.length);
	}
	return input.env.MERIDIAN_DB_CONFIG || undefined;
}

export function loadDbTargets(input: DbConfigInput): DbConfigResult {
	const targets: DbTarget[] = [];
	const errors: string[] = [];
	const add = (where: string, make: () => DbTarget) => {
		try {
			const target = make();
			if (targets.some((t) => t.label === target.label)) {
				throw new Error(`label "${target.label}" is already used by another database`);
			}
			targets.push(target);
		} catch (error) {
			errors.push(`${where}: ${(error as Error).message}`);
		}
	};
	const envNames = Object.keys(input.env)
		.filter((k) => /^MERIDIAN_DB_\w+$/.test(k) && k !== 'MERIDIAN_DB_CONFIG' && input.env[k])
		.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
	for (const name of envNames) add(name, () => parseDbTarget(input.env[name]!, {}, input.allowFastPoll));

	const path = configPath(input);
	if (path) {
		let entries: unknown;
		try {
			const text = (input.readFile ?? (() => { throw new Error('no file reader'); }))(path);
			const parsed: unknown = JSON.parse(text);
			entries = Array.isArray(parsed) ? parsed : (parsed as { databases?: unknown })?.databases;
			if (!Array.isArray(entries)) throw new Error('expected {"databases": [...]} or an array');
		} catch (error) {
			errors.push(`${path}: ${(error as Error).message}`);
			entries = [];
		}
		(entries as unknown[]).forEach((entry, i) => {
			add(`${path} entry ${i + 1}`, () => {
				if (!entry || typeof entry !== 'object' || typeof (entry as { url?: unknown }).url !== 'string') {
					throw new Error('each entry needs a "url" string');
				}
				const { url, ...rest } = entry as Record<string, unknown>;
				return parseDbTarget(url as string, rest, input.allowFastPoll);
			});
		});
	}
	return { targets, errors };
}

/** Removes the target's password and user name from a message (driver errors can quote them). */
export function scrubSecrets(message: string, target: Pick<DbTarget, 'credentials'>): string {
	let out = message;
	const { user, password } = target.credentials;
	if (password) out = out.split(password).join('***');
	if (password) out = out.split(encodeURIComponent(password)).join('***');
	// "Access denied for user 'app'@'host'": the account name is not secret, but DSNs are.
	out = out.replace(/\b(mysql|mariadb|postgres|postgresql):\/\/[^\s@/]*@/gi, '$1://***@');
	if (user && user.length >= 3) out = out.replace(new RegExp(`\\b${escapeRegExp(user)}:[^\\s@]*@`, 'g'), '***@');
	return out;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

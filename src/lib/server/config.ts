/**
 * Command line and environment → server configuration. Flags win over environment
 * variables, which win over defaults.
 *
 *   --port N / PORT             app and /api port (default 3000; 0 = any free port)
 *   --otlp-port N / OTLP_PORT   OTLP/HTTP port (default 4318; 0 = any free port)
 *   --host H / HOST             bind address (default 127.0.0.1)
 *   --no-demo                   do not run the embedded demo bank
 *   --data-dir D                replay-log directory (default .meridian/ in the cwd)
 *   --no-persist                keep the replay log in memory only
 *   --log-max-bytes N / MERIDIAN_LOG_MAX_BYTES  replay-log byte bound (default 256m; k, m, g = KiB, MiB, GiB)
 *   --log-max-age T / MERIDIAN_LOG_MAX_AGE      replay-log age bound (default 1h; s, m, h, d; a bare number is seconds)
 *   --max-inflight-bytes N / MERIDIAN_MAX_INFLIGHT_BYTES  request bytes held at once (default 256m); past it 429
 *   --ingest-token T / MERIDIAN_INGEST_TOKEN   token for /v1/*
 *   --view-token T / MERIDIAN_VIEW_TOKEN       token for /api/*
 *   --no-build                  never run `vite build` before serving
 *   --build-dir D / MERIDIAN_BUILD_DIR          built app folder (default build/)
 *   --db-config, --demo-seed, --demo-speed, --demo-incidents, --demo-truth, --demo-history: see `usage`
 */
import { parseArgs } from 'node:util';
import { parseDemoIncidents, parseDemoTime, type DemoConfig } from './demo-options';
import { defaultLogLimits } from '../relay/replay-log';
import { defaultBodyLimits } from '../relay/body';

export interface ServerConfig {
	port: number;
	otlpPort: number;
	host: string;
	demo: boolean;
	/** undefined: in memory. */
	dataDir: string | undefined;
	/** Replay-log bounds: a stream client whose position falls out of them gets a gap event. */
	log: { maxBytes: number; maxAgeMs: number };
	/** Body bytes all OTLP requests being read may hold together; past it they get 429 with Retry-After. */
	maxInflightBytes: number;
	ingestToken: string | undefined;
	viewToken: string | undefined;
	build: boolean;
	buildDir: string;
	/** JSON file listing databases to collect from (besides MERIDIAN_DB_* DSNs). */
	dbConfig: string | undefined;
	demoBank: DemoConfig;
}

export class ConfigError extends Error {}

export function parseConfig(argv: string[], env: Record<string, string | undefined>): ServerConfig {
	let values;
	try {
		values = parseArgs({
			args: argv,
			options: {
				port: { type: 'string' },
				'otlp-port': { type: 'string' },
				host: { type: 'string' },
				'no-demo': { type: 'boolean' },
				'data-dir': { type: 'string' },
				'no-persist': { type: 'boolean' },
				'log-max-bytes': { type: 'string' },
				'log-max-age': { type: 'string' },
				'max-inflight-bytes': { type: 'string' },
				'ingest-token': { type: 'string' },
				'view-token': { type: 'string' },
				'no-build': { type: 'boolean' },
				'build-dir': { type: 'string' },
				'db-config': { type: 'string' },
				'demo-seed': { type: 'string' },
				'demo-speed': { type: 'string' },
				'demo-incidents': { type: 'string' },
				'demo-truth': { type: 'string' },
				'demo-history': { type: 'string' },
				'demo-time': { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			},
			allowPositionals: false,
			strict: true
		}).values;
	} catch (error) {
		throw new ConfigError(`${(error as Error).message}. Run with --help for the options.`);
	}
	if (values.help) throw new ConfigError(usage);
	const config: ServerConfig = {
		port: port(values.port ?? env.PORT, 3000, 'port'),
		otlpPort: port(values['otlp-port'] ?? env.OTLP_PORT, 4318, 'otlp-port'),
		host: values.host ?? env.HOST ?? '127.0.0.1',
		demo: !values['no-demo'],
		dataDir: values['no-persist'] ? undefined : values['data-dir'] ?? '.meridian',
		log: {
			maxBytes: byteSize(values['log-max-bytes'] ?? env.MERIDIAN_LOG_MAX_BYTES, defaultLogLimits.maxBytes, 'log-max-bytes'),
			maxAgeMs: durationMs(values['log-max-age'] ?? env.MERIDIAN_LOG_MAX_AGE, defaultLogLimits.maxAgeMs, 'log-max-age')
		},
		maxInflightBytes: byteSize(
			values['max-inflight-bytes'] ?? env.MERIDIAN_MAX_INFLIGHT_BYTES,
			defaultBodyLimits.maxInflightBytes,
			'max-inflight-bytes'
		),
		ingestToken: values['ingest-token'] ?? (env.MERIDIAN_INGEST_TOKEN || undefined),
		viewToken: values['view-token'] ?? (env.MERIDIAN_VIEW_TOKEN || undefined),
		build: !values['no-build'],
		buildDir: values['build-dir'] ?? env.MERIDIAN_BUILD_DIR ?? 'build',
		dbConfig: values['db-config'] ?? (env.MERIDIAN_DB_CONFIG || undefined),
		demoBank: {
			seed: positiveNumber(values['demo-seed'] ?? env.MERIDIAN_DEMO_SEED, 1, 'demo-seed'),
			speed: positiveNumber(values['demo-speed'] ?? env.MERIDIAN_DEMO_SPEED, 1, 'demo-speed'),
			incidents: demoIncidents(values['demo-incidents'] ?? env.MERIDIAN_DEMO_INCIDENTS ?? 'scripted'),
			truthFile: values['demo-truth'] ?? (env.MERIDIAN_DEMO_TRUTH || undefined),
			historyMs: demoHistoryMs(values['demo-history'] ?? env.MERIDIAN_DEMO_HISTORY),
			localMinutes: demoTime(values['demo-time'] ?? (env.MERIDIAN_DEMO_TIME || undefined))
		}
	};
	if (!isLoopback(config.host) && (!config.ingestToken || !config.viewToken)) {
		throw new ConfigError(
			`Refusing to listen on ${config.host} without tokens: anyone who can reach it could send or read telemetry.\n` +
				'Set both --ingest-token and --view-token (or MERIDIAN_INGEST_TOKEN and MERIDIAN_VIEW_TOKEN), or bind 127.0.0.1.'
		);
	}
	return config;
}

function positiveNumber(raw: string | undefined, fallback: number, name: string): number {
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`--${name} must be a positive number, got "${raw}".`);
	return n;
}

const byteUnits: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** Smallest replay-log byte bound: one frame of a small batch (the newest batch is always kept anyway). */
const minLogBytes = 1024;

/** "1048576", "512k", "64m", "1g" (binary units) → bytes. */
function byteSize(raw: string | undefined, fallback: number, name: string): number {
	if (raw === undefined || raw === '') return fallback;
	const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(raw.trim());
	const bytes = match ? Math.round(Number(match[1]) * byteUnits[match[2].toLowerCase()]) : NaN;
	if (!Number.isFinite(bytes) || bytes < minLogBytes) {
		throw new ConfigError(`--${name} must be a size of at least ${minLogBytes} bytes, e.g. 65536, 512k or 64m; got "${raw}".`);
	}
	return bytes;
}

const durationUnitsMs: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90" (seconds), "30s", "15m", "1h", "2d" → milliseconds; at least one second. */
function durationMs(raw: string | undefined, fallback: number, name: string): number {
	if (raw === undefined || raw === '') return fallback;
	const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(raw.trim());
	const ms = match ? Math.round(Number(match[1]) * durationUnitsMs[match[2].toLowerCase()]) : NaN;
	if (!Number.isFinite(ms) || ms < 1000) {
		throw new ConfigError(`--${name} must be a duration of at least 1 s, e.g. 90, 30s, 15m or 1h; got "${raw}".`);
	}
	return ms;
}

/** Longest demo history: an hour (~5 M spans at lunch load) fills the replay log's default bounds. */
export const maxDemoHistoryMs = 3_600_000;

function demoHistoryMs(raw: string | undefined): number {
	if (raw === undefined || raw === '' || raw === '0') return 0;
	const ms = durationMs(raw, 0, 'demo-history');
	if (ms > maxDemoHistoryMs) throw new ConfigError(`--demo-history is at most 1h, got "${raw}".`);
	return ms;
}

function demoIncidents(raw: string): DemoConfig['incidents'] {
	try {
		return parseDemoIncidents(raw);
	} catch (error) {
		throw new ConfigError((error as Error).message);
	}
}

function demoTime(raw: string | undefined): number | undefined {
	if (raw === undefined || raw === '') return undefined;
	try {
		return parseDemoTime(raw);
	} catch (error) {
		throw new ConfigError((error as Error).message);
	}
}

function port(raw: string | undefined, fallback: number, name: string): number {
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`--${name} must be a port number 0-65535, got "${raw}".`);
	return n;
}

export function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const usage = `Usage: npm start -- [options]

  --port N           app and /api port (env PORT, default 3000; 0 = any free port)
  --otlp-port N      OTLP/HTTP receiver port (env OTLP_PORT, default 4318)
  --host H           bind address (env HOST, default 127.0.0.1); another address needs both tokens
  --no-demo          do not run the embedded demo bank
  --data-dir D       replay-log directory (default .meridian)
  --no-persist       keep the replay log in memory only
  --log-max-bytes N  replay-log byte bound (env MERIDIAN_LOG_MAX_BYTES, default 256m; k, m, g = KiB, MiB, GiB)
  --log-max-age T    replay-log age bound (env MERIDIAN_LOG_MAX_AGE, default 1h; s, m, h, d; bare number = seconds)
                     a browser away longer than the log holds gets a gap event and shows "Data lost"
  --max-inflight-bytes N  OTLP body bytes held at once (env MERIDIAN_MAX_INFLIGHT_BYTES, default 256m);
                     past it requests get 429 with Retry-After, which OTLP exporters retry
  --ingest-token T   token required on /v1/* (env MERIDIAN_INGEST_TOKEN)
  --view-token T     token required on /api/* (env MERIDIAN_VIEW_TOKEN)
  --no-build         serve build/ as it is, never run vite build first
  --build-dir D      built app folder (env MERIDIAN_BUILD_DIR, default build)
  --db-config F      JSON list of databases to monitor (env MERIDIAN_DB_CONFIG; also MERIDIAN_DB_<NAME>=DSN)
  --demo-seed N      demo bank seed (env MERIDIAN_DEMO_SEED, default 1)
  --demo-speed N     demo scenario clock speed: 60 = an hour of load shape per minute (default 1)
  --demo-incidents L scripted (default), none, or kind@+SECONDS[:DURATION] list, e.g. slow-sql@+5:300
  --demo-truth F     write the demo incidents' ground truth (JSON) to F, for tests
  --demo-history T   simulate and send the bank's last T (e.g. 10m, at most 1h) before serving,
                     so history, bands and boards start filled (env MERIDIAN_DEMO_HISTORY, default 0)
  --demo-time HH:MM  the bank's local time (KST) at the start, e.g. 12:30 for the lunch peak; the
                     scenario runs on from there (env MERIDIAN_DEMO_TIME, default the real time)`;

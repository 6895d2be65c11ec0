import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';
import { demoScenarioStartMs, incidentSpecs } from './demo-options';
import { KST_OFFSET_MS, localTime } from '../sim/index';

describe('server configuration', () => {
	it('uses the documented defaults', () => {
		expect(parseConfig([], {})).toEqual({
			port: 3000,
			otlpPort: 4318,
			host: '127.0.0.1',
			demo: true,
			dataDir: '.meridian',
			log: { maxBytes: 256 * 1024 * 1024, maxAgeMs: 3_600_000 },
			maxInflightBytes: 256 * 1024 * 1024,
			ingestToken: undefined,
			viewToken: undefined,
			build: true,
			buildDir: 'build',
			dbConfig: undefined,
			demoBank: { seed: 1, speed: 1, incidents: 'scripted', truthFile: undefined, historyMs: 0, localMinutes: undefined }
		});
	});

	it('reads the demo bank options, with incidents relative to the start', () => {
		const config = parseConfig(['--demo-seed', '7', '--demo-incidents', 'slow-sql@+5:300,memory-leak@+60', '--demo-history', '10m'], {
			MERIDIAN_DEMO_SPEED: '60',
			MERIDIAN_DEMO_TRUTH: '/tmp/truth.json',
			MERIDIAN_DEMO_TIME: '12:30'
		});
		expect(config.demoBank).toEqual({
			seed: 7,
			speed: 60,
			incidents: [
				{ kind: 'slow-sql', afterSec: 5, durationSec: 300 },
				{ kind: 'memory-leak', afterSec: 60 }
			],
			truthFile: '/tmp/truth.json',
			historyMs: 600_000,
			localMinutes: 12 * 60 + 30
		});
		expect(incidentSpecs(config.demoBank.incidents, 1_000_000)).toEqual([
			{ kind: 'slow-sql', startMs: 1_005_000, durationMs: 300_000 },
			{ kind: 'memory-leak', startMs: 1_060_000 }
		]);
		expect(parseConfig(['--demo-incidents', 'none'], {}).demoBank.incidents).toBe('none');
	});

	it('names the mistake in a bad demo option', () => {
		expect(() => parseConfig(['--demo-incidents', 'slow-sql@5'], {})).toThrow(/kind@\+SECONDS/);
		expect(() => parseConfig(['--demo-incidents', 'meteor@+5'], {})).toThrow(/unknown incident "meteor"/);
		expect(() => parseConfig(['--demo-speed', '0'], {})).toThrow(ConfigError);
		expect(() => parseConfig(['--demo-history', '2h'], {})).toThrow(/at most 1h/);
		expect(() => parseConfig(['--demo-history', 'yesterday'], {})).toThrow(/--demo-history must be a duration/);
		expect(() => parseConfig(['--demo-time', '24:00'], {})).toThrow(/--demo-time must be a time of day HH:MM/);
		expect(() => parseConfig(['--demo-time', 'noon'], {})).toThrow(ConfigError);
	});

	it('starts the bank at the asked local time on the real KST day, history included', () => {
		// 2026-11-25 19:20 UTC is 04:20 KST on the 26th
		const startMs = Date.UTC(2026, 10, 25, 19, 20);
		const lunch = Date.UTC(2026, 10, 26, 12, 30) - KST_OFFSET_MS;
		expect(demoScenarioStartMs(12 * 60 + 30, startMs, 0, 1)).toBe(lunch);
		// ten minutes of history at speed 60: the bank starts ten scenario hours earlier
		expect(demoScenarioStartMs(12 * 60 + 30, startMs, 600_000, 60)).toBe(lunch - 600_000 * 60);
		expect(localTime(demoScenarioStartMs(0, startMs, 0, 1)!).hour).toBe(0);
		expect(demoScenarioStartMs(undefined, startMs, 0, 1)).toBeUndefined();
	});

	it('lets flags win over environment variables', () => {
		const env = { PORT: '8080', OTLP_PORT: '9000', HOST: 'localhost', MERIDIAN_VIEW_TOKEN: 'env-view' };
		expect(parseConfig(['--port', '0', '--no-demo', '--no-persist', '--view-token', 'flag-view'], env)).toMatchObject({
			port: 0,
			otlpPort: 9000,
			host: 'localhost',
			demo: false,
			dataDir: undefined,
			viewToken: 'flag-view'
		});
	});

	it('refuses a non-loopback address without both tokens', () => {
		expect(() => parseConfig(['--host', '0.0.0.0'], {})).toThrow(/without tokens/);
		expect(() => parseConfig(['--host', '0.0.0.0', '--ingest-token', 'a'], {})).toThrow(ConfigError);
		expect(parseConfig(['--host', '0.0.0.0'], { MERIDIAN_INGEST_TOKEN: 'a', MERIDIAN_VIEW_TOKEN: 'b' }).host).toBe('0.0.0.0');
	});

	it('bounds the replay log (--log-max-bytes, --log-max-age) and in-flight bodies (--max-inflight-bytes), or by environment', () => {
		expect(parseConfig(['--log-max-bytes', '65536', '--log-max-age', '90'], {}).log).toEqual({ maxBytes: 65_536, maxAgeMs: 90_000 });
		expect(parseConfig(['--log-max-bytes', '512k', '--log-max-age', '15m'], {}).log).toEqual({ maxBytes: 524_288, maxAgeMs: 900_000 });
		expect(parseConfig([], { MERIDIAN_LOG_MAX_BYTES: '2g', MERIDIAN_LOG_MAX_AGE: '2h' }).log).toEqual({
			maxBytes: 2 * 1024 ** 3,
			maxAgeMs: 7_200_000
		});
		expect(parseConfig(['--log-max-age', '10s'], { MERIDIAN_LOG_MAX_AGE: '1d' }).log.maxAgeMs).toBe(10_000);
		expect(() => parseConfig(['--log-max-bytes', 'lots'], {})).toThrow('--log-max-bytes must be a size');
		expect(() => parseConfig(['--log-max-bytes', '10'], {})).toThrow(/at least 1024 bytes/);
		expect(() => parseConfig(['--log-max-age', '0.5s'], {})).toThrow('--log-max-age must be a duration of at least 1 s');
		expect(parseConfig(['--max-inflight-bytes', '4m'], {}).maxInflightBytes).toBe(4 * 1024 * 1024);
		expect(parseConfig([], { MERIDIAN_MAX_INFLIGHT_BYTES: '1048576' }).maxInflightBytes).toBe(1_048_576);
	});

	it('explains bad ports and unknown flags', () => {
		expect(() => parseConfig(['--port', 'eighty'], {})).toThrow('--port must be a port number');
		expect(() => parseConfig(['--colour'], {})).toThrow(/--help/);
	});
});

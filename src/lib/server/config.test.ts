import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('server configuration', () => {
	it('uses the documented defaults', () => {
		expect(parseConfig([], {})).toEqual({
			port: 3000,
			otlpPort: 4318,
			host: '127.0.0.1',
			demo: true,
			dataDir: '.meridian',
			ingestToken: undefined,
			viewToken: undefined,
			build: true,
			buildDir: 'build'
		});
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

	it('explains bad ports and unknown flags', () => {
		expect(() => parseConfig(['--port', 'eighty'], {})).toThrow('--port must be a port number');
		expect(() => parseConfig(['--colour'], {})).toThrow(/--help/);
	});
});

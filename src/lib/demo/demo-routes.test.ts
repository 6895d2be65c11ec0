import { describe, expect, it } from 'vitest';
import { isDemoRoute, relayRequestUrl } from './demo-routes';

const origin = 'http://127.0.0.1:4173';

describe('isDemoRoute', () => {
	it('answers the relay API and OTLP paths on the app origin, at any base path', () => {
		expect(isDemoRoute(`${origin}/api/health`, origin)).toBe(true);
		expect(isDemoRoute(`${origin}/api/stream?after=12`, origin)).toBe(true);
		expect(isDemoRoute(`${origin}/meridian/api/sync/docs`, origin)).toBe(true);
		expect(isDemoRoute(`${origin}/v1/traces`, origin)).toBe(true);
	});

	it('leaves app files, look-alike paths and other hosts alone', () => {
		expect(isDemoRoute(`${origin}/_app/immutable/entry/start.js`, origin)).toBe(false);
		expect(isDemoRoute(`${origin}/api/healthcheck`, origin)).toBe(false);
		expect(isDemoRoute(`${origin}/docs/api/stream.html`, origin)).toBe(false);
		expect(isDemoRoute('http://10.0.0.5:3000/api/stream', origin)).toBe(false);
		expect(isDemoRoute('not a url', origin)).toBe(false);
	});
});

describe('relayRequestUrl', () => {
	it('drops a base path in front of the relay routes and keeps the query', () => {
		expect(relayRequestUrl(`${origin}/meridian/api/stream?after=5`)).toBe(`${origin}/api/stream?after=5`);
		expect(relayRequestUrl(`${origin}/a/b/v1/traces`)).toBe(`${origin}/v1/traces`);
		expect(relayRequestUrl(`${origin}/api/health`)).toBe(`${origin}/api/health`);
	});
});

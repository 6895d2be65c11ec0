import { describe, expect, it } from 'vitest';
import type { RelayHealth } from '../protocol/stream';
import { decideMode, demoForcedBy, probeRelay, type ProbeResult } from './demo-mode';

const health: RelayHealth = {
	epoch: 'e1',
	uptimeSec: 3,
	accepted: { batches: 1, spans: 2, metricPoints: 0, logRecords: 0 },
	rejected: { requests: 0, spans: 0, metricPoints: 0, logRecords: 0 },
	throttled: 0,
	clients: 0,
	firstSeq: 1,
	lastSeq: 1,
	log: { bytes: 10, maxBytes: 100, ageSec: 1, maxAgeSec: 60, batches: 1 },
	demo: false,
	auth: false
};

function fakeFetch(answer: (url: string, init: RequestInit) => Promise<Response>): typeof fetch & { calls: { url: string; init: RequestInit }[] } {
	const calls: { url: string; init: RequestInit }[] = [];
	const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
		calls.push({ url: String(input), init: init ?? {} });
		return answer(String(input), init ?? {});
	}) as typeof fetch & { calls: typeof calls };
	fn.calls = calls;
	return fn;
}

describe('demoForcedBy', () => {
	it('honours ?demo, the demo build and the setting, in that order', () => {
		expect(demoForcedBy({ search: '?demo', demoBuild: true, setting: 'on' })).toBe('query');
		expect(demoForcedBy({ search: '?range=1h&demo=1', demoBuild: false, setting: 'auto' })).toBe('query');
		expect(demoForcedBy({ search: '', demoBuild: true, setting: 'off' })).toBe('build');
		expect(demoForcedBy({ search: '', demoBuild: false, setting: 'on' })).toBe('setting');
	});

	it('does not count ?demo=0 or an absent flag', () => {
		expect(demoForcedBy({ search: '?demo=0', demoBuild: false, setting: 'auto' })).toBeUndefined();
		expect(demoForcedBy({ search: '?demonstration', demoBuild: false, setting: 'auto' })).toBeUndefined();
	});
});

describe('probeRelay', () => {
	it('recognises a relay by its health document and sends the view token', async () => {
		const fetch = fakeFetch(async () => Response.json(health));
		const result = await probeRelay({ fetch, relayUrl: 'http://10.0.0.5:3000', viewToken: 'v1' });
		expect(result).toEqual({ kind: 'relay', health });
		expect(fetch.calls[0].url).toBe('http://10.0.0.5:3000/api/health');
		expect((fetch.calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer v1');
	});

	it('treats 401 as a relay that wants a token', async () => {
		const fetch = fakeFetch(async () => new Response('no', { status: 401 }));
		expect(await probeRelay({ fetch, relayUrl: '', viewToken: '' })).toEqual({ kind: 'unauthorized' });
	});

	it('treats a static host (404, or HTML) as no relay', async () => {
		const notFound = fakeFetch(async () => new Response('not found', { status: 404 }));
		expect(await probeRelay({ fetch: notFound, relayUrl: '', viewToken: '' })).toEqual({ kind: 'absent', reason: 'HTTP 404' });
		const html = fakeFetch(async () => new Response('<!doctype html>', { status: 200 }));
		expect((await probeRelay({ fetch: html, relayUrl: '', viewToken: '' })).kind).toBe('absent');
	});

	it('gives up after the timeout when nothing answers', async () => {
		const hanging = fakeFetch(
			(_url, init) =>
				new Promise((_resolve, reject) => {
					init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
				})
		);
		const result = await probeRelay({ fetch: hanging, relayUrl: '', viewToken: '', timeoutMs: 20 });
		expect(result).toEqual({ kind: 'absent', reason: 'no answer within 20 ms' });
	});
});

describe('decideMode', () => {
	const probeOf = (result: ProbeResult) => {
		const probe = async () => {
			probe.calls += 1;
			return result;
		};
		probe.calls = 0;
		return probe;
	};

	it('falls back to the demo only in auto mode when no relay answers', async () => {
		const absent = probeOf({ kind: 'absent', reason: 'x' });
		expect(await decideMode({ search: '', demoBuild: false, setting: 'auto', probe: absent })).toEqual({
			mode: 'demo',
			reason: 'no-relay'
		});
		expect(await decideMode({ search: '', demoBuild: false, setting: 'off', probe: absent })).toEqual({ mode: 'relay' });
	});

	it('keeps the relay when it answers, even with 401', async () => {
		expect(await decideMode({ search: '', demoBuild: false, setting: 'auto', probe: probeOf({ kind: 'relay', health }) })).toEqual({ mode: 'relay' });
		expect(await decideMode({ search: '', demoBuild: false, setting: 'auto', probe: probeOf({ kind: 'unauthorized' }) })).toEqual({ mode: 'relay' });
	});

	it('does not probe when the demo is forced', async () => {
		const probe = probeOf({ kind: 'relay', health });
		expect(await decideMode({ search: '?demo', demoBuild: false, setting: 'auto', probe })).toEqual({ mode: 'demo', reason: 'query' });
		expect(probe.calls).toBe(0);
	});
});

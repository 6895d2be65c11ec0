import { describe, expect, it } from 'vitest';
import { decodeViewState, encodeViewState, param, viewStateUrl, type ViewSchema } from './url-state';

interface LiveView {
	range: 'live' | '5m' | '1h' | '24h';
	service: string;
	statuses: string[];
	errorsOnly: boolean;
	minDurationMs: number;
}

const schema: ViewSchema<LiveView> = {
	range: param.oneOf(['live', '5m', '1h', '24h'], 'live'),
	service: param.string(''),
	statuses: param.list(),
	errorsOnly: param.bool(false),
	minDurationMs: param.int(0, { min: 0, max: 3_600_000 })
};

describe('view state in the query string', () => {
	it('round-trips every field', () => {
		const state: LiveView = {
			range: '1h',
			service: 'transfer & payments/kr',
			statuses: ['error', 'ok,unset'],
			errorsOnly: true,
			minDurationMs: 250
		};
		const search = encodeViewState(schema, state);
		expect(decodeViewState(schema, new URLSearchParams(search.toString()))).toEqual(state);
	});

	it('omits defaults so an untouched view has a bare link', () => {
		const state = decodeViewState(schema, new URLSearchParams(''));
		expect(encodeViewState(schema, state).toString()).toBe('');
		expect(encodeViewState(schema, { ...state, range: '5m' }).toString()).toBe('range=5m');
	});

	it('falls back per field on malformed input and keeps the readable fields', () => {
		const state = decodeViewState(
			schema,
			new URLSearchParams('range=2y&service=cards&minDurationMs=12abc&errorsOnly=maybe')
		);
		expect(state).toEqual({
			range: 'live',
			service: 'cards',
			statuses: [],
			errorsOnly: false,
			minDurationMs: 0
		});
	});

	it('rejects numbers outside the declared bounds', () => {
		const tooBig = decodeViewState(schema, new URLSearchParams('minDurationMs=3600001'));
		const negative = decodeViewState(schema, new URLSearchParams('minDurationMs=-5'));
		expect(tooBig.minDurationMs).toBe(0);
		expect(negative.minDurationMs).toBe(0);
	});

	it('reads a bare flag as true and bounds list and string sizes', () => {
		const many = Array.from({ length: 80 }, (_, i) => `statuses=s${i}`).join('&');
		const state = decodeViewState(
			schema,
			new URLSearchParams(`errorsOnly&${many}&service=${'x'.repeat(500)}`)
		);
		expect(state.errorsOnly).toBe(true);
		expect(state.statuses).toHaveLength(50);
		expect(state.statuses[0]).toBe('s0');
		expect(state.service).toHaveLength(200);
	});

	it('removes duplicate and empty list items', () => {
		const state = decodeViewState(schema, new URLSearchParams('statuses=a&statuses=&statuses=a&statuses=b'));
		expect(state.statuses).toEqual(['a', 'b']);
	});

	it('keeps parameters owned by others and the path and hash', () => {
		const current = new URL('https://noc.example/app/?demo&range=5m&tab=2#top');
		const state = { ...decodeViewState(schema, current.searchParams), range: '24h' as const, service: 'auth' };
		const next = viewStateUrl(schema, state, current);
		expect(next.pathname).toBe('/app/');
		expect(next.hash).toBe('#top');
		expect(next.searchParams.get('demo')).toBe('');
		expect(next.searchParams.get('tab')).toBe('2');
		expect(next.searchParams.get('range')).toBe('24h');
		expect(next.searchParams.get('service')).toBe('auth');
	});
});

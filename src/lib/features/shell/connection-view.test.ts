import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '$lib/domain/telemetry/live-snapshot';
import { batchesBehind, connectionView } from './connection-view';

const base: ConnectionStatus = { state: 'connected', demo: false, sinceMs: 0, epoch: 'e', lastSeq: 10, relayLastSeq: 10 };

describe('connectionView', () => {
	it('says starting until the first snapshot', () => {
		expect(connectionView({ phase: 'starting', mode: 'undecided', connection: undefined }).key).toBe('conn.starting');
		expect(connectionView({ phase: 'running', mode: 'relay', connection: undefined }).key).toBe('conn.starting');
	});

	it('distinguishes a live relay from the demo', () => {
		expect(connectionView({ phase: 'running', mode: 'relay', connection: base })).toEqual({ key: 'conn.connected', tone: 'ok' });
		expect(connectionView({ phase: 'running', mode: 'demo', connection: base }).key).toBe('conn.demo');
		expect(connectionView({ phase: 'running', mode: 'relay', connection: { ...base, demo: true } }).key).toBe('conn.demo');
	});

	it('counts down a reconnect in whole seconds', () => {
		const view = connectionView({
			phase: 'running',
			mode: 'relay',
			connection: { ...base, state: 'reconnecting', retryInMs: 4_200 }
		});
		expect(view).toEqual({ key: 'conn.reconnectingIn', params: { seconds: 5 }, tone: 'warning' });
		expect(
			connectionView({ phase: 'running', mode: 'relay', connection: { ...base, state: 'reconnecting', retryInMs: 300 } }).key
		).toBe('conn.reconnecting');
	});

	it('flags a missing token and a failed start', () => {
		expect(connectionView({ phase: 'running', mode: 'relay', connection: { ...base, state: 'unauthorized' } }).tone).toBe('danger');
		expect(connectionView({ phase: 'failed', mode: 'relay', connection: base }).key).toBe('conn.stopped');
	});
});

describe('batchesBehind', () => {
	it('is the difference between the relay and the stored cursor, never negative', () => {
		expect(batchesBehind({ ...base, lastSeq: 4, relayLastSeq: 10 })).toBe(6);
		expect(batchesBehind({ ...base, lastSeq: 12, relayLastSeq: 10 })).toBe(0);
		expect(batchesBehind(undefined)).toBe(0);
	});
});

/**
 * Document sync through the real relay process: a push is seen by a waiting pull of another
 * device, and the SQLite store in the data directory keeps documents across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocChange, SyncPullResponse, SyncPushResponse } from '../../src/lib/protocol/sync';
import { startRelay, type RunningRelay } from '../support/relay';

const running: RunningRelay[] = [];
const dir = mkdtempSync(join(tmpdir(), 'meridian-docs-sync-'));
afterAll(async () => {
	for (const r of running) await r.stop();
	rmSync(dir, { recursive: true, force: true });
});

const stamp = (ms: number) => `${String(ms).padStart(15, '0')}:000000:tablet`;

async function push(appUrl: string, changes: DocChange[]): Promise<SyncPushResponse> {
	const response = await fetch(`${appUrl}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changes }) });
	expect(response.status).toBe(200);
	return (await response.json()) as SyncPushResponse;
}

async function pull(appUrl: string, query: string): Promise<SyncPullResponse> {
	const response = await fetch(`${appUrl}/api/sync${query}`);
	expect(response.status).toBe(200);
	return (await response.json()) as SyncPullResponse;
}

describe('document sync through the relay', () => {
	it('wakes a waiting device on a push and keeps documents across a restart', async () => {
		const first = await startRelay({ args: ['--data-dir', dir] });
		running.push(first);
		const waiting = pull(first.appUrl, '?since=0&waitSec=20');
		await new Promise((resolve) => setTimeout(resolve, 200));
		const pushed = await push(first.appUrl, [
			{ id: 'noc', type: 'board', field: 'title', value: 'NOC wall', hlc: stamp(1_000) },
			{ id: 'noc', type: 'board', field: 'widgets/w1', value: { kind: 'big-number', kpiIds: ['loan-applications'] }, hlc: stamp(1_001) }
		]);
		expect(pushed.refused).toEqual([]);
		const seen = await waiting;
		expect(seen.docs.map((d) => [d.id, d.fields.title.v])).toEqual([['noc', 'NOC wall']]);
		await first.stop();
		running.pop();

		const second = await startRelay({ args: ['--data-dir', dir] });
		running.push(second);
		const after = await pull(second.appUrl, '?since=0');
		expect(after.storeId).toBe(seen.storeId);
		expect(after.lastSeq).toBe(seen.lastSeq);
		expect(after.docs).toEqual(seen.docs);
	});
});

/**
 * Property: three devices edit the same documents in random interleavings (seeded), push
 * and pull through the relay's handler in random orders with random partial pushes, and end
 * with identical documents on every device and on the relay, every overwritten edit in the
 * history (or below its floor).
 */
import { describe, expect, it } from 'vitest';
import type { DocChange, DocRecord, Json, SyncPullResponse, SyncPushResponse } from '../../protocol/sync';
import { canonicalJson } from '../../domain/docs/json';
import { canonicalRecord, maxHistoryEntries } from '../../domain/docs/merge';
import { seededRandom } from '../../domain/telemetry/test-random';
import { createSyncHandler } from '../../relay/sync/handler';
import { MemoryDocStore } from '../../relay/sync/memory-doc-store';
import { Documents } from './documents';
import { MemoryLocalDocStore } from './memory-local-store';

async function run(seed: number, steps: number) {
	const random = seededRandom(seed);
	const int = (n: number) => Math.floor(random() * n);
	let wallMs = 1_750_000_000_000;
	const server = new MemoryDocStore({ storeId: 'prop' });
	const handler = createSyncHandler({ store: server });
	const call = async <T>(method: string, query: string, body?: unknown): Promise<T> => {
		const response = await handler.handle(new Request('http://relay.test/api/sync' + query, { method, body: body === undefined ? undefined : JSON.stringify(body) }));
		expect(response.status).toBe(200);
		return (await response.json()) as T;
	};
	const devices = await Promise.all(
		[0, 1, 2].map((i) => Documents.open({ store: new MemoryLocalDocStore(), seed: false, random: seededRandom(seed * 10 + i), now: () => wallMs + [0, -3_000, 1_500][i] }))
	);
	const made: DocChange[] = [];
	const titles = ['Ops', 'NOC', 'Lending', 'Deposits'];
	for (let step = 0; step < steps; step++) {
		wallMs += int(40);
		const d = devices[int(3)];
		const action = random();
		if (action < 0.55) {
			const id = 'board-' + int(3);
			const patch: Record<string, Json> =
				random() < 0.4
					? { title: titles[int(4)] + ' ' + int(100) }
					: random() < 0.5
						? { widgets: { ['w' + int(4)]: random() < 0.2 ? null : { kind: 'big-number', kpiIds: ['k' + int(5)] } } }
						: { layout: { ['w' + int(4)]: { x: int(6), y: int(6), w: 1 + int(6), h: 1 + int(3) } } };
			made.push(...(await d.edit(id, 'board', patch)));
		} else if (action < 0.6) {
			made.push(...(await d.remove('board-' + int(3), 'board')));
		} else if (action < 0.8) {
			// push a random prefix of the outbox
			const batch = await d.store.pending(1 + int(6));
			if (batch.length === 0) continue;
			const pushed = await call<SyncPushResponse>('POST', '', { changes: batch.map((e) => e.change) });
			expect(pushed.refused).toEqual([]);
			await d.store.acknowledge(batch[batch.length - 1].seq);
		} else {
			const cursor = await d.store.readCursor();
			const pulled = await call<SyncPullResponse>('GET', `?since=${cursor?.cursor ?? 0}&limit=${1 + int(3)}`);
			await d.applyRemote(pulled.docs, { storeId: pulled.storeId, cursor: pulled.cursor });
		}
	}
	// everyone pushes everything, then pulls until nothing is left
	for (const d of devices) {
		for (let batch = await d.store.pending(100); batch.length > 0; batch = await d.store.pending(100)) {
			await call<SyncPushResponse>('POST', '', { changes: batch.map((e) => e.change) });
			await d.store.acknowledge(batch[batch.length - 1].seq);
		}
	}
	for (const d of devices) {
		for (;;) {
			const cursor = await d.store.readCursor();
			const pulled = await call<SyncPullResponse>('GET', `?since=${cursor?.cursor ?? 0}&limit=2`);
			await d.applyRemote(pulled.docs, { storeId: pulled.storeId, cursor: pulled.cursor });
			if (!pulled.more) break;
		}
	}
	return { devices, server, made };
}

describe('sync through the relay (property)', () => {
	for (const [seed, steps] of [
		[21, 40],
		[22, 80],
		[23, 150],
		[24, 300],
		[25, 600],
		[26, 1_000]
	] as const) {
		it(`three devices converge with the relay, losing no edit without a trace (seed ${seed}, ${steps} steps)`, async () => {
			const { devices, server, made } = await run(seed, steps);
			const ids = [...new Set(made.map((c) => c.id))].sort();
			expect(ids.length).toBeGreaterThan(0);
			for (const id of ids) {
				const onServer = canonicalRecord((await server.get(id)) as DocRecord);
				for (const d of devices) expect(canonicalRecord((await d.store.get(id)) as DocRecord)).toBe(onServer);
				const record = (await server.get(id)) as DocRecord;
				expect(record.history.length).toBeLessThanOrEqual(maxHistoryEntries);
				for (const c of made.filter((x) => x.id === id)) {
					const winner = record.fields[c.field].t === c.hlc && canonicalJson(record.fields[c.field].v) === canonicalJson(c.value);
					const kept = record.history.some((h) => h.f === c.field && h.t === c.hlc && canonicalJson(h.v) === canonicalJson(c.value));
					const belowFloor = record.historyFloor !== undefined && c.hlc <= record.historyFloor;
					expect(winner || kept || belowFloor).toBe(true);
				}
			}
		});
	}
});

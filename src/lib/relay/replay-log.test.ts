import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../protocol/records';
import { LogBusyError, ReplayLog, type LogPersistence, type StoredBatch } from './replay-log';

function clock(startMs = 1_700_000_000_000) {
	const c = { nowMs: startMs, now: () => c.nowMs };
	return c;
}

function span(i: number): SpanRecord {
	return {
		traceId: 'a'.repeat(32),
		spanId: i.toString(16).padStart(16, '0'),
		parentSpanId: '',
		resourceId: 'r',
		service: 's',
		instance: 'i',
		name: `op ${i}`,
		kind: 2,
		startUs: i,
		durationUs: 1,
		status: 0,
		attrs: {}
	};
}

const records = (i: number) => ({ resources: [], spans: [span(i)] });

/** A persistence whose writes complete when the test says so. */
function manualPersistence(stored: StoredBatch[] = [], nextSeq = 1, epoch?: string) {
	const writes: { batch: StoredBatch; resolve: () => void; reject: (e: Error) => void }[] = [];
	const evicted: number[] = [];
	const persistence: LogPersistence = {
		open: async (fresh) => ({ epoch: epoch ?? fresh, nextSeq, batches: stored }),
		append: (batch) =>
			new Promise<void>((resolve, reject) => {
				writes.push({ batch, resolve, reject });
			}),
		evictThrough: (seq) => void evicted.push(seq),
		close: async () => undefined,
		describe: () => ({ kind: 'disk' })
	};
	return { persistence, writes, evicted };
}

describe('replay log', () => {
	it('numbers batches from 1 and finds each by cursor', () => {
		const log = ReplayLog.inMemory();
		const seqs = [1, 2, 3].map((i) => log.append(records(i)).batch.seq);
		expect(seqs).toEqual([1, 2, 3]);
		expect([log.firstSeq, log.lastSeq, log.batches]).toEqual([1, 3, 3]);
		expect(log.nextAfter(0)?.seq).toBe(1);
		expect(log.nextAfter(2)?.seq).toBe(3);
		expect(log.nextAfter(3)).toBeUndefined();
		const frame = new TextDecoder().decode(log.nextAfter(1)!.frame);
		expect(frame.startsWith('id: 2\nevent: batch\ndata: ')).toBe(true);
		expect(JSON.parse(frame.split('data: ')[1]).spans[0].name).toBe('op 2');
	});

	it('evicts the oldest batches past the byte bound and reports the lost range as a gap', () => {
		const c = clock();
		const probe = ReplayLog.inMemory();
		probe.append(records(1));
		const oneBatch = probe.bytes;
		const log = ReplayLog.inMemory({ limits: { maxBytes: oneBatch * 3 + 10 }, now: c.now });
		for (let i = 1; i <= 10; i++) {
			c.nowMs += 1000;
			log.append(records(i));
		}
		expect(log.batches).toBe(3);
		expect(log.bytes).toBeLessThanOrEqual(oneBatch * 3 + 10);
		expect([log.firstSeq, log.lastSeq, log.evictedThrough]).toEqual([8, 10, 7]);
		const start = 1_700_000_000_000;
		expect(log.gapFor(2)).toEqual({ fromSeq: 3, toSeq: 7, fromMs: start + 3000, toMs: start + 7000 });
		expect(log.gapFor(7)).toBeUndefined();
		expect(log.nextAfter(2)?.seq).toBe(8);
	});

	it('evicts batches older than the age bound', () => {
		const c = clock();
		const log = ReplayLog.inMemory({ limits: { maxAgeMs: 10_000 }, now: c.now });
		log.append(records(1));
		c.nowMs += 6000;
		log.append(records(2));
		c.nowMs += 6000;
		log.evictExpired();
		expect([log.firstSeq, log.batches]).toEqual([2, 1]);
		expect(log.ageSec()).toBe(6);
		c.nowMs += 60_000;
		log.evictExpired();
		expect([log.firstSeq, log.lastSeq, log.batches, log.bytes]).toEqual([0, 2, 0, 0]);
		expect(log.gapFor(0)).toMatchObject({ fromSeq: 1, toSeq: 2 });
	});

	it('publishes a batch only once it is durable, in seq order', async () => {
		const { persistence, writes } = manualPersistence();
		const log = await ReplayLog.open({ persistence });
		const a = log.append(records(1));
		const b = log.append(records(2));
		expect(log.lastSeq).toBe(0);
		writes[1].resolve();
		await b.durable.catch(() => undefined);
		await Promise.resolve();
		expect(log.lastSeq).toBe(0); // seq 2 waits for seq 1
		writes[0].resolve();
		await Promise.all([a.durable, b.durable]);
		expect([log.firstSeq, log.lastSeq]).toEqual([1, 2]);
	});

	it('never publishes a batch whose write failed and skips its seq', async () => {
		const { persistence, writes } = manualPersistence();
		const log = await ReplayLog.open({ persistence });
		const a = log.append(records(1));
		const b = log.append(records(2));
		const c = log.append(records(3));
		writes[0].resolve();
		writes[1].reject(new Error('disk full'));
		writes[2].resolve();
		await a.durable;
		await expect(b.durable).rejects.toThrow('disk full');
		await c.durable;
		expect([log.firstSeq, log.lastSeq, log.batches]).toEqual([1, 3, 2]);
		expect(log.nextAfter(1)?.seq).toBe(3);
		expect(log.gapFor(1)).toBeUndefined();
	});

	it('refuses new batches while storage is too far behind', async () => {
		const { persistence, writes } = manualPersistence();
		const log = await ReplayLog.open({ persistence, limits: { maxPendingBytes: 1000 } });
		const pending = [];
		while (log.pendingWriteBytes < 1000) {
			try {
				pending.push(log.append(records(pending.length)));
			} catch (error) {
				expect(error).toBeInstanceOf(LogBusyError);
				break;
			}
		}
		expect(() => log.append(records(99))).toThrow(LogBusyError);
		for (const w of writes) w.resolve();
		await Promise.all(pending.map((p) => p.durable));
		expect(log.append(records(100)).batch.seq).toBe(pending.length + 1);
	});

	it('reopens with the same epoch, the held batches and the next seq', async () => {
		const c = clock();
		const stored: StoredBatch[] = [5, 6, 7].map((seq) => ({
			seq,
			receivedMs: c.nowMs - (8 - seq) * 1000,
			json: JSON.stringify({ seq, receivedMs: 0, resources: [], spans: [], metrics: [], logs: [] })
		}));
		const { persistence } = manualPersistence(stored, 8, 'epoch-a');
		const log = await ReplayLog.open({ persistence, now: c.now });
		expect(log.epoch).toBe('epoch-a');
		expect([log.firstSeq, log.lastSeq, log.nextSeq]).toEqual([5, 7, 8]);
		expect(log.gapFor(2)).toMatchObject({ fromSeq: 3, toSeq: 4 });
		const next = log.append(records(8));
		expect(next.batch.seq).toBe(8);
	});

	it('drops reloaded batches beyond the age bound and continues the seq', async () => {
		const c = clock();
		const stored: StoredBatch[] = [{ seq: 1, receivedMs: c.nowMs - 7_200_000, json: '{}' }];
		const { persistence, evicted } = manualPersistence(stored, 2);
		const log = await ReplayLog.open({ persistence, now: c.now });
		expect([log.batches, log.lastSeq, log.nextSeq]).toEqual([0, 1, 2]);
		expect(evicted).toEqual([1]);
	});

	it('wakes waiting readers on append and on close', async () => {
		const log = ReplayLog.inMemory();
		const wait = log.waitForAppend(60_000);
		log.append(records(1));
		expect(await wait.promise).toBe('append');
		const second = log.waitForAppend(60_000);
		await log.close();
		expect(await second.promise).toBe('closed');
		expect(() => log.append(records(2))).toThrow(LogBusyError);
	});
});

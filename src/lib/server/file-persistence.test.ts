import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpanRecord, TelemetryBatch } from '../protocol/records';
import { ReplayLog } from '../relay/replay-log';
import { filePersistence } from './file-persistence';

const dirs: string[] = [];
function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'meridian-log-'));
	dirs.push(dir);
	return dir;
}
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function span(name: string): SpanRecord {
	return {
		traceId: 'a'.repeat(32),
		spanId: 'b'.repeat(16),
		parentSpanId: '',
		resourceId: 'r',
		service: 's',
		instance: 'i',
		name,
		kind: 2,
		startUs: 1,
		durationUs: 1,
		status: 0,
		attrs: {}
	};
}

const quiet = { warn: () => undefined };

async function openLog(dir: string, limits = {}, segmentBytes?: number) {
	return ReplayLog.open({ persistence: filePersistence({ dir, segmentBytes, ...quiet }), limits });
}

function frameBatch(log: ReplayLog, seq: number): TelemetryBatch {
	const text = new TextDecoder().decode(log.nextAfter(seq - 1)!.frame);
	return JSON.parse(text.slice(text.indexOf('data: ') + 6));
}

describe('replay log on disk', () => {
	it('keeps every acknowledged batch, the epoch and the seq across a restart', async () => {
		const dir = tempDir();
		const first = await openLog(dir);
		for (let i = 1; i <= 5; i++) await first.append({ resources: [], spans: [span(`op${i}`)] }).durable;
		const epoch = first.epoch;
		await first.close();

		const second = await openLog(dir);
		expect(second.epoch).toBe(epoch);
		expect([second.firstSeq, second.lastSeq]).toEqual([1, 5]);
		expect(frameBatch(second, 3).spans[0].name).toBe('op3');
		const next = second.append({ resources: [], spans: [span('op6')] });
		await next.durable;
		expect(next.batch.seq).toBe(6);
		await second.close();
	});

	it('gives a fresh directory a new epoch each time', async () => {
		const a = await openLog(tempDir());
		const b = await openLog(tempDir());
		expect(a.epoch).not.toBe(b.epoch);
		expect(a.epoch).toMatch(/^[0-9a-f]{16}$/);
		await Promise.all([a.close(), b.close()]);
	});

	it('writes concurrent appends in seq order and acknowledges each after the sync', async () => {
		const dir = tempDir();
		const log = await openLog(dir);
		const results = Array.from({ length: 50 }, (_, i) => log.append({ resources: [], spans: [span(`c${i}`)] }));
		await Promise.all(results.map((r) => r.durable));
		expect(log.lastSeq).toBe(50);
		await log.close();
		const [segment] = readdirSync(join(dir, 'segments'));
		const seqs = readFileSync(join(dir, 'segments', segment), 'utf8')
			.trim()
			.split('\n')
			.map((line) => Number(line.split('\t')[0]));
		expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
	});

	it('drops a half-written last line from a crash and continues after it', async () => {
		const dir = tempDir();
		const log = await openLog(dir);
		await log.append({ resources: [], spans: [span('kept')] }).durable;
		await log.close();
		const [segment] = readdirSync(join(dir, 'segments'));
		appendFileSync(join(dir, 'segments', segment), '2\t1700000000000\t{"seq":2,"spa');

		const reopened = await openLog(dir);
		expect([reopened.lastSeq, reopened.batches]).toEqual([1, 1]);
		await reopened.append({ resources: [], spans: [span('after crash')] }).durable;
		await reopened.close();
		const again = await openLog(dir);
		expect(again.lastSeq).toBe(2);
		expect(frameBatch(again, 2).spans[0].name).toBe('after crash');
		await again.close();
	});

	it('rotates segments and deletes those the log has evicted', async () => {
		const dir = tempDir();
		const log = await openLog(dir, { maxBytes: 2000 }, 600);
		for (let i = 0; i < 40; i++) await log.append({ resources: [], spans: [span(`r${i}`)] }).durable;
		await log.close();
		const files = readdirSync(join(dir, 'segments'));
		// held ≤ 2000 bytes of frames; segments of ~600 bytes: a handful, not 40 batches' worth
		expect(files.length).toBeGreaterThan(1);
		expect(files.length).toBeLessThanOrEqual(6);
		const reopened = await openLog(dir, { maxBytes: 2000 }, 600);
		expect(reopened.lastSeq).toBe(40);
		expect(reopened.bytes).toBeLessThanOrEqual(2000);
		expect(reopened.gapFor(0)).toMatchObject({ fromSeq: 1, toSeq: reopened.firstSeq - 1 });
		await reopened.close();
	});

	it('keeps the seq counter when every batch aged out before the restart', async () => {
		const dir = tempDir();
		const log = await openLog(dir);
		for (let i = 0; i < 3; i++) await log.append({ resources: [], spans: [span(`old${i}`)] }, Date.now() - 7_200_000).durable;
		await log.close();
		const reopened = await openLog(dir);
		expect([reopened.batches, reopened.lastSeq]).toEqual([0, 3]);
		expect(reopened.append({ resources: [], spans: [span('new')] }).batch.seq).toBe(4);
		await reopened.close();
	});

	it('starts a fresh epoch when the epoch file is gone', async () => {
		const dir = tempDir();
		const log = await openLog(dir);
		await log.append({ resources: [], spans: [span('x')] }).durable;
		await log.close();
		unlinkSync(join(dir, 'epoch'));
		const reopened = await openLog(dir);
		expect(reopened.epoch).not.toBe(log.epoch);
		expect([reopened.batches, reopened.nextSeq]).toEqual([0, 1]);
		await reopened.close();
	});
});

/**
 * Eviction in the Dexie store: retention (what the settings' plan says is past its age) and
 * oldest-first removal (quota, storage budget), each in small transactions so ingest is never
 * blocked for long. Span chunks go with their transactions' copies; every deletion keeps the
 * stored totals in step. The store wraps these with the notices users see.
 */
import Dexie from 'dexie';
import { rollupLevels } from '../domain/telemetry/levels';
import { rollupParts } from '../domain/telemetry/rollup-parts';
import type { StorageNotice } from '../domain/telemetry/types';
import type { ChunkKind, ChunkMeta } from './chunks';
import { readTotals, type ChunkTotals, type TelemetryDexie } from './dexie-schema';
import { dropTransactions } from './dexie-transactions';
import type { EvictionPlan } from './store-helpers';

const chunkTables = { span: 'spanChunks', metric: 'metricChunks', log: 'logChunks' } as const;

/**
 * Removes what the plan says is expired, at most `maxChunks` chunks per kind and `maxWindows`
 * windows per level and part; true when nothing expired is left.
 */
export async function removeExpired(
	db: TelemetryDexie,
	plan: EvictionPlan,
	limits: { maxChunks: number; maxWindows: number },
	removed: StorageNotice['removed']
): Promise<boolean> {
	let done = true;
	for (const kind of ['span', 'metric', 'log'] as const) {
		const metas = await db.chunkMeta
			.where('[kind+toMs]')
			.between([kind, Dexie.minKey], [kind, plan.chunkBeforeMs[kind]], true, false)
			.limit(limits.maxChunks)
			.toArray();
		if (metas.length === limits.maxChunks) done = false;
		await deleteChunks(db, kind, metas, removed);
	}
	for (const level of rollupLevels) {
		const cutoff = plan.rollupStartBeforeMs[level];
		for (const part of rollupParts) {
			const keys = await db.rollupParts
				.where('[level+part+startMs]')
				.between([level, part, Dexie.minKey], [level, part, cutoff], true, false)
				.limit(limits.maxWindows)
				.primaryKeys();
			if (keys.length === limits.maxWindows) done = false;
			await db.rollupParts.bulkDelete(keys);
			if (part === 'svc') removed.rollupWindows += keys.length;
		}
		const metricKeys = await db.metricRollupParts
			.where('[level+startMs]')
			.between([level, Dexie.minKey], [level, cutoff], true, false)
			.limit(limits.maxWindows)
			.primaryKeys();
		if (metricKeys.length === limits.maxWindows) done = false;
		await db.metricRollupParts.bulkDelete(metricKeys);
	}
	await db.gaps.where('toMs').below(plan.metadataBeforeMs).delete();
	await db.resources.where('lastSeenMs').below(plan.metadataBeforeMs).delete();
	await db.metricSeries.where('lastSeenMs').below(plan.metadataBeforeMs).delete();
	return done;
}

/** Removes the oldest `fraction` of each kind's chunks (by the stored totals), 200 at a time. */
export async function removeOldest(db: TelemetryDexie, totals: ChunkTotals, fraction: number, removed: StorageNotice['removed']): Promise<void> {
	for (const kind of ['span', 'log', 'metric'] as const) {
		let n = Math.ceil(totals[kind].rows * fraction);
		while (n > 0) {
			const metas = await db.chunkMeta
				.where('[kind+toMs]')
				.between([kind, Dexie.minKey], [kind, Dexie.maxKey])
				.limit(Math.min(n, 200))
				.toArray();
			if (metas.length === 0) break;
			await deleteChunks(db, kind, metas, removed);
			n -= metas.length;
		}
	}
}

/** Start of the oldest stored span chunk (0 when none). */
export async function oldestSpanMs(db: TelemetryDexie): Promise<number> {
	const first = await db.chunkMeta.where('[kind+toMs]').between(['span', Dexie.minKey], ['span', Dexie.maxKey]).first();
	return first?.fromMs ?? 0;
}

/** Deletes chunks (span chunks with their transactions' copies) and their meta rows and updates the totals, in one small transaction. */
async function deleteChunks(db: TelemetryDexie, kind: ChunkKind, metas: ChunkMeta[], removed: StorageNotice['removed']): Promise<void> {
	if (metas.length === 0) return;
	const table = db[chunkTables[kind]];
	await db.transaction('rw', [table, db.txChunks, db.chunkMeta, db.meta], async () => {
		const totals = readTotals((await db.meta.get('totals'))?.value);
		if (kind === 'span') await dropTransactions(db, metas.map((m) => m.id), totals);
		await table.bulkDelete(metas.map((m) => m.id));
		await db.chunkMeta.bulkDelete(metas.map((m) => [kind, m.id] as [string, number]));
		for (const m of metas) {
			totals[kind].rows--;
			totals[kind].items -= m.count;
			totals[kind].bytes -= m.approxBytes;
		}
		await db.meta.put({ key: 'totals', value: totals });
	});
	if (kind === 'span') {
		removed.spanChunks += metas.length;
		removed.spans += metas.reduce((n, m) => n + m.count, 0);
	} else if (kind === 'metric') removed.metricChunks += metas.length;
	else removed.logChunks += metas.length;
}

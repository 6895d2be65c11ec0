/**
 * The replay log on disk: append-only segment files of one line per batch,
 *
 *   <dir>/epoch                          the log's epoch id, written once per fresh log
 *   <dir>/segments/<firstSeq, 20 digits>.seg
 *       <seq>\t<receivedMs>\t<TelemetryBatch JSON>\n
 *
 * Durability: concurrent appends are written together and made durable with one
 * fdatasync (group commit); each append's promise resolves only after that sync, and the
 * relay answers 200 only then, so a restart loses nothing it acknowledged. A write that
 * fails is cut off again (ftruncate to the last good size) so no half line stays behind; a
 * half line left by a crash is dropped on reload.
 *
 * Space: a segment is closed at `segmentBytes` (default 16 MiB) and deleted once the log
 * has evicted every batch in it, so the directory holds at most the log's byte bound plus
 * about two segments. The active segment is never deleted: its name keeps the seq counter
 * alive even when every batch has aged out.
 */
import {
	closeSync,
	fsyncSync,
	ftruncateSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogPersistence, StoredBatch } from '../relay/replay-log';

export interface FilePersistenceOptions {
	dir: string;
	segmentBytes?: number;
	/** Told about problems that do not stop the relay (unreadable lines, failed deletes). */
	warn?: (message: string) => void;
}

interface Segment {
	firstSeq: number;
	path: string;
}

const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(20, '0')}.seg`;
const utf8 = new TextEncoder();

export function filePersistence(options: FilePersistenceOptions): LogPersistence {
	const segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
	const warn = options.warn ?? ((m: string) => console.warn(m));
	const segmentsDir = join(options.dir, 'segments');
	let segments: Segment[] = [];
	let active: { handle: FileHandle; size: number; segment: Segment } | undefined;
	let broken = false;
	let queue: { line: Uint8Array; seq: number; resolve: () => void; reject: (e: Error) => void }[] = [];
	/** The one running write/reclaim loop; appends and evictions only queue work for it. */
	let flushing: Promise<void> | undefined;
	let reclaimWanted = false;
	let evictedThrough = 0;
	let closed = false;

	async function openSegment(firstSeq: number): Promise<void> {
		if (active) await active.handle.close();
		const segment = { firstSeq, path: join(segmentsDir, segmentName(firstSeq)) };
		const handle = await open(segment.path, 'a');
		syncDir(segmentsDir);
		segments.push(segment);
		active = { handle, size: 0, segment };
		broken = false;
	}

	function kick(): void {
		if (flushing) return;
		flushing = (async () => {
			while (queue.length > 0 || reclaimWanted) {
				reclaimWanted = false;
				if (queue.length > 0) await writeGroup();
				await reclaim();
			}
		})().finally(() => {
			flushing = undefined;
			if (queue.length > 0 || reclaimWanted) kick();
		});
	}

	async function writeGroup(): Promise<void> {
		const group = queue;
		queue = [];
		try {
			if (!active || broken || active.size >= segmentBytes) await openSegment(group[0].seq);
			const total = group.reduce((n, g) => n + g.line.length, 0);
			const buffer = new Uint8Array(total);
			let offset = 0;
			for (const g of group) {
				buffer.set(g.line, offset);
				offset += g.line.length;
			}
			const target = active!;
			try {
				let written = 0;
				while (written < total) {
					const { bytesWritten } = await target.handle.write(buffer, written, total - written);
					written += bytesWritten;
				}
				await target.handle.datasync();
				target.size += total;
			} catch (error) {
				await target.handle.truncate(target.size).catch(() => (broken = true));
				throw error;
			}
			for (const g of group) g.resolve();
		} catch (error) {
			for (const g of group) g.reject(error as Error);
		}
	}

	/** Deletes closed segments whose batches are all evicted. */
	async function reclaim(): Promise<void> {
		while (segments.length > 1 && segments[1].firstSeq <= evictedThrough + 1 && segments[0] !== active?.segment) {
			const old = segments.shift()!;
			await unlink(old.path).catch((error: Error) => warn(`Could not delete ${old.path}: ${error.message}`));
		}
	}

	return {
		async open(freshEpoch) {
			mkdirSync(segmentsDir, { recursive: true });
			const epochPath = join(options.dir, 'epoch');
			let epoch: string;
			try {
				epoch = readFileSync(epochPath, 'utf8').trim();
			} catch {
				epoch = '';
			}
			if (!epoch) {
				// a log without its epoch cannot be resumed safely: start over
				for (const name of readdirSync(segmentsDir)) rmSync(join(segmentsDir, name), { force: true });
				epoch = freshEpoch;
				writeFileSync(epochPath + '.tmp', epoch + '\n');
				const fd = openSync(epochPath + '.tmp', 'r');
				fsyncSync(fd);
				closeSync(fd);
				renameSync(epochPath + '.tmp', epochPath);
				syncDir(options.dir);
			}
			const names = readdirSync(segmentsDir)
				.filter((n) => /^\d{20}\.seg$/.test(n))
				.sort();
			segments = names.map((n) => ({ firstSeq: Number(n.slice(0, 20)), path: join(segmentsDir, n) }));
			const batches: StoredBatch[] = [];
			let skipped = 0;
			for (const segment of segments) {
				const text = readFileSync(segment.path, 'utf8');
				const lastNewline = text.lastIndexOf('\n');
				if (lastNewline < text.length - 1) {
					// a crash mid-write left a partial last line; it was never acknowledged
					const keep = Buffer.byteLength(text.slice(0, lastNewline + 1));
					const fd = openSync(segment.path, 'r+');
					try {
						ftruncateSync(fd, keep);
						fsyncSync(fd);
					} finally {
						closeSync(fd);
					}
				}
				for (const line of text.slice(0, lastNewline + 1).split('\n')) {
					if (!line) continue;
					const tab1 = line.indexOf('\t');
					const tab2 = line.indexOf('\t', tab1 + 1);
					const seq = Number(line.slice(0, tab1));
					const receivedMs = Number(line.slice(tab1 + 1, tab2));
					const json = line.slice(tab2 + 1);
					if (tab1 < 1 || tab2 < 0 || !Number.isSafeInteger(seq) || !Number.isFinite(receivedMs) || json[0] !== '{' || json[json.length - 1] !== '}') {
						skipped++;
						continue;
					}
					batches.push({ seq, receivedMs, json });
				}
			}
			if (skipped > 0) warn(`Replay log: skipped ${skipped} unreadable line(s) in ${segmentsDir}.`);
			const lastSeq = batches.length > 0 ? batches[batches.length - 1].seq : 0;
			const lastSegmentSeq = segments.length > 0 ? segments[segments.length - 1].firstSeq : 1;
			const nextSeq = Math.max(lastSeq + 1, lastSegmentSeq, 1);
			if (segments.length > 0) {
				const last = segments[segments.length - 1];
				const handle = await open(last.path, 'a');
				const { size } = await handle.stat();
				active = { handle, size, segment: last };
			}
			return { epoch, nextSeq, batches };
		},

		append(batch) {
			if (closed) return Promise.reject(new Error('the replay log is closed'));
			const line = utf8.encode(`${batch.seq}\t${batch.receivedMs}\t${batch.json}\n`);
			return new Promise<void>((resolve, reject) => {
				queue.push({ line, seq: batch.seq, resolve, reject });
				kick();
			});
		},

		evictThrough(seq) {
			evictedThrough = Math.max(evictedThrough, seq);
			reclaimWanted = true;
			kick();
		},

		async close() {
			closed = true;
			while (flushing) await flushing;
			if (active) {
				await active.handle.close();
				active = undefined;
			}
		},

		describe: () => ({ kind: 'disk', location: options.dir })
	};
}

/** fsync a directory so a created, renamed or deleted entry survives a crash. */
function syncDir(dir: string): void {
	let fd: number | undefined;
	try {
		fd = openSync(dir, 'r');
		fsyncSync(fd);
	} catch {
		// some filesystems refuse fsync on directories; the data fsyncs still hold
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

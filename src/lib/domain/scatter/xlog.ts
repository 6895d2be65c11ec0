/**
 * The response-time scatter's data (XLog): one point per finished transaction (a SERVER or
 * CONSUMER span, or a root; telemetry/transactions.ts), with what the selection list shows
 * kept beside it in columns, so a million transactions cost tens of MB, not objects.
 *
 *   points      ScatterStore   what is drawn and filtered (x end, y duration, colour error)
 *   traceWords  Uint32Array×4  the trace id, 32 hex digits as four 32-bit words
 *   spanWords   Uint32Array×2  the span id
 *   service/operation/domain   ids in the store's dictionaries
 *   bizIds      Uint16Array    the transaction's business attributes as one dictionary entry
 *   amountKrw   Float64Array   `biz.amount_krw`, NaN when absent
 *
 * Row ids count transactions from 0 in arrival order (2^32 of them, 50 days at 1,000/s,
 * before the count would wrap; a session never gets there); row r lives in
 * slot r mod the allocated length, which grows with the store's columns, so the detail
 * ring always holds exactly the points the store holds. A row that has been overwritten is
 * no longer returned by `rows`.
 *
 * Business attributes: the `biz.*` string and boolean attributes of the span of at most
 * `maxBizValueChars` (64) characters, except identifiers (keys ending in `_id` or `.id`:
 * one value per transaction would flood the dictionary). `biz.amount_krw` is kept as a
 * number. At most 65,535 distinct combinations get their own entry; later ones share
 * `(other)` (counted in `bizOverflow`).
 *
 * Domain: the span's `biz.domain`, else what `domainOf(span)` says (the caller maps a
 * resource's `service.namespace`, say), else ''.
 */
import type { SpanRecord } from '../../protocol/records';
import { endpointName, isError, isTransaction } from '../telemetry/transactions';
import { NameDictionary, ScatterStore, errorFlag } from './store';

export const maxBizValueChars = 64;
const rootFlag = 2;
const bizSeparator = '\u0001';
const bizAssign = '\u0002';

export interface TransactionRow {
	rowId: number;
	traceId: string;
	spanId: string;
	service: string;
	operation: string;
	domain: string;
	endMs: number;
	durationMs: number;
	error: boolean;
	/** A root span: the whole trace's response time. */
	root: boolean;
	/** Business attributes as kept (see the module comment), keys sorted. */
	biz: Record<string, string | number>;
}

export interface XLogOptions {
	/** Transactions held; default 1,000,000 (about 58 bytes each with the store). */
	capacity?: number;
	domainOf?: (span: SpanRecord) => string | undefined;
}

const hex32 = /^[0-9a-f]{32}$/;
const hex16 = /^[0-9a-f]{16}$/;

function hexWords(hex: string, words: 2 | 4, out: Uint32Array, at: number): boolean {
	if (!(words === 4 ? hex32 : hex16).test(hex)) return false;
	for (let w = 0; w < words; w++) out[at + w] = Number.parseInt(hex.slice(w * 8, w * 8 + 8), 16);
	return true;
}

function wordsHex(words: Uint32Array, at: number, n: number): string {
	let out = '';
	for (let w = 0; w < n; w++) out += words[at + w].toString(16).padStart(8, '0');
	return out;
}

function isIdentifierKey(key: string): boolean {
	return key.endsWith('_id') || key.endsWith('.id');
}

export class XLog {
	readonly points: ScatterStore;
	readonly capacity: number;
	/** Transactions refused: a trace or span id that is not hex, a non-finite time or duration. */
	skipped = 0;
	bizOverflow = 0;
	#nextRowId = 0;
	#rowAt: Uint32Array;
	#traceWords: Uint32Array;
	#spanWords: Uint32Array;
	#serviceIds: Uint16Array;
	#operationIds: Uint16Array;
	#domainIds: Uint16Array;
	#bizIds: Uint16Array;
	#amountKrw: Float64Array;
	#endMs: Float64Array;
	#durationMs: Float32Array;
	#flags: Uint8Array;
	readonly #biz = new NameDictionary();
	readonly #domainOf?: (span: SpanRecord) => string | undefined;

	constructor(options: XLogOptions = {}) {
		this.capacity = Math.max(1, Math.floor(options.capacity ?? 1_000_000));
		this.points = new ScatterStore({ capacity: this.capacity });
		this.#domainOf = options.domainOf;
		const n = this.points.endMs.length;
		this.#rowAt = new Uint32Array(n);
		this.#traceWords = new Uint32Array(4 * n);
		this.#spanWords = new Uint32Array(2 * n);
		this.#serviceIds = new Uint16Array(n);
		this.#operationIds = new Uint16Array(n);
		this.#domainIds = new Uint16Array(n);
		this.#bizIds = new Uint16Array(n);
		this.#amountKrw = new Float64Array(n);
		this.#endMs = new Float64Array(n);
		this.#durationMs = new Float32Array(n);
		this.#flags = new Uint8Array(n);
		this.#biz.idOf('');
	}

	get size(): number {
		return this.points.size;
	}

	/** Transactions dropped because the ring was full. */
	get overwritten(): number {
		return this.points.overwritten;
	}

	/** Adds the transactions among `spans` (other spans are ignored). */
	add(spans: Iterable<SpanRecord>): { added: number; skipped: number } {
		let added = 0;
		let skipped = 0;
		for (const span of spans) {
			if (!isTransaction(span)) continue;
			const endMs = (span.startUs + span.durationUs) / 1000;
			const durationMs = span.durationUs / 1000;
			if (!Number.isFinite(endMs) || !Number.isFinite(durationMs)) {
				skipped++;
				continue;
			}
			const rowId = this.#nextRowId;
			const slot = this.#slotFor(rowId);
			if (!hexWords(span.traceId, 4, this.#traceWords, slot * 4) || !hexWords(span.spanId, 2, this.#spanWords, slot * 2)) {
				skipped++;
				continue;
			}
			const bizDomain = span.attrs['biz.domain'];
			const domain = (typeof bizDomain === 'string' && bizDomain !== '' ? bizDomain : this.#domainOf?.(span)) ?? '';
			const operation = endpointName(span);
			const error = isError(span);
			this.points.append([{ endMs, durationMs, error, rowId, service: span.service, operation, domain }]);
			this.#nextRowId = (rowId + 1) >>> 0;
			this.#rowAt[slot] = rowId;
			this.#serviceIds[slot] = this.points.services.idOf(span.service);
			this.#operationIds[slot] = this.points.operations.idOf(operation);
			this.#domainIds[slot] = this.points.domains.idOf(domain);
			this.#bizIds[slot] = this.#bizId(span);
			const amount = span.attrs['biz.amount_krw'];
			this.#amountKrw[slot] = typeof amount === 'number' ? amount : Number.NaN;
			this.#endMs[slot] = endMs;
			this.#durationMs[slot] = durationMs;
			this.#flags[slot] = (error ? errorFlag : 0) | (span.parentSpanId === '' ? rootFlag : 0);
			added++;
		}
		this.skipped += skipped;
		return { added, skipped };
	}

	/** The rows still held among `rowIds`, in the order given. */
	rows(rowIds: ArrayLike<number>): TransactionRow[] {
		const out: TransactionRow[] = [];
		const n = this.#rowAt.length;
		for (let k = 0; k < rowIds.length; k++) {
			const rowId = rowIds[k] >>> 0;
			// held: one of the last `size` row ids handed out, and its slot not reused since
			if (((this.#nextRowId - 1 - rowId) >>> 0) >= this.size) continue;
			const slot = rowId % n;
			if (this.#rowAt[slot] !== rowId) continue;
			out.push(this.#row(rowId, slot));
		}
		return out;
	}

	#row(rowId: number, slot: number): TransactionRow {
		const biz: Record<string, string | number> = {};
		const tuple = this.#biz.names[this.#bizIds[slot]];
		if (tuple) {
			for (const pair of tuple.split(bizSeparator)) {
				const at = pair.indexOf(bizAssign);
				if (at > 0) biz[pair.slice(0, at)] = pair.slice(at + 1);
			}
		}
		const amount = this.#amountKrw[slot];
		if (!Number.isNaN(amount)) biz['biz.amount_krw'] = amount;
		return {
			rowId,
			traceId: wordsHex(this.#traceWords, slot * 4, 4),
			spanId: wordsHex(this.#spanWords, slot * 2, 2),
			service: this.points.services.names[this.#serviceIds[slot]],
			operation: this.points.operations.names[this.#operationIds[slot]],
			domain: this.points.domains.names[this.#domainIds[slot]],
			endMs: this.#endMs[slot],
			durationMs: this.#durationMs[slot],
			error: (this.#flags[slot] & errorFlag) !== 0,
			root: (this.#flags[slot] & rootFlag) !== 0,
			biz
		};
	}

	#bizId(span: SpanRecord): number {
		const pairs: string[] = [];
		for (const key in span.attrs) {
			if (!key.startsWith('biz.') || key === 'biz.amount_krw' || isIdentifierKey(key)) continue;
			const value = span.attrs[key];
			if (typeof value !== 'string' && typeof value !== 'boolean') continue;
			const text = String(value);
			if (text.length > maxBizValueChars || text.includes(bizSeparator) || text.includes(bizAssign)) continue;
			pairs.push(key + bizAssign + text);
		}
		if (pairs.length === 0) return 0;
		pairs.sort();
		const before = this.#biz.names.length;
		const id = this.#biz.idOf(pairs.join(bizSeparator));
		if (this.#biz.names[id] === '(other)' && this.#biz.names.length === before) this.bizOverflow++;
		return id;
	}

	/** The detail slot of `rowId`, growing the columns with the store's (before it wraps, slot = row id). */
	#slotFor(rowId: number): number {
		const wanted = this.points.size === this.points.endMs.length && this.points.endMs.length < this.capacity
			? Math.min(this.capacity, this.points.endMs.length * 2)
			: this.points.endMs.length;
		if (wanted > this.#rowAt.length) this.#grow(wanted);
		return rowId % this.#rowAt.length;
	}

	#grow(length: number): void {
		const grow = <T extends Uint32Array | Uint16Array | Float64Array | Float32Array | Uint8Array>(old: T, make: (n: number) => T, per = 1): T => {
			const next = make(length * per);
			next.set(old);
			return next;
		};
		this.#rowAt = grow(this.#rowAt, (n) => new Uint32Array(n));
		this.#traceWords = grow(this.#traceWords, (n) => new Uint32Array(n), 4);
		this.#spanWords = grow(this.#spanWords, (n) => new Uint32Array(n), 2);
		this.#serviceIds = grow(this.#serviceIds, (n) => new Uint16Array(n));
		this.#operationIds = grow(this.#operationIds, (n) => new Uint16Array(n));
		this.#domainIds = grow(this.#domainIds, (n) => new Uint16Array(n));
		this.#bizIds = grow(this.#bizIds, (n) => new Uint16Array(n));
		this.#amountKrw = grow(this.#amountKrw, (n) => new Float64Array(n));
		this.#endMs = grow(this.#endMs, (n) => new Float64Array(n));
		this.#durationMs = grow(this.#durationMs, (n) => new Float32Array(n));
		this.#flags = grow(this.#flags, (n) => new Uint8Array(n));
	}
}

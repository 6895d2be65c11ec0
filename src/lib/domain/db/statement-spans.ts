/**
 * The spans that ran a statement digest: a span whose `db.query.text` (or the older
 * `db.statement`) has `sqlDigest(text) === digest` ran it (digest.ts makes a span's literal
 * text and the server's digest text agree). Found by folding span chunks in a worker.
 *
 * For each match: the span's own service (who ran it) and the transaction it belongs to, the
 * trace's root span (`service: name`), found among the roots folded before or after it.
 *
 * Bounds: digests of at most `maxCachedTexts` distinct texts are memoised (the cache is
 * cleared when full: texts with literal values are many); roots are remembered for traces
 * that matched, plus the `maxRecentRoots` most recent roots of any trace (a root that ended
 * before its matching span was folded); `maxRecent` matching spans are
 * listed (the most recent); services and transactions at most 500 each (the rest counted
 * under `other`).
 */
import type { SpanRecord } from '../../protocol/records';
import { sqlDigest } from './digest';

export interface StatementSpan {
	traceId: string;
	spanId: string;
	service: string;
	name: string;
	startUs: number;
	durationUs: number;
	error: boolean;
	/** Root span `service: name`, '' when the root is not among the spans folded. */
	transaction: string;
}

export interface SpanGroupStats {
	name: string;
	count: number;
	errors: number;
	totalMs: number;
	maxMs: number;
}

export interface StatementSpansResult {
	digest: string;
	spansScanned: number;
	matched: number;
	/** Most recent first. */
	recent: StatementSpan[];
	/** By count, descending. */
	services: SpanGroupStats[];
	transactions: SpanGroupStats[];
	/** Matches whose root span was not found (their transaction counts as ''). */
	unplaced: number;
}

export function statementTextOf(span: Pick<SpanRecord, 'attrs'>): string | undefined {
	const text = span.attrs['db.query.text'] ?? span.attrs['db.statement'];
	return typeof text === 'string' && text !== '' ? text : undefined;
}

const maxGroups = 500;
export const OTHER_GROUP = '~other';

function bump(map: Map<string, SpanGroupStats>, name: string, span: SpanRecord): void {
	let stats = map.get(name);
	if (!stats && map.size >= maxGroups) name = OTHER_GROUP;
	stats = map.get(name);
	if (!stats) map.set(name, (stats = { name, count: 0, errors: 0, totalMs: 0, maxMs: 0 }));
	const ms = span.durationUs / 1000;
	stats.count++;
	stats.totalMs += ms;
	stats.maxMs = Math.max(stats.maxMs, ms);
	if (span.status === 2) stats.errors++;
}

export class StatementSpanFold {
	spansScanned = 0;
	readonly #digests = new Map<string, string>();
	/** Transaction of each matched trace whose root is known. */
	readonly #roots = new Map<string, string>();
	/** Insertion-ordered: the oldest is forgotten first. */
	readonly #recentRoots = new Map<string, string>();
	readonly #wanted = new Set<string>();
	readonly #matches: SpanRecord[] = [];
	readonly #services = new Map<string, SpanGroupStats>();
	#matched = 0;

	constructor(
		readonly digest: string,
		readonly bounds = { maxCachedTexts: 20_000, maxRecentRoots: 20_000, maxRecent: 200, maxKeptMatches: 20_000 }
	) {}

	add(spans: readonly SpanRecord[]): void {
		for (const span of spans) {
			this.spansScanned++;
			if (span.parentSpanId === '') this.#remember(span);
			const text = statementTextOf(span);
			if (text === undefined || this.#digestOf(text) !== this.digest) continue;
			this.#matched++;
			bump(this.#services, span.service, span);
			this.#matches.push(span);
			this.#wanted.add(span.traceId);
			const earlier = this.#recentRoots.get(span.traceId);
			if (earlier !== undefined) this.#roots.set(span.traceId, earlier);
			// keep the newest matches for placing and listing; counts above are already taken
			if (this.#matches.length > this.bounds.maxKeptMatches * 2) {
				this.#matches.splice(0, this.#matches.length - this.bounds.maxKeptMatches);
				this.#wanted.clear();
				for (const m of this.#matches) this.#wanted.add(m.traceId);
				for (const id of this.#roots.keys()) if (!this.#wanted.has(id)) this.#roots.delete(id);
			}
		}
	}

	/** Roots found elsewhere (a trace read from the store) for matches still unplaced. */
	addRoots(roots: readonly SpanRecord[]): void {
		for (const root of roots) if (root.parentSpanId === '') this.#remember(root);
	}

	/** Trace ids of kept matches whose root is not known yet (most recent first). */
	unplacedTraceIds(limit: number): string[] {
		const out = new Set<string>();
		for (let i = this.#matches.length - 1; i >= 0 && out.size < limit; i--) {
			const id = this.#matches[i].traceId;
			if (!this.#roots.has(id)) out.add(id);
		}
		return [...out];
	}

	result(): StatementSpansResult {
		const transactions = new Map<string, SpanGroupStats>();
		let unplaced = 0;
		for (const span of this.#matches) {
			const tx = this.#roots.get(span.traceId) ?? '';
			if (!tx) unplaced++;
			bump(transactions, tx, span);
		}
		const byEnd = [...this.#matches].sort((a, b) => b.startUs + b.durationUs - (a.startUs + a.durationUs));
		const recent = byEnd.slice(0, this.bounds.maxRecent).map((s) => ({
			traceId: s.traceId,
			spanId: s.spanId,
			service: s.service,
			name: s.name,
			startUs: s.startUs,
			durationUs: s.durationUs,
			error: s.status === 2,
			transaction: this.#roots.get(s.traceId) ?? ''
		}));
		const byCount = (a: SpanGroupStats, b: SpanGroupStats) => b.count - a.count || a.name.localeCompare(b.name);
		return {
			digest: this.digest,
			spansScanned: this.spansScanned,
			matched: this.#matched,
			recent,
			services: [...this.#services.values()].sort(byCount),
			transactions: [...transactions.values()].sort(byCount),
			unplaced
		};
	}

	#remember(root: SpanRecord): void {
		const transaction = `${root.service}: ${root.name}`;
		if (this.#wanted.has(root.traceId)) this.#roots.set(root.traceId, transaction);
		this.#recentRoots.set(root.traceId, transaction);
		if (this.#recentRoots.size > this.bounds.maxRecentRoots) this.#recentRoots.delete(this.#recentRoots.keys().next().value!);
	}

	#digestOf(text: string): string {
		let digest = this.#digests.get(text);
		if (digest === undefined) {
			if (this.#digests.size >= this.bounds.maxCachedTexts) this.#digests.clear();
			digest = sqlDigest(text);
			this.#digests.set(text, digest);
		}
		return digest;
	}
}

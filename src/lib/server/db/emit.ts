/**
 * Record emission shared by the MySQL and PostgreSQL drivers: both read different views but
 * report top SQL, variables, sessions, locks and slow statements in the same shape.
 */
import { buildBlockingTree } from '../../domain/db/blocking';
import { normaliseSql, querySummary, sqlDigest } from '../../domain/db/digest';
import { digestDeltas, rememberDigests, topDigests, type DigestCounters, type DigestDelta } from '../../domain/db/digest-deltas';
import {
	DbAttr,
	DbEvent,
	DbMetric,
	DbSeverity,
	MAX_DIGEST_TEXT_CHARS,
	MAX_SAMPLE_TEXT_CHARS,
	OTHER_DIGEST,
	type BlockingBody,
	type LockWait,
	type LongTransactionBody,
	type SessionInfo,
	type SessionsBody,
	type SlowStatementBody,
	type VariablesBody
} from '../../domain/db/names';
import { redactSecrets, truncateText } from '../../domain/db/statement';
import { diffVariables, type VariableMap } from '../../domain/db/variables';
import type { Attrs } from '../../protocol/records';
import type { PollContext } from './poll';

/** Driver values arrive as numbers, numeric strings (BIGINT, DECIMAL) or null. */
export function num(value: unknown): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) ? n : undefined;
}

export function str(value: unknown): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	return String(value);
}

// ── Top SQL ────────────────────────────────────────────────────────────────────────────

export interface DigestMeta {
	/** Canonical text. */
	text: string;
	summary: string;
	nativeId?: string;
}

export interface DigestState {
	prev: Map<string, DigestCounters>;
	/** Time of the read that `prev` holds, Unix µs. */
	prevUs?: number;
	meta: Map<string, DigestMeta>;
	/** Server text → digest: the same texts come back every poll, normalising them once is enough. */
	byText: Map<string, string>;
}

/** Entries in `meta` and `byText` each; the oldest are dropped first. */
export const MAX_KNOWN_DIGESTS = 20_000;

export function newDigestState(): DigestState {
	return { prev: new Map(), meta: new Map(), byText: new Map() };
}

/** Meridian digest and metadata of a server statement text; remembered for emission. */
export function digestOf(state: DigestState, text: string | undefined, nativeId?: string): string {
	if (!text) return OTHER_DIGEST;
	const known = state.byText.get(text);
	if (known !== undefined) return known;
	const digest = sqlDigest(text);
	state.byText.set(text, digest);
	if (state.byText.size > MAX_KNOWN_DIGESTS) state.byText.delete(state.byText.keys().next().value!);
	if (!state.meta.has(digest)) {
		state.meta.set(digest, {
			text: truncateText(normaliseSql(text), MAX_DIGEST_TEXT_CHARS),
			summary: querySummary(text),
			nativeId
		});
		if (state.meta.size > MAX_KNOWN_DIGESTS) state.meta.delete(state.meta.keys().next().value!);
	}
	return digest;
}

/**
 * Emits the deltas since the previous read (none on the first read: it is the baseline),
 * leaving out the collector's own statements. Returns every delta, own ones included, for
 * rates such as queries per second.
 */
export function emitDigests(
	ctx: PollContext,
	state: DigestState,
	rows: DigestCounters[],
	ownDigests: ReadonlySet<string>
): DigestDelta[] {
	const startUs = state.prevUs;
	const deltas = startUs === undefined ? [] : digestDeltas(state.prev, rows);
	rememberDigests(state.prev, rows);
	state.prevUs = ctx.timeUs;
	if (startUs === undefined) return [];
	const visible = deltas.filter((d) => !ownDigests.has(d.digest));
	const { top, other } = topDigests(visible, ctx.target.options.maxDigestsPerPoll);
	const r = ctx.records;
	for (const d of other ? [...top, other] : top) {
		const meta = d.digest === OTHER_DIGEST ? undefined : state.meta.get(d.digest);
		const attrs: Attrs = {
			[DbAttr.digest]: d.digest,
			[DbAttr.summary]: meta?.summary ?? 'other statements'
		};
		if (d.namespace) attrs[DbAttr.namespace] = d.namespace;
		if (meta?.nativeId) attrs[DbAttr.nativeId] = meta.nativeId;
		r.deltaSum(DbMetric.statementCalls, d.calls, startUs, meta ? { ...attrs, [DbAttr.text]: meta.text } : attrs);
		r.deltaSum(DbMetric.statementDuration, d.durationMs, startUs, attrs);
		r.deltaSum(DbMetric.statementRowsExamined, d.rowsExamined, startUs, attrs);
		r.deltaSum(DbMetric.statementRowsReturned, d.rowsReturned, startUs, attrs);
		r.deltaSum(DbMetric.statementErrors, d.errors, startUs, attrs);
		r.deltaSum(DbMetric.statementNoIndex, d.noIndex, startUs, attrs);
		r.gauge(DbMetric.statementDurationMax, d.maxDurationMs, attrs);
	}
	return deltas;
}

// ── Variables ──────────────────────────────────────────────────────────────────────────

/** Change events per poll past which the rest are only in the next snapshot. */
export const MAX_VARIABLE_CHANGES_PER_POLL = 500;

export interface VariablesState {
	prev?: VariableMap;
	lastSnapshotUs?: number;
}

export function emitVariables(ctx: PollContext, state: VariablesState, variables: VariableMap): void {
	const changes = diffVariables(state.prev, variables);
	for (const change of changes.slice(0, MAX_VARIABLE_CHANGES_PER_POLL)) {
		ctx.records.event(DbEvent.variableChange, DbSeverity.info, change, { [DbAttr.variableName]: change.name });
	}
	const everyUs = ctx.target.options.variablesSnapshotEveryMs * 1000;
	const due = state.lastSnapshotUs === undefined || ctx.timeUs - state.lastSnapshotUs >= everyUs;
	if (ctx.afterConnect || due || changes.length > MAX_VARIABLE_CHANGES_PER_POLL) {
		const body: VariablesBody = { variables, reason: ctx.afterConnect ? 'connect' : 'periodic' };
		ctx.records.event(DbEvent.variables, DbSeverity.info, body);
		state.lastSnapshotUs = ctx.timeUs;
	}
	state.prev = variables;
}

// ── Sessions, transactions and locks ───────────────────────────────────────────────────

export const MAX_SESSIONS_PER_POLL = 200;
export const MAX_LOCK_WAITS_PER_POLL = 500;
const MAX_SESSION_QUERY_CHARS = 1024;

export interface OpenTransaction {
	/** Stable for the transaction's life (InnoDB trx id, or pid + xact_start). */
	id: string;
	sessionId: string;
	ageMs: number;
	user?: string;
	query?: string;
}

export interface SessionsState {
	reportedLongTransactions: Set<string>;
}

export function emitSessions(
	ctx: PollContext,
	state: SessionsState,
	input: { sessions: SessionInfo[]; waits: LockWait[]; transactions: OpenTransaction[] }
): void {
	const r = ctx.records;
	const blockers = new Map<string, Set<string>>();
	for (const w of input.waits) {
		const set = blockers.get(w.waitingId) ?? new Set<string>();
		set.add(w.blockingId);
		blockers.set(w.waitingId, set);
	}
	r.gauge(DbMetric.lockWaiting, blockers.size);
	r.gauge(DbMetric.transactionsActive, input.transactions.length);
	r.gauge(DbMetric.transactionsOldestAge, input.transactions.reduce((m, t) => Math.max(m, t.ageMs), 0) / 1000);

	const sessions = input.sessions
		.map((s) => ({
			...s,
			query: s.query === undefined ? undefined : truncateText(redactSecrets(s.query), MAX_SESSION_QUERY_CHARS),
			blockedBy: [...(blockers.get(s.id) ?? s.blockedBy)]
		}))
		.sort((a, b) => b.elapsedMs - a.elapsedMs || (a.id < b.id ? -1 : 1));
	const body: SessionsBody = {
		sessions: sessions.slice(0, MAX_SESSIONS_PER_POLL),
		omitted: Math.max(0, sessions.length - MAX_SESSIONS_PER_POLL)
	};
	r.event(DbEvent.sessions, DbSeverity.info, body);

	if (input.waits.length > 0) {
		const waits = input.waits.slice(0, MAX_LOCK_WAITS_PER_POLL).map((w) => ({
			...w,
			waitingQuery: w.waitingQuery && truncateText(redactSecrets(w.waitingQuery), MAX_SESSION_QUERY_CHARS),
			blockingQuery: w.blockingQuery && truncateText(redactSecrets(w.blockingQuery), MAX_SESSION_QUERY_CHARS)
		}));
		const blocking: BlockingBody = { tree: buildBlockingTree(input.waits), waits };
		r.event(DbEvent.blocking, DbSeverity.warn, blocking, { [DbAttr.blockedSessions]: blockers.size });
	}

	const open = new Set<string>();
	for (const t of input.transactions) {
		open.add(t.id);
		if (t.ageMs < ctx.target.options.longTransactionMs || state.reportedLongTransactions.has(t.id)) continue;
		state.reportedLongTransactions.add(t.id);
		const long: LongTransactionBody = {
			sessionId: t.sessionId,
			transactionAgeMs: Math.round(t.ageMs),
			...(t.user ? { user: t.user } : {}),
			...(t.query ? { query: truncateText(redactSecrets(t.query), MAX_SESSION_QUERY_CHARS) } : {})
		};
		r.event(DbEvent.longTransaction, DbSeverity.warn, long);
	}
	// Only transactions still open are remembered: the set stays as small as the server's list.
	for (const id of state.reportedLongTransactions) if (!open.has(id)) state.reportedLongTransactions.delete(id);
}

// ── Slow statements ────────────────────────────────────────────────────────────────────

export function emitSlowStatement(
	ctx: PollContext,
	input: {
		timeUs: number;
		/** As executed, with literals. */
		text: string;
		/** The server's digest text when it has one (gives the same digest as top SQL). */
		digestText?: string;
		namespace?: string;
		body: SlowStatementBody;
	}
): void {
	const digestSource = input.digestText || input.text;
	const digest = sqlDigest(digestSource);
	const sample = truncateText(redactSecrets(input.text), MAX_SAMPLE_TEXT_CHARS);
	const attrs: Attrs = {
		[DbAttr.digest]: digest,
		[DbAttr.summary]: querySummary(digestSource),
		[DbAttr.text]: sample,
		[DbAttr.durationMs]: Math.round(input.body.durationMs * 1000) / 1000
	};
	if (input.namespace) attrs[DbAttr.namespace] = input.namespace;
	ctx.records.event(DbEvent.slowStatement, DbSeverity.warn, input.body, attrs, input.timeUs);
	ctx.samples.offer(digest, input.text, input.namespace);
}

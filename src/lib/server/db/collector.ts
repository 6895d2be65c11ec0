/**
 * One database, polled forever: connect, run the driver's sources, hand the poll's records
 * to the sink, sleep until the next period. A database that stops answering is reported
 * (`db.server.availability`, `db.server.up` = 0) and retried with exponential backoff and
 * jitter; nothing a database does can throw out of this class.
 *
 * Bounds: one poll at a time (a slow poll delays the next, never overlaps it); one
 * connection per collector plus at most `MAX_CONCURRENT_EXPLAINS` (explain.ts) short-lived EXPLAIN
 * connections; the last `MAX_RECENT_ERRORS` errors kept for the status endpoint; a batch
 * the sink refuses is dropped and counted, never queued.
 */
import { backoffDelayMs } from '../../domain/db/backoff';
import { DbAttr, DbEvent, DbMetric, DbSeverity, type AvailabilityBody, type CollectorErrorBody } from '../../domain/db/names';
import { DbRecordBuilder, dbResource, type DbRecords } from '../../domain/db/records';
import type { ResourceRecord } from '../../protocol/records';
import { scrubSecrets, type DbTarget } from './config';
import { SourceUnavailable, type DbDriver, type PollContext, type PollSource, type SqlSession } from './poll';
import { explainDigest, type ExplainOutcome } from './explain';
import { SampleStore } from './samples';

export { MAX_CONCURRENT_EXPLAINS, type ExplainOutcome } from './explain';

export const MAX_RECENT_ERRORS = 20;

export type DbSink = (records: DbRecords) => void;
export type DbCollectorState = 'connecting' | 'up' | 'down' | 'stopped';

export interface DbCollectorOptions {
	target: DbTarget;
	driver: DbDriver;
	sink: DbSink;
	/** Wall clock in ms; injectable for tests. */
	nowMs?: () => number;
	random?: () => number;
	/** One line per state change, for the relay's console. */
	log?: (line: string) => void;
}

export interface DbSourceStatus {
	name: string;
	ok: boolean;
	error?: string;
	hint?: string;
}

/** What `/api/db/status` shows of a collector: no credentials. */
export interface DbCollectorStatus {
	label: string;
	system: string;
	address: string;
	namespace?: string;
	resourceId: string;
	state: DbCollectorState;
	/** Consecutive failed connection attempts. */
	attempt: number;
	nextPollMs?: number;
	lastPollMs?: number;
	polls: number;
	failedPolls: number;
	/** The last poll's own cost. */
	lastPoll?: { queries: number; queryDurationMs: number; pollDurationMs: number };
	sources: DbSourceStatus[];
	recentErrors: { timeMs: number; source: string; message: string }[];
	droppedBatches: number;
}

export function errorType(error: unknown): string {
	const code = (error as { code?: unknown })?.code;
	if (typeof code === 'string' && code) return code;
	return (error as Error)?.name || 'Error';
}

export class DbCollector {
	readonly target: DbTarget;
	readonly resource: ResourceRecord;
	readonly samples = new SampleStore();
	private readonly driver: DbDriver;
	private readonly sink: DbSink;
	private readonly nowMs: () => number;
	private readonly random: () => number;
	private readonly log: (line: string) => void;
	private readonly sources: PollSource[];
	private readonly sourceLastRunMs = new Map<string, number>();
	private readonly sourceErrors = new Map<string, { message: string; hint?: string }>();
	private readonly recentErrors: DbCollectorStatus['recentErrors'] = [];
	private session: SqlSession | undefined;
	private state: DbCollectorState = 'connecting';
	private attempt = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private nextPollMs: number | undefined;
	private running: Promise<void> | undefined;
	private stopped = false;
	private polls = 0;
	private failedPolls = 0;
	private droppedBatches = 0;
	private prevPollUs: number | undefined;
	private lastPollMs: number | undefined;
	private lastPoll: DbCollectorStatus['lastPoll'];
	private readonly explainSlots = { inFlight: 0 };

	constructor(options: DbCollectorOptions) {
		this.target = options.target;
		this.driver = options.driver;
		this.sink = options.sink;
		this.nowMs = options.nowMs ?? Date.now;
		this.random = options.random ?? Math.random;
		this.log = options.log ?? (() => {});
		this.resource = dbResource(options.target);
		this.sources = options.driver.createSources(options.target);
	}

	/** Starts polling now; later polls every `pollMs`. */
	start(): void {
		if (this.stopped) return;
		this.schedule(0);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.nextPollMs = undefined;
		await this.running;
		await this.closeSession();
		this.state = 'stopped';
	}

	/** Runs a poll now (or joins the one running). Never rejects. */
	pollNow(): Promise<void> {
		if (!this.running) {
			this.running = this.pollOnce()
				.catch((error) => this.remember('collector', `unexpected: ${String(error)}`))
				.finally(() => {
					this.running = undefined;
				});
		}
		return this.running;
	}

	status(): DbCollectorStatus {
		return {
			label: this.target.label,
			system: this.target.system,
			address: `${this.target.host}:${this.target.port}`,
			namespace: this.target.namespace,
			resourceId: this.resource.id,
			state: this.state,
			attempt: this.attempt,
			nextPollMs: this.nextPollMs,
			lastPollMs: this.lastPollMs,
			polls: this.polls,
			failedPolls: this.failedPolls,
			lastPoll: this.lastPoll,
			sources: this.sources.map((s) => {
				const error = this.sourceErrors.get(s.name);
				return error ? { name: s.name, ok: false, error: error.message, hint: error.hint } : { name: s.name, ok: true };
			}),
			recentErrors: [...this.recentErrors],
			droppedBatches: this.droppedBatches
		};
	}

	private schedule(delayMs: number): void {
		if (this.stopped) return;
		if (this.timer) clearTimeout(this.timer);
		this.nextPollMs = this.nowMs() + delayMs;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.pollNow();
		}, delayMs);
		// The relay's lifetime is decided by its servers, not by a pending poll.
		this.timer.unref?.();
	}

	private remember(source: string, message: string): void {
		this.recentErrors.push({ timeMs: this.nowMs(), source, message });
		if (this.recentErrors.length > MAX_RECENT_ERRORS) this.recentErrors.splice(0, this.recentErrors.length - MAX_RECENT_ERRORS);
	}

	private scrub(error: unknown): string {
		const message = error instanceof Error ? error.message : String(error);
		return scrubSecrets(message || errorType(error), this.target).slice(0, 2_000);
	}

	private async closeSession(): Promise<void> {
		const session = this.session;
		this.session = undefined;
		if (session) await session.close().catch(() => {});
	}

	private async pollOnce(): Promise<void> {
		if (this.stopped) return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		const startMs = this.nowMs();
		const timeUs = startMs * 1000;
		const records = new DbRecordBuilder(this.resource, this.target.system, timeUs);
		const meter = { queries: 0, durationMs: 0 };
		let lost: unknown;
		let afterConnect = false;
		let failedSources = 0;

		if (!this.session || this.session.broken) {
			await this.closeSession();
			try {
				this.session = await this.driver.connect(this.target);
				afterConnect = true;
			} catch (error) {
				lost = error;
			}
		}

		if (!lost && this.session) {
			const session = this.session;
			const ctx: PollContext = {
				session,
				records,
				target: this.target,
				timeUs,
				prevPollUs: this.prevPollUs,
				afterConnect,
				samples: this.samples,
				query: async (sql, params) => {
					const t0 = performance.now();
					meter.queries++;
					try {
						return await session.query(sql, params);
					} finally {
						meter.durationMs += performance.now() - t0;
					}
				}
			};
			for (const source of this.sources) {
				if (this.stopped) break;
				const last = this.sourceLastRunMs.get(source.name);
				if (!afterConnect && source.everyMs && last !== undefined && startMs - last < source.everyMs) continue;
				try {
					await source.run(ctx);
					this.sourceLastRunMs.set(source.name, startMs);
					this.sourceErrors.delete(source.name);
				} catch (error) {
					if (session.broken || this.driver.isConnectionError(error)) {
						lost = error;
						break;
					}
					failedSources++;
					this.sourceFailed(records, source.name, error);
				}
			}
		}

		let retryInMs = 0;
		if (lost) {
			await this.closeSession();
			retryInMs = this.markDown(records, lost);
		} else {
			this.markUp(records);
			this.prevPollUs = timeUs;
		}
		this.polls++;
		if (lost) this.failedPolls++;
		const pollDurationMs = this.nowMs() - startMs;
		this.lastPollMs = startMs;
		this.lastPoll = { queries: meter.queries, queryDurationMs: meter.durationMs, pollDurationMs };
		records.gauge(DbMetric.up, lost ? 0 : 1);
		records.gauge(DbMetric.collectorQueries, meter.queries);
		records.gauge(DbMetric.collectorDuration, meter.durationMs);
		records.gauge(DbMetric.collectorPollDuration, pollDurationMs);
		records.gauge(DbMetric.collectorErrors, failedSources);
		try {
			this.sink(records.records());
		} catch (error) {
			this.droppedBatches++;
			this.remember('sink', `batch dropped: ${String((error as Error)?.message ?? error)}`);
		}
		if (lost) {
			this.schedule(retryInMs);
		} else {
			this.schedule(Math.max(0, this.target.options.pollMs - pollDurationMs));
		}
	}

	private sourceFailed(records: DbRecordBuilder, source: string, error: unknown): void {
		const message = this.scrub(error);
		const hint = error instanceof SourceUnavailable ? error.hint : undefined;
		const previous = this.sourceErrors.get(source);
		this.sourceErrors.set(source, { message, hint });
		// The same failure every poll is one event, not one per poll.
		if (previous?.message === message) return;
		this.remember(source, message);
		const body: CollectorErrorBody = { source, message, ...(hint ? { hint } : {}) };
		records.event(DbEvent.collectorError, DbSeverity.warn, body, {
			[DbAttr.source]: source,
			[DbAttr.errorType]: errorType(error)
		});
	}

	/** Returns the delay before the next attempt. */
	private markDown(records: DbRecordBuilder, error: unknown): number {
		this.attempt++;
		const message = this.scrub(error);
		const retryInMs = backoffDelayMs(this.attempt, {
			baseMs: this.target.options.backoffBaseMs,
			maxMs: this.target.options.backoffMaxMs,
			random: this.random
		});
		if (this.state !== 'down') {
			this.remember('connection', message);
			this.log(`database ${this.target.label} (${this.target.host}:${this.target.port}) is unreachable: ${message}; retrying with backoff`);
			const body: AvailabilityBody = { state: 'down', error: message, attempt: this.attempt, retryInMs };
			records.event(DbEvent.availability, DbSeverity.error, body, {
				[DbAttr.state]: 'down',
				[DbAttr.errorType]: errorType(error)
			});
		}
		this.state = 'down';
		return retryInMs;
	}

	private markUp(records: DbRecordBuilder): void {
		if (this.state !== 'up') {
			if (this.state === 'down') this.log(`database ${this.target.label} answers again after ${this.attempt} failed attempt(s)`);
			const body: AvailabilityBody = { state: 'up', attempt: this.attempt };
			records.event(DbEvent.availability, DbSeverity.info, body, { [DbAttr.state]: 'up' });
		}
		this.state = 'up';
		this.attempt = 0;
	}

	/**
	 * EXPLAIN of a digest this collector has seen: a literal sample when one was captured,
	 * else the digest text planned generically. Never arbitrary SQL.
	 */
	explain(digest: string): Promise<ExplainOutcome> {
		return explainDigest(
			{
				target: this.target,
				driver: this.driver,
				samples: this.samples,
				slots: this.explainSlots,
				scrub: (error) => this.scrub(error),
				remember: (source, message) => this.remember(source, message)
			},
			digest
		);
	}
}

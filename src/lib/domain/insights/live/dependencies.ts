/**
 * What rollups do not hold: the calls each service makes to databases and external hosts,
 * and span-borne events. Folded from raw span chunks as they arrive (any order), bucketed by
 * span END time into `stepMs` windows, and taken out window by window:
 *
 *   dependency.latency.p95Ms@svc|S   p95 of S's CLIENT spans to databases and external hosts
 *   dependency.errors.rate@svc|S     their error ratio (>= minCount calls)
 *   external.timeout.rate@svc|S      share of S's external calls that timed out
 *   db.latency.p95Ms@db:<sys>/<ns>   p95 of every call to that database (all callers)
 *   latency.p95Ms@ext:<host>         p95 and errors.rate of calls to that external host
 *   errors.rate@ext:<host>
 * A CLIENT span is an external call when it names `peer.service` or when the topology knows
 * its host as an external node (`isExternal`); other CLIENT spans are calls between services
 * (rollups see them from the callee's side).
 *
 * Events for the rule engine: `circuit.open` when a span says its breaker is open
 * (`circuit_breaker.state` = open, or a `circuit_breaker.state_change` event to open).
 *
 * Bounds: at most `maxBuckets` windows are held (older ones are dropped and counted in
 * `droppedBuckets`); at most `maxEvents` events (oldest dropped).
 */
import { SpanKind, StatusCode, type AttrValue, type SpanRecord } from '../../../protocol/records';
import { databasePeer, externalPeer, spanRole } from '../../topology/peer';
import { emptySketch, sketchAdd, sketchQuantileUs, type LatencySketch } from '../../topology/latency-sketch';
import { serviceKey } from '../../telemetry/series-key';
import { nodeRef, rollupRef, type Observation, type SeriesRef } from './series-ref';

export interface RuleEvent {
	/** Node the event concerns: a service name. */
	node: string;
	name: string;
	timeMs: number;
}

interface Calls {
	count: number;
	errors: number;
	timeouts: number;
	latency: LatencySketch;
}

interface Bucket {
	deps: Map<string, Calls>;
	externalsOf: Map<string, Calls>;
	databases: Map<string, Calls>;
	externals: Map<string, Calls>;
}

export interface DependencyFoldOptions {
	stepMs: number;
	maxBuckets?: number;
	maxEvents?: number;
	/** Calls needed in a window before its p95 and error ratio count. Default 3. */
	minCount?: number;
	isExternal?: (peerId: string) => boolean;
}

function text(v: AttrValue | undefined): string {
	return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}

const emptyCalls = (): Calls => ({ count: 0, errors: 0, timeouts: 0, latency: emptySketch() });

function record(map: Map<string, Calls>, key: string, span: SpanRecord, timedOut: boolean): void {
	let c = map.get(key);
	if (!c) map.set(key, (c = emptyCalls()));
	c.count++;
	if (span.status === StatusCode.Error) c.errors++;
	if (timedOut) c.timeouts++;
	sketchAdd(c.latency, span.durationUs);
}

/** error.type or an exception naming a timeout (java.net.http.HttpTimeoutException, ETIMEDOUT, context deadline exceeded). */
function timedOut(span: SpanRecord): boolean {
	const t = text(span.attrs['error.type']) + ' ' + text(span.statusMessage);
	return /timeout|timed out|deadline/i.test(t);
}

export class DependencyFold {
	readonly #o: Required<Omit<DependencyFoldOptions, 'isExternal'>> & Pick<DependencyFoldOptions, 'isExternal'>;
	readonly #buckets = new Map<number, Bucket>();
	#events: RuleEvent[] = [];
	#lastBreakerEvent = new Map<string, number>();
	droppedBuckets = 0;

	constructor(options: DependencyFoldOptions) {
		this.#o = { maxBuckets: 720, maxEvents: 1_000, minCount: 3, ...options };
	}

	add(spans: Iterable<SpanRecord>): void {
		for (const span of spans) this.#add(span);
	}

	#bucket(endMs: number): Bucket | undefined {
		const start = Math.floor(endMs / this.#o.stepMs) * this.#o.stepMs;
		let b = this.#buckets.get(start);
		if (!b) {
			if (this.#buckets.size >= this.#o.maxBuckets) {
				const oldest = Math.min(...this.#buckets.keys());
				if (start < oldest) {
					this.droppedBuckets++;
					return undefined;
				}
				this.#buckets.delete(oldest);
				this.droppedBuckets++;
			}
			b = { deps: new Map(), externalsOf: new Map(), databases: new Map(), externals: new Map() };
			this.#buckets.set(start, b);
		}
		return b;
	}

	#add(span: SpanRecord): void {
		const endMs = (span.startUs + span.durationUs) / 1000;
		if (!Number.isFinite(endMs)) return;
		if (span.kind === SpanKind.Server) this.#breakerEvents(span, endMs);
		const role = spanRole(span);
		if (role === 'database') {
			const peer = databasePeer(span.attrs);
			const b = peer && this.#bucket(endMs);
			if (!peer || !b) return;
			record(b.databases, peer.id, span, false);
			record(b.deps, span.service, span, false);
			return;
		}
		if (role !== 'client') return;
		const peer = externalPeer(span.attrs);
		const external = span.attrs['peer.service'] !== undefined || (this.#o.isExternal?.(peer.id) ?? false);
		if (!external) return;
		const b = this.#bucket(endMs);
		if (!b) return;
		const out = timedOut(span);
		record(b.externals, peer.id, span, out);
		record(b.externalsOf, span.service, span, out);
		record(b.deps, span.service, span, out);
	}

	#breakerEvents(span: SpanRecord, endMs: number): void {
		const opened =
			text(span.attrs['circuit_breaker.state']) === 'open' ||
			(span.events ?? []).some((e) => e.name === 'circuit_breaker.state_change' && text(e.attrs?.['circuit_breaker.to']) === 'open');
		if (!opened) return;
		// one event per service and minute: an open breaker marks every span it rejects
		const last = this.#lastBreakerEvent.get(span.service) ?? -Infinity;
		if (endMs - last < 60_000) return;
		this.#lastBreakerEvent.set(span.service, endMs);
		this.#events.push({ node: span.service, name: 'circuit.open', timeMs: endMs });
		if (this.#events.length > this.#o.maxEvents) this.#events.shift();
	}

	/** Observations of the window starting at `startMs`; the window is forgotten afterwards. */
	take(startMs: number): Observation[] {
		const b = this.#buckets.get(startMs);
		this.#buckets.delete(startMs);
		if (!b) return [];
		const out: Observation[] = [];
		const emit = (ref: SeriesRef, c: Calls, withTimeouts: boolean) => {
			if (c.count < this.#o.minCount) return;
			if (ref.metric.endsWith('p95Ms')) out.push({ ref, timeMs: startMs, value: sketchQuantileUs(c.latency, 0.95) / 1000 });
			else if (withTimeouts) out.push({ ref, timeMs: startMs, value: c.timeouts / c.count });
			else out.push({ ref, timeMs: startMs, value: c.errors / c.count });
		};
		for (const [service, c] of b.deps) {
			emit(rollupRef('dependency.latency.p95Ms', serviceKey(service))!, c, false);
			emit(rollupRef('dependency.errors.rate', serviceKey(service))!, c, false);
		}
		for (const [service, c] of b.externalsOf) emit(rollupRef('external.timeout.rate', serviceKey(service))!, c, true);
		for (const [db, c] of b.databases) emit(nodeRef('db.latency.p95Ms', 'database', db), c, false);
		for (const [ext, c] of b.externals) {
			emit(nodeRef('latency.p95Ms', 'external', ext), c, false);
			emit(nodeRef('errors.rate', 'external', ext), c, false);
		}
		return out;
	}

	/** Forgets windows before `startMs` (never taken: they were before the host's start). */
	dropBefore(startMs: number): void {
		for (const key of [...this.#buckets.keys()]) if (key < startMs) this.#buckets.delete(key);
	}

	/** Events at or after `sinceMs`, oldest first. */
	events(sinceMs = -Infinity): RuleEvent[] {
		return this.#events.filter((e) => e.timeMs >= sinceMs);
	}
}

/**
 * Trace building with a time cursor. Each span scope (`Ctx`) owns a cursor `t` (caller ms);
 * work and synchronous calls move it forward, so a child always starts at or after its
 * parent's start and the parent ends at the cursor after its last child:
 *
 *   parent  |--work--[client |-net-[server ...]-net-| ]--work--|
 *
 * Asynchronous consumers start after their producer ends and may outlive the root.
 */
import type { Resource } from '../domain/otlp/types';
import { SpanKind, StatusCode, type SpanKindCode, type StatusCodeValue } from '../protocol/records';
import type { ExternalDef, ServiceName } from './catalogue';
import type { SimAttrs } from './otlp';
import type { Prng } from './prng';
import type { Instance } from './scaling';
import type { StatementDef } from './statements';
import type { CircuitBreaker } from './circuit-breaker';
import type { BizRequest } from './flows/request';

export interface SimSpanEvent {
	timeMs: number;
	name: string;
	attrs: SimAttrs;
}

export interface SimSpan {
	traceId: string;
	spanId: string;
	parentSpanId: string;
	name: string;
	kind: SpanKindCode;
	startMs: number;
	endMs: number;
	attrs: SimAttrs;
	events: SimSpanEvent[];
	status: StatusCodeValue;
	statusMessage?: string;
	instance: Instance;
	/** The process's resource when the span began (a restart gives the pod a new one). */
	resource: Resource;
	resourceKey: string;
	scope: string;
}

export interface SimLog {
	timeMs: number;
	severity: number;
	severityText: string;
	body: string;
	attrs: SimAttrs;
	traceId: string;
	spanId: string;
	resource: Resource;
	resourceKey: string;
	scope: string;
}

/** How an incident changes one execution of a statement. */
export interface StatementEffect {
	latencyFactor: number;
	/** Rows examined instead of the statement's own figure (a plan without its index). */
	rowsExamined?: number;
	noIndexUsed?: boolean;
	/** Time spent waiting for a row lock, ms (part of the duration). */
	lockWaitMs?: number;
}

export interface StatementExecution {
	statement: StatementDef;
	/** db.query.text as sent, with literal values. */
	text: string;
	startMs: number;
	durationMs: number;
	rowsExamined: number;
	rowsReturned: number;
	error: boolean;
	noIndexUsed: boolean;
	lockWaitMs: number;
	caller: Instance;
}

export type ExternalOutcome =
	| { kind: 'ok'; latencyFactor: number }
	| { kind: 'timeout' }
	| { kind: 'error'; status: number };

/** What the trace builder needs from the running bank. */
export interface TraceEnv {
	prng: Prng;
	/** A ready instance of the service, or undefined when none can take traffic. */
	pick(service: ServiceName): Instance | undefined;
	/** Multiplier on work done on this instance (queueing, GC pressure); ≥ 1. */
	latencyFactor(instance: Instance): number;
	/** What a request arriving now waits before it runs: a free worker, a GC pause (ms). */
	stallMs(instance: Instance): number;
	statementEffect(statement: StatementDef, startMs: number): StatementEffect;
	recordStatement(execution: StatementExecution): void;
	externalOutcome(external: ExternalDef, startMs: number): ExternalOutcome;
	/** Delay between a message's publication and its consumption, ms. */
	queueLagMs(): number;
	/** Scenario clock at a caller time (breaker waits, follow-up delays). */
	scenarioAt(callerMs: number): number;
	/** The circuit breaker an instance keeps for a downstream dependency. */
	breaker(instance: Instance, name: string): CircuitBreaker;
	/** A later step of a business flow (loan approval after application, ...). */
	followUp(request: BizRequest, afterScenarioMs: number): void;
	emitSpan(span: SimSpan): void;
	emitLog(log: SimLog): void;
}

export const Severity = {
	debug: { number: 5, text: 'DEBUG' },
	info: { number: 9, text: 'INFO' },
	warn: { number: 13, text: 'WARN' },
	error: { number: 17, text: 'ERROR' }
} as const;
export type SeverityName = keyof typeof Severity;

export class TraceRun {
	readonly traceId: string;
	readonly spans: SimSpan[] = [];

	constructor(readonly env: TraceEnv) {
		this.traceId = env.prng.hex(32);
	}

	/** Opens a span; it is emitted by `Ctx.end()`. */
	open(options: {
		parent?: SimSpan;
		name: string;
		kind: SpanKindCode;
		startMs: number;
		instance: Instance;
		scope: string;
		attrs?: SimAttrs;
	}): Ctx {
		const span: SimSpan = {
			traceId: this.traceId,
			spanId: this.env.prng.hex(16),
			parentSpanId: options.parent?.spanId ?? '',
			name: options.name,
			kind: options.kind,
			startMs: options.startMs,
			endMs: options.startMs,
			attrs: { ...options.attrs },
			events: [],
			status: StatusCode.Unset,
			instance: options.instance,
			resource: options.instance.resource,
			resourceKey: options.instance.instanceId,
			scope: options.scope
		};
		this.spans.push(span);
		return new Ctx(this, span);
	}
}

export class Ctx {
	/** Cursor: the time up to which this span's work has been simulated (caller ms). */
	t: number;
	/** HTTP status this scope answers with (servers) or received (clients). */
	httpStatus = 200;
	private ended = false;

	constructor(
		readonly run: TraceRun,
		readonly span: SimSpan
	) {
		this.t = span.startMs;
	}

	get env(): TraceEnv {
		return this.run.env;
	}

	get instance(): Instance {
		return this.span.instance;
	}

	/**
	 * Self time: a log-normal draw (median ms, sigma of ln) scaled by the instance's load; one
	 * draw in 250 stalls 4-15× longer (safepoints, lock contention, cold caches): the long tail.
	 */
	work(medianMs: number, sigma = 0.5): void {
		const prng = this.env.prng;
		let ms = prng.logNormal(medianMs, sigma);
		if (prng.chance(0.004)) ms *= prng.range(4, 15);
		this.t += ms * this.env.latencyFactor(this.instance);
	}

	/** Fixed self time, not scaled (network, timeouts). */
	wait(ms: number): void {
		this.t += ms;
	}

	child(options: { name: string; kind: SpanKindCode; scope?: string; attrs?: SimAttrs; instance?: Instance; startMs?: number }): Ctx {
		return this.run.open({
			parent: this.span,
			name: options.name,
			kind: options.kind,
			startMs: options.startMs ?? this.t,
			instance: options.instance ?? this.instance,
			scope: options.scope ?? this.span.scope,
			attrs: options.attrs
		});
	}

	/** Runs `fn` as an INTERNAL child span. */
	internal(name: string, attrs: SimAttrs, fn: (c: Ctx) => void, scope?: string): Ctx {
		const c = this.child({ name, kind: SpanKind.Internal, attrs, scope });
		fn(c);
		c.end();
		this.t = c.span.endMs;
		return c;
	}

	set(attrs: SimAttrs): void {
		Object.assign(this.span.attrs, attrs);
	}

	event(name: string, attrs: SimAttrs = {}): void {
		this.span.events.push({ timeMs: this.t, name, attrs });
	}

	/** Marks the span failed with an exception event, as instrumentations record exceptions. */
	fail(errorType: string, message: string, httpStatus?: number): void {
		if (httpStatus !== undefined) this.httpStatus = httpStatus;
		this.span.status = StatusCode.Error;
		this.span.statusMessage = message;
		this.span.attrs['error.type'] = errorType;
		this.event('exception', { 'exception.type': errorType, 'exception.message': message });
	}

	/** Error status without an exception (HTTP client 4xx, server 5xx answers). */
	markError(errorType: string): void {
		this.span.status = StatusCode.Error;
		this.span.attrs['error.type'] ??= errorType;
	}

	get failed(): boolean {
		return this.span.status === StatusCode.Error;
	}

	log(level: SeverityName, body: string, attrs: SimAttrs = {}): void {
		const sev = Severity[level];
		this.env.emitLog({
			timeMs: this.t,
			severity: sev.number,
			severityText: sev.text,
			body,
			attrs,
			traceId: this.span.traceId,
			spanId: this.span.spanId,
			resource: this.span.resource,
			resourceKey: this.span.resourceKey,
			scope: this.span.scope
		});
	}

	/** Ends the span at the cursor (idempotent) and hands it to the environment. */
	end(): void {
		if (this.ended) return;
		this.ended = true;
		this.span.endMs = Math.max(this.t, this.span.startMs);
		this.env.emitSpan(this.span);
	}
}

/** Runs branches concurrently from the same start; the cursor moves to the latest end. */
export function parallel(ctx: Ctx, branches: ((c: Ctx) => void)[]): void {
	const start = ctx.t;
	let end = start;
	for (const branch of branches) {
		ctx.t = start;
		branch(ctx);
		end = Math.max(end, ctx.t);
	}
	ctx.t = end;
}

/**
 * Business definitions: domains, business transactions (named flows defined by mapping
 * rules on spans) and KPIs. All are plain JSON, stored and synced as user documents
 * (domain/docs), and validated by validate.ts before use.
 *
 * Units: durations in ms, amounts as the attribute carries them (the demo bank's
 * `biz.amount_krw` is KRW), rates per minute, ratios in [0, 1].
 */

/** A business area such as lending (여신). `names` holds the label per locale ('en', 'ko'). */
export interface BusinessDomain {
	id: string;
	names: Record<string, string>;
	description?: string;
	/** Display order among domains (ascending). */
	order?: number;
}

/**
 * Which part of a span a test reads:
 * - `service`: span.service (service.name)
 * - `name`: span.name
 * - `route`: the `http.route` attribute
 * - `attr`: the span attribute `key` (array values match when any element matches)
 */
export type RuleField = 'service' | 'name' | 'route' | 'attr';

/**
 * - `equals`: same text (numbers and booleans compare by value; a numeric `value` also
 *   matches numeric text such as "100")
 * - `prefix`: text starts with `value`
 * - `regex`: text matches the regular expression `value` (flags: `flags`, only "i")
 * - `range`: a number (or numeric text) with min <= x <= max; either bound may be absent
 * - `exists`: the field is present
 */
export type RuleOp = 'equals' | 'prefix' | 'regex' | 'range' | 'exists';

export interface RuleTest {
	kind: 'test';
	field: RuleField;
	key?: string;
	op: RuleOp;
	value?: string | number | boolean;
	flags?: 'i';
	min?: number;
	max?: number;
	/** Matches when the test does NOT hold. */
	negate?: boolean;
}

/** `all` = and, `any` = or. */
export interface RuleGroup {
	kind: 'all' | 'any';
	conditions: RuleCondition[];
	negate?: boolean;
}

export type RuleCondition = RuleTest | RuleGroup;

/**
 * Which spans a rule looks at:
 * - `transactions` (default): entries into a service (SERVER / CONSUMER) and root spans, the
 *   same transaction rule as the live board (domain/telemetry/transactions.ts)
 * - `entry`: root spans only (the request as the customer made it)
 * - `all`: every span, including CLIENT and INTERNAL ones
 */
export type SpanScope = 'transactions' | 'entry' | 'all';

export interface BusinessTransaction {
	id: string;
	domainId: string;
	name: string;
	rule: RuleGroup;
	spans?: SpanScope;
	/** A matched span is a success when this holds; default: its status is not ERROR. */
	success?: RuleCondition;
}

/** Where a KPI's spans come from: one business transaction, or every transaction of a domain. */
export type KpiScope = { kind: 'transaction'; transactionId: string } | { kind: 'domain'; domainId: string };

export type SimpleMeasure =
	/** Number of matched spans. */
	| { kind: 'count' }
	/** Sum of a numeric attribute, e.g. `biz.amount_krw`; spans without it add nothing. */
	| { kind: 'sum'; attr: string }
	/** Mean of a numeric attribute, or of the duration in ms when `attr` is absent. */
	| { kind: 'mean'; attr?: string }
	/** Matched spans per minute. */
	| { kind: 'rate' }
	/** Successes / matched spans, in [0, 1]. */
	| { kind: 'success-ratio' }
	/** Response-time percentile in ms; q in (0, 1], e.g. 0.95. */
	| { kind: 'percentile'; q: number };

/**
 * Conversion between steps (business transactions), e.g. loan application → approval →
 * execution. Step events are joined into one journey by trace id, or by the value of a
 * correlation attribute (the demo bank's `biz.application_id`). A journey belongs to the
 * window of its FIRST step; step k counts journeys that reached step k, whenever it came
 * (within `maxLagMs`, default 24 h). Value = journeys reaching the last step / journeys
 * started.
 */
export interface ConversionMeasure {
	kind: 'conversion';
	steps: string[];
	join: { by: 'trace' } | { by: 'attr'; key: string };
	maxLagMs?: number;
}

export type KpiMeasure = SimpleMeasure | ConversionMeasure;
export type KpiMeasureKind = KpiMeasure['kind'];

/**
 * - `direction: 'above'`: bad when the figure is high (p95 latency): warn at >= warn,
 *   critical at >= critical
 * - `direction: 'below'`: bad when low (success ratio, count): warn at <= warn, critical at
 *   <= critical
 * - `basis`: which figure is judged: the value itself, or its relative change against the
 *   same time yesterday / last week (0.2 = 20 % more)
 */
export interface KpiThresholds {
	direction: 'above' | 'below';
	warn: number;
	critical: number;
	basis?: 'value' | 'vs-yesterday' | 'vs-last-week';
}

export interface KpiDefinition {
	id: string;
	name: string;
	/** Required for every measure but conversion (whose steps name their transactions). */
	scope?: KpiScope;
	measure: KpiMeasure;
	/** Goal for the figure over the evaluated period, in the measure's unit. */
	target?: number;
	thresholds?: KpiThresholds;
}

export type KpiStatus = 'ok' | 'warn' | 'critical' | 'unknown';

/** Everything the mapping and KPI engine needs. */
export interface BusinessDefinitions {
	domains: BusinessDomain[];
	transactions: BusinessTransaction[];
	kpis: KpiDefinition[];
}

/** Crafted spans for the business tests and benchmark: makeSpan plus chosen attributes. */
import type { Attrs, SpanRecord } from '../../protocol/records';
import { makeSpan, type SpanOptions } from '../telemetry/test-spans';
import type { BusinessTransaction, RuleCondition } from './types';

export function bizSpan(options: SpanOptions & { attrs?: Attrs } = {}): SpanRecord {
	const span = makeSpan(options);
	span.attrs = { ...span.attrs, ...options.attrs };
	return span;
}

/** A transaction whose rule is `all` of the given conditions. */
export function tx(id: string, domainId: string, conditions: RuleCondition[], extra: Partial<BusinessTransaction> = {}): BusinessTransaction {
	return { id, domainId, name: id, rule: { kind: 'all', conditions }, ...extra };
}

export function attrEquals(key: string, value: string | number | boolean): RuleCondition {
	return { kind: 'test', field: 'attr', key, op: 'equals', value };
}

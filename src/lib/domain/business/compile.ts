/**
 * Mapping rules compiled for ingest: each condition tree becomes a closure, and rules are
 * indexed by an "anchor" so a span is tested only against rules that can match it.
 *
 * Anchor: a positive `equals` test on a text value among a rule's top-level `all`
 * conditions (or an `any` group made only of such tests on one field). The rule is filed
 * under (field, value); a span looks its field value up and tests only the rules filed
 * under it, plus the rules without an anchor. A span whose field is not text (a number, a
 * boolean, an array) tests every rule anchored on that field, because `equals` also
 * matches those by value. Preference among anchors: attribute, route, name, service (the
 * likeliest to be selective).
 *
 * A span matches every transaction whose rule it satisfies (no hidden priority); spans
 * matching two are overlaps, which the designer's preview reports (preview.ts).
 */
import { StatusCode, type AttrValue, type SpanRecord } from '../../protocol/records';
import { isTransaction } from '../telemetry/transactions';
import type { BusinessTransaction, RuleCondition, RuleGroup, RuleTest, SpanScope } from './types';

export type SpanPredicate = (span: SpanRecord) => boolean;
type ValueTest = (value: AttrValue | undefined) => boolean;
type FieldGetter = (span: SpanRecord) => AttrValue | undefined;

function getter(test: Pick<RuleTest, 'field' | 'key'>): FieldGetter {
	switch (test.field) {
		case 'service':
			return (s) => s.service;
		case 'name':
			return (s) => s.name;
		case 'route':
			return (s) => s.attrs['http.route'];
		case 'attr': {
			const key = test.key ?? '';
			return (s) => s.attrs[key];
		}
	}
}

function toNumber(value: string | number | boolean): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '') return Number(value);
	return NaN;
}

/** Applies a scalar test to a value; arrays match when any element does. */
function anyElement(scalar: (v: string | number | boolean) => boolean): ValueTest {
	return (value) => {
		if (value === undefined) return false;
		if (Array.isArray(value)) {
			for (const item of value) if (scalar(item)) return true;
			return false;
		}
		return scalar(value);
	};
}

function valueTest(test: RuleTest): ValueTest {
	switch (test.op) {
		case 'exists':
			return (value) => value !== undefined;
		case 'equals': {
			const expected = test.value;
			if (typeof expected === 'number') return anyElement((v) => toNumber(v) === expected);
			if (typeof expected === 'boolean') return anyElement((v) => v === expected || v === String(expected));
			const text = String(expected);
			const slow = anyElement((v) => (typeof v === 'string' ? v === text : String(v) === text));
			return (value) => value === text || (value !== undefined && typeof value !== 'string' && slow(value));
		}
		case 'prefix': {
			const prefix = String(test.value);
			return anyElement((v) => (typeof v === 'string' ? v : String(v)).startsWith(prefix));
		}
		case 'regex': {
			// no g / y flag: RegExp.test keeps no state between calls
			const re = new RegExp(String(test.value), test.flags === 'i' ? 'i' : undefined);
			return anyElement((v) => re.test(typeof v === 'string' ? v : String(v)));
		}
		case 'range': {
			const min = test.min ?? -Infinity;
			const max = test.max ?? Infinity;
			return anyElement((v) => {
				const x = toNumber(v);
				return x >= min && x <= max;
			});
		}
	}
}

/** Compiles a validated condition (validate.ts) into a predicate. */
export function compileCondition(condition: RuleCondition): SpanPredicate {
	let predicate: SpanPredicate;
	if (condition.kind === 'test') {
		const test = valueTest(condition);
		// one closure per field kind keeps the attribute read inline
		if (condition.field === 'service') predicate = (span) => test(span.service);
		else if (condition.field === 'name') predicate = (span) => test(span.name);
		else if (condition.field === 'route') predicate = (span) => test(span.attrs['http.route']);
		else {
			const key = condition.key ?? '';
			predicate = (span) => test(span.attrs[key]);
		}
	} else {
		const parts = condition.conditions.map(compileCondition);
		if (parts.length === 1) predicate = parts[0];
		else if (condition.kind === 'all') {
			predicate = (span) => {
				for (let i = 0; i < parts.length; i++) if (!parts[i](span)) return false;
				return true;
			};
		} else {
			predicate = (span) => {
				for (let i = 0; i < parts.length; i++) if (parts[i](span)) return true;
				return false;
			};
		}
	}
	if (condition.negate) {
		const inner = predicate;
		return (span) => !inner(span);
	}
	return predicate;
}

interface Anchor {
	/** 'service' | 'name' | 'route' | 'attr:<key>' */
	signature: string;
	rank: number;
	values: string[];
	/** What a span found under one of `values` must still satisfy (the other top-level conditions). */
	rest: RuleCondition[];
}

function isAnchorTest(c: RuleCondition): c is RuleTest & { op: 'equals'; value: string } {
	return c.kind === 'test' && !c.negate && c.op === 'equals' && typeof c.value === 'string';
}

function signatureOf(test: RuleTest): { signature: string; rank: number } {
	if (test.field === 'attr') return { signature: 'attr:' + (test.key ?? ''), rank: 0 };
	return { signature: test.field, rank: test.field === 'route' ? 1 : test.field === 'name' ? 2 : 3 };
}

/** The anchor of a rule, or undefined when every span must be tested against it. */
export function anchorOf(rule: RuleGroup): Anchor | undefined {
	if (rule.negate) return undefined;
	if (rule.kind === 'any') {
		if (!rule.conditions.every(isAnchorTest)) return undefined;
		const tests = rule.conditions as (RuleTest & { value: string })[];
		const first = signatureOf(tests[0]);
		if (!tests.every((t) => signatureOf(t).signature === first.signature)) return undefined;
		return { ...first, values: tests.map((t) => t.value), rest: [] };
	}
	let best: Anchor | undefined;
	for (const c of rule.conditions) {
		const rest = rule.conditions.filter((other) => other !== c);
		if (c.kind === 'any') {
			const nested = anchorOf(c);
			if (nested && (!best || nested.rank < best.rank)) best = { ...nested, rest };
		} else if (isAnchorTest(c)) {
			const sig = signatureOf(c);
			if (!best || sig.rank < best.rank) best = { ...sig, values: [c.value], rest };
		}
	}
	return best;
}

export interface CompiledRule {
	index: number;
	id: string;
	scope: SpanScope;
	match: SpanPredicate;
	/** For a span found under the rule's anchor value: the remaining conditions (null = none). */
	rest: SpanPredicate | null;
	/** Whether a matched span counts as a success. */
	success: SpanPredicate;
}

interface AnchorGroup {
	get: FieldGetter;
	byValue: Map<string, number[]>;
	/** Every rule filed in this group (tested when the span's value is not text). */
	all: number[];
}

const notError: SpanPredicate = (span) => span.status !== StatusCode.Error;

export class RuleMatcher {
	readonly rules: CompiledRule[];
	private readonly unanchored: number[] = [];
	private readonly groups: AnchorGroup[] = [];
	private readonly candidates: Int32Array;
	/** 1 when the candidate was found under its anchor value (only `rest` remains to test). */
	private readonly exact: Uint8Array;
	private readonly seen: Int32Array;
	private readonly anyNonRoot: boolean;
	private readonly anyNonTransaction: boolean;
	private stamp = 0;

	/** `transactions` must be valid (validate.ts); their order is the match order. */
	constructor(transactions: readonly BusinessTransaction[]) {
		const anchors = transactions.map((t) => anchorOf(t.rule));
		this.rules = transactions.map((t, index) => {
			const rest = anchors[index]?.rest ?? [];
			return {
				index,
				id: t.id,
				scope: t.spans ?? 'transactions',
				match: compileCondition(t.rule),
				rest: rest.length === 0 ? null : compileCondition({ kind: 'all', conditions: rest }),
				success: t.success ? compileCondition(t.success) : notError
			};
		});
		this.anyNonRoot = this.rules.some((r) => r.scope !== 'entry');
		this.anyNonTransaction = this.rules.some((r) => r.scope === 'all');
		const bySignature = new Map<string, AnchorGroup>();
		transactions.forEach((t, index) => {
			const anchor = anchors[index];
			if (!anchor) {
				this.unanchored.push(index);
				return;
			}
			let group = bySignature.get(anchor.signature);
			if (!group) {
				const field = anchor.signature.startsWith('attr:') ? ({ field: 'attr', key: anchor.signature.slice(5) } as const) : ({ field: anchor.signature as 'service' | 'name' | 'route' } as const);
				group = { get: getter(field), byValue: new Map(), all: [] };
				bySignature.set(anchor.signature, group);
			}
			group.all.push(index);
			for (const value of new Set(anchor.values)) {
				const list = group.byValue.get(value);
				if (list) list.push(index);
				else group.byValue.set(value, [index]);
			}
		});
		this.groups = [...bySignature.values()];
		this.candidates = new Int32Array(transactions.length);
		this.exact = new Uint8Array(transactions.length);
		this.seen = new Int32Array(transactions.length);
	}

	get size(): number {
		return this.rules.length;
	}

	/**
	 * Writes the indexes of the rules `span` matches into `out` (ascending) and returns how
	 * many; `out` needs room for `size` entries. Allocates nothing.
	 */
	matchInto(span: SpanRecord, out: Int32Array): number {
		if (this.rules.length === 0) return 0;
		const isRoot = span.parentSpanId === '';
		if (!isRoot && !this.anyNonRoot) return 0;
		const isTxn = isRoot || isTransaction(span);
		if (!isTxn && !this.anyNonTransaction) return 0;
		if (++this.stamp === 0x7fffffff) {
			this.seen.fill(0);
			this.stamp = 1;
		}
		let n = 0;
		const cand = this.candidates;
		const exact = this.exact;
		for (let i = 0; i < this.unanchored.length; i++) {
			exact[n] = 0;
			cand[n++] = this.unanchored[i];
		}
		for (let g = 0; g < this.groups.length; g++) {
			const group = this.groups[g];
			const value = group.get(span);
			if (value === undefined) continue;
			const isText = typeof value === 'string';
			const list = isText ? group.byValue.get(value) : group.all;
			if (!list) continue;
			for (let i = 0; i < list.length; i++) {
				const r = list[i];
				if (this.seen[r] !== this.stamp) {
					this.seen[r] = this.stamp;
					exact[n] = isText ? 1 : 0;
					cand[n++] = r;
				}
			}
		}
		let matched = 0;
		for (let i = 0; i < n; i++) {
			const rule = this.rules[cand[i]];
			if (rule.scope === 'transactions' ? !isTxn : rule.scope === 'entry' ? !isRoot : false) continue;
			if (exact[i] === 1 ? rule.rest !== null && !rule.rest(span) : !rule.match(span)) continue;
			// insertion keeps `out` ascending (matches per span are few)
			let j = matched++;
			while (j > 0 && out[j - 1] > rule.index) {
				out[j] = out[j - 1];
				j--;
			}
			out[j] = rule.index;
		}
		return matched;
	}

	/** Convenience form of matchInto for tests and previews. */
	matchAll(span: SpanRecord): number[] {
		const out = new Int32Array(this.rules.length);
		const n = this.matchInto(span, out);
		return Array.from(out.subarray(0, n));
	}
}

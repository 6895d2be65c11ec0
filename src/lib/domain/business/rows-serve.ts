/**
 * Which definitions rule rows (rule-rows.ts) can evaluate, and which attribute keys a rule
 * reads (a rule reading a key that a record keeps in a column is tested row by row).
 */
import { isTransaction } from '../telemetry/transactions';
import { anchorOf } from './compile';
import type { BusinessModel } from './model';
import type { RowShape } from './rule-rows';
import type { BusinessTransaction, RuleCondition } from './types';

function collect(condition: RuleCondition, into: Set<string>): void {
	if (condition.kind === 'test') {
		if (condition.field === 'route') into.add('http.route');
		else if (condition.field === 'attr') into.add(condition.key ?? '');
	} else for (const c of condition.conditions) collect(c, into);
}

/** Attribute keys the transaction's rule and success condition read (`route` reads http.route). */
export function attrKeysRead(transaction: Pick<BusinessTransaction, 'rule' | 'success'>): string[] {
	const keys = new Set<string>();
	collect(transaction.rule, keys);
	if (transaction.success) collect(transaction.success, keys);
	return [...keys];
}

/**
 * True when rows hold all the model reads: no rule over every span (rows keep transactions
 * only) and no conversion joined by trace id (rows keep no ids).
 */
export function rowsServe(model: Pick<BusinessModel, 'transactions' | 'conversions'>): boolean {
	return model.transactions.every((t) => (t.spans ?? 'transactions') !== 'all') && model.conversions.every((c) => c.join.by !== 'trace');
}

/**
 * A test of a row shape that is false only when none of `transactions` can match any row of
 * it: the rule's scope excludes the shape, or its anchor (compile.ts `anchorOf`) is a field
 * the shape holds, with another value.
 */
export function shapeFilter(transactions: readonly BusinessTransaction[], columns: ReadonlySet<string>): (shape: RowShape) => boolean {
	const tests = transactions.map((t) => {
		const scope = t.spans ?? 'transactions';
		const anchor = anchorOf(t.rule);
		const key = !anchor ? undefined : anchor.signature.startsWith('attr:') ? anchor.signature.slice(5) : anchor.signature === 'route' ? 'http.route' : undefined;
		const field = anchor?.signature === 'service' || anchor?.signature === 'name' ? anchor.signature : undefined;
		const values = anchor && (field || (key !== undefined && !columns.has(key))) ? new Set(anchor.values) : undefined;
		return (shape: RowShape): boolean => {
			if (scope === 'entry' ? shape.parentSpanId !== '' : scope === 'transactions' ? !isTransaction(shape) : false) return false;
			if (!values) return true;
			const value = field ? shape[field] : shape.attrs[key as string];
			// a non-text value may equal by number or boolean (compile.ts): only text rules out
			return typeof value !== 'string' ? value !== undefined : values.has(value);
		};
	});
	return (shape) => tests.some((test) => test(shape));
}

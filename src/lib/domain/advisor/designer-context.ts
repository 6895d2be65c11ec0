/**
 * The business context of a trace from the designer's mapping (domain/business): the
 * business transaction whose rule a span of the trace matches, rather than a span
 * attribute. The context is the transaction matched by the trace's earliest matching span
 * (ties: the root first, then the rule order), named by its designer name; a name two
 * transactions share gets its domain id added (`Inquiry · deposits`) so they stay two
 * contexts. A trace no rule matches is `(none)`, as a trace without the attribute is.
 *
 * Only valid definitions take part (BusinessModel.build leaves the others out).
 */
import type { SpanRecord } from '../../protocol/records';
import { BusinessModel } from '../business/model';
import type { BusinessDefinitions } from '../business/types';

export const noContext = '(none)';

export type DesignerDefinitions = Pick<BusinessDefinitions, 'domains' | 'transactions'>;

/** The trace → context function, or undefined when no valid transaction is defined. */
export function designerContextOf(definitions: DesignerDefinitions): ((spans: readonly SpanRecord[]) => string) | undefined {
	const model = BusinessModel.build({ domains: definitions.domains, transactions: definitions.transactions, kpis: [] });
	if (model.transactions.length === 0) return undefined;
	const counts = new Map<string, number>();
	for (const t of model.transactions) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
	const names = model.transactions.map((t) => ((counts.get(t.name) ?? 0) > 1 ? `${t.name} · ${t.domainId}` : t.name));
	const matched = new Int32Array(model.matcher.size);
	return (spans) => {
		let best: SpanRecord | undefined;
		let bestRule = -1;
		for (const span of spans) {
			if (best && span.startUs > best.startUs) continue;
			if (best && span.startUs === best.startUs && (best.parentSpanId === '' || span.parentSpanId !== '')) continue;
			if (model.matcher.matchInto(span, matched) === 0) continue;
			best = span;
			bestRule = matched[0];
		}
		return bestRule < 0 ? noContext : names[bestRule];
	};
}

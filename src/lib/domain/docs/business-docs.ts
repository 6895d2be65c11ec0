/**
 * Business definitions as documents: a domain, transaction or KPI is one document whose
 * id is the definition's id and whose fields are the definition's other keys (so editing a
 * KPI's thresholds on one device and its name on another merges field by field).
 */
import type { DocChange, DocRecord, Hlc, Json } from '../../protocol/sync';
import { seedDomains } from '../business/seed';
import type { BusinessDefinitions, BusinessDomain, BusinessTransaction, KpiDefinition } from '../business/types';
import { patchChanges } from './edits';
import { seedHlc } from './hlc';
import { bodyOf } from './schemas';
import { isDeleted } from './validate';

export type DefinitionType = 'domain' | 'transaction' | 'kpi';

/** Live (not deleted) definitions held in `records`, unvalidated (BusinessModel.build validates). */
export function definitionsFromDocs(records: Iterable<DocRecord>): BusinessDefinitions {
	const defs: BusinessDefinitions = { domains: [], transactions: [], kpis: [] };
	const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	for (const record of sorted) {
		if (isDeleted(record)) continue;
		const definition = { ...bodyOf(record.type, record.fields), id: record.id };
		if (record.type === 'domain') defs.domains.push(definition as unknown as BusinessDomain);
		else if (record.type === 'transaction') defs.transactions.push(definition as unknown as BusinessTransaction);
		else if (record.type === 'kpi') defs.kpis.push(definition as unknown as KpiDefinition);
	}
	defs.domains.sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || (a.id < b.id ? -1 : 1));
	return defs;
}

/** Changes that make `record` hold `definition` (keys absent from the definition are removed). */
export function definitionChanges(options: {
	type: DefinitionType;
	definition: BusinessDomain | BusinessTransaction | KpiDefinition;
	record?: DocRecord;
	tick: () => Hlc;
}): DocChange[] {
	const { id, ...rest } = options.definition as unknown as Record<string, Json> & { id: string };
	const patch: Record<string, Json> = { ...rest };
	if (options.record) {
		for (const [field, state] of Object.entries(options.record.fields)) {
			if (!field.startsWith('$') && !(field in patch) && state.v !== null) patch[field] = null;
		}
	}
	return patchChanges({ id, type: options.type, record: options.record, patch, tick: options.tick });
}

/** The seeded domains as changes stamped with the seed stamp: identical on every device. */
export function seedChanges(): DocChange[] {
	return seedDomains.flatMap((domain) => definitionChanges({ type: 'domain', definition: domain, tick: () => seedHlc }));
}

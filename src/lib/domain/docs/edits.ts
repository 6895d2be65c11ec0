/**
 * Local edits as field changes, and documents as readable bodies.
 *
 * A patch names top-level keys. A plain key's value replaces the field (null removes it);
 * a collection key (a board's `widgets`) takes `{ entryId: value | null }` and changes only
 * those entries. Fields whose value would not change produce no change, so saving an
 * unchanged form writes nothing and overwrites nobody.
 */
import { deletedField, type DocChange, type DocRecord, type DocType, type Hlc, type Json } from '../../protocol/sync';
import { canonicalJson, isJsonObject } from './json';
import { newestStamp } from './merge';
import { bodyOf, docSchemas } from './schemas';
import { changeProblem, isDeleted } from './validate';

export type DocPatch = Record<string, Json>;

export interface DocView {
	id: string;
	type: DocType;
	deleted: boolean;
	body: Record<string, Json>;
	/** Newest stamp in the document (fields and history). */
	stamp: Hlc;
}

export class DocEditError extends Error {
	constructor(
		message: string,
		readonly field: string
	) {
		super(message);
		this.name = 'DocEditError';
	}
}

export function viewOf(record: DocRecord): DocView {
	return { id: record.id, type: record.type, deleted: isDeleted(record), body: bodyOf(record.type, record.fields), stamp: newestStamp(record) };
}

function change(id: string, type: DocType, field: string, value: Json, tick: () => Hlc): DocChange {
	const c: DocChange = { id, type, field, value, hlc: tick() };
	const problem = changeProblem(c);
	if (problem) throw new DocEditError(`Cannot set ${field} of ${type} "${id}": ${problem}.`, field);
	return c;
}

/**
 * Changes that turn `record` (undefined for a new document) into the patched document.
 * Throws DocEditError, before stamping anything, when a value is not valid for its field.
 */
export function patchChanges(options: { id: string; type: DocType; record?: DocRecord; patch: DocPatch; tick: () => Hlc }): DocChange[] {
	const { id, type, record, patch } = options;
	if (record && record.type !== type) throw new DocEditError(`Document "${id}" is a ${record.type}, not a ${type}.`, '');
	const current = (field: string): string | undefined => {
		const state = record?.fields[field];
		return state ? canonicalJson(state.v) : undefined;
	};
	const wanted: [string, Json][] = [];
	const maps = docSchemas[type].maps;
	for (const [key, value] of Object.entries(patch)) {
		if (maps.includes(key)) {
			if (!isJsonObject(value)) throw new DocEditError(`${key} of a ${type} takes { entryId: value | null }.`, key);
			for (const [entry, entryValue] of Object.entries(value)) wanted.push([`${key}/${entry}`, entryValue]);
		} else wanted.push([key, value]);
	}
	const changed = wanted.filter(([field, value]) => {
		const before = current(field);
		return value === null ? before !== undefined && before !== 'null' : before !== canonicalJson(value);
	});
	// validate everything first so a bad field stamps nothing
	for (const [field, value] of changed) {
		const problem = changeProblem({ id, type, field, value, hlc: '000000000000000:000000:check' });
		if (problem) throw new DocEditError(`Cannot set ${field} of ${type} "${id}": ${problem}.`, field);
	}
	return changed.map(([field, value]) => change(id, type, field, value, options.tick));
}

/** The tombstone (or, with `deleted: false`, its reversal). */
export function deleteChange(options: { id: string; type: DocType; tick: () => Hlc; deleted?: boolean }): DocChange {
	return change(options.id, options.type, deletedField, options.deleted ?? true, options.tick);
}

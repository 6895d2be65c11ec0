/**
 * Checks for changes and records that arrive from elsewhere (a push, a pull, an import):
 * each returns what is wrong in words, or undefined. Never throws.
 *
 * Bounds: a field value at most `maxValueChars` characters of canonical JSON, at most
 * `maxFieldsPerDoc` fields per document, a whole record at most `maxRecordChars`.
 */
import { deletedField, docTypes, type DocChange, type DocRecord, type DocType } from '../../protocol/sync';
import { isHlc } from './hlc';
import { isJsonObject, jsonProblem, jsonSize } from './json';
import { fieldValueProblem } from './schemas';
import { maxHistoryEntries } from './merge';

export const maxValueChars = 65_536;
export const maxFieldsPerDoc = 2_000;
/** Canonical size of a stored record (fields and history). */
export const maxRecordChars = 4 * 1024 * 1024;

const docIdPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

export function isDocId(v: unknown): v is string {
	return typeof v === 'string' && docIdPattern.test(v);
}

export function isDocType(v: unknown): v is DocType {
	return typeof v === 'string' && (docTypes as readonly string[]).includes(v);
}

export function changeProblem(v: unknown): string | undefined {
	if (!isJsonObject(v)) return 'a change must be an object';
	if (!isDocId(v.id)) return 'the document id must be 1-128 of [A-Za-z0-9_.:-]';
	if (!isDocType(v.type)) return `the document type must be one of ${docTypes.join(', ')}`;
	if (typeof v.field !== 'string') return 'the field name must be text';
	if (!isHlc(v.hlc)) return 'the stamp is not a hybrid logical clock stamp';
	if (!('value' in v)) return 'the change has no value (use null to remove a field)';
	const json = jsonProblem(v.value);
	if (json) return `the value ${json}`;
	if (jsonSize(v.value) > maxValueChars) return `the value is larger than ${maxValueChars} characters`;
	return fieldValueProblem(v.type, v.field, v.value);
}

export function recordProblem(v: unknown): string | undefined {
	if (!isJsonObject(v)) return 'a document must be an object';
	if (!isDocId(v.id)) return 'the document id must be 1-128 of [A-Za-z0-9_.:-]';
	if (!isDocType(v.type)) return `the document type must be one of ${docTypes.join(', ')}`;
	if (!isJsonObject(v.fields)) return 'fields must be an object';
	const fields = Object.entries(v.fields);
	if (fields.length > maxFieldsPerDoc) return `a document has at most ${maxFieldsPerDoc} fields`;
	for (const [field, state] of fields) {
		if (!isJsonObject(state) || !isHlc(state.t) || !('v' in state)) return `field "${field}" must be { v, t } with a stamp`;
		const problem = changeProblem({ id: v.id, type: v.type, field, value: state.v, hlc: state.t });
		if (problem) return `field "${field}": ${problem}`;
	}
	if (!Array.isArray(v.history) || v.history.length > maxHistoryEntries * 2) return `history must be a list of at most ${maxHistoryEntries * 2} entries`;
	for (const entry of v.history) {
		if (!isJsonObject(entry) || typeof entry.f !== 'string' || !isHlc(entry.t) || !('v' in entry) || jsonProblem(entry.v)) {
			return 'history entries must be { f, v, t } with a stamp';
		}
	}
	if (v.historyFloor !== undefined && !isHlc(v.historyFloor)) return 'historyFloor must be a stamp';
	if (jsonSize(v as never) > maxRecordChars) return `the document is larger than ${maxRecordChars} characters`;
	return undefined;
}

/** A record with only the known keys (drops extra keys such as the server's `seq`). */
export function cleanRecord(v: DocRecord): DocRecord {
	const record: DocRecord = { id: v.id, type: v.type, fields: v.fields, history: v.history };
	if (v.historyFloor) record.historyFloor = v.historyFloor;
	return record;
}

export function isDeleted(record: DocRecord): boolean {
	return record.fields[deletedField]?.v === true;
}

export type { DocChange };

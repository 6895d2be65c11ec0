/**
 * What fields each document type has, and how field names map to a document body.
 *
 * Field names: a plain key (`title`), or `<map>/<entryId>` for one entry of a keyed
 * collection (`widgets/w1`), or the tombstone `$deleted`. Values are checked per field so
 * a bad edit is refused alone (the server answers it in `refused`), never a whole push.
 *
 * `layout` (pinned node positions, pins.ts), `cloud-links` (cloud-links.ts) and
 * `preferences` (preferences.ts) are checked field by field like the business documents.
 * `analysis-rule` (insight rules) belongs to the insights capability: its fields are
 * accepted as any JSON within the size bounds here and checked by its owner when read.
 */
import type { BusinessIssue } from '../business/validate';
import {
	conditionIssuesOf,
	isDefinitionId,
	measureIssues,
	namesIssues,
	ruleIssues,
	scopeIssues,
	thresholdIssues
} from '../business/validate';
import { deletedField, type DocType, type Json } from '../../protocol/sync';
import { boardFieldProblem } from './board';
import { cloudLinksFieldProblem } from './cloud-links';
import { layoutFieldProblem } from './pins';
import { preferencesFieldProblem } from './preferences';
import { isJsonObject } from './json';

export interface DocSchema {
	/** Top-level keys that are keyed collections (one field per entry). */
	maps: readonly string[];
	/** Why `value` cannot be field `key` (a map's name for map entries), or undefined. */
	fieldProblem(key: string, value: Json): string | undefined;
}

const keyPattern = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const entryPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

function issueText(issues: BusinessIssue[]): string | undefined {
	if (issues.length === 0) return undefined;
	const first = issues[0];
	return `${first.path}: ${first.code}${first.params ? ' ' + JSON.stringify(first.params) : ''}`;
}

const text = (max: number) => (v: Json) => (typeof v === 'string' && v.trim() !== '' && v.length <= max ? undefined : `must be text of 1-${max} characters`);
const finite = (v: Json) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a finite number');
const anyJson = () => undefined;

function fieldsOf(spec: Record<string, (v: Json) => string | undefined>, type: string): DocSchema['fieldProblem'] {
	return (key, value) => {
		const check = spec[key];
		if (!check) return `a ${type} has no field "${key}"`;
		const problem = check(value);
		return problem ? `${key} ${problem}` : undefined;
	};
}

export const docSchemas: Record<DocType, DocSchema> = {
	board: { maps: ['widgets', 'layout'], fieldProblem: boardFieldProblem },
	domain: {
		maps: [],
		fieldProblem: fieldsOf(
			{
				names: (v) => issueText(namesIssues(v, 'names')),
				description: (v) => (typeof v === 'string' && v.length <= 2_000 ? undefined : 'must be text of at most 2000 characters'),
				order: finite
			},
			'domain'
		)
	},
	transaction: {
		maps: [],
		fieldProblem: fieldsOf(
			{
				domainId: (v) => (isDefinitionId(v) ? undefined : 'must be an id'),
				name: text(200),
				rule: (v) => issueText(ruleIssues(v)),
				spans: (v) => (v === 'transactions' || v === 'entry' || v === 'all' ? undefined : 'must be transactions, entry or all'),
				success: (v) => issueText(conditionIssuesOf(v, 'success'))
			},
			'transaction'
		)
	},
	kpi: {
		maps: [],
		fieldProblem: fieldsOf(
			{
				name: text(200),
				scope: (v) => issueText(scopeIssues(v, 'scope')),
				measure: (v) => issueText(measureIssues(v, 'measure')),
				target: finite,
				thresholds: (v) => issueText(thresholdIssues(v, 'thresholds'))
			},
			'kpi'
		)
	},
	layout: { maps: ['nodes'], fieldProblem: layoutFieldProblem },
	'analysis-rule': { maps: [], fieldProblem: anyJson },
	'cloud-links': { maps: ['templates'], fieldProblem: cloudLinksFieldProblem },
	preferences: { maps: [], fieldProblem: preferencesFieldProblem }
};

export interface FieldName {
	key: string;
	/** Entry id for map fields. */
	entry?: string;
}

/** Splits and checks a field name for a type; a string says what is wrong. */
export function parseFieldName(type: DocType, field: string): FieldName | string {
	if (field === deletedField) return { key: deletedField };
	const slash = field.indexOf('/');
	const key = slash < 0 ? field : field.slice(0, slash);
	if (!keyPattern.test(key)) return `field "${field}" is not a valid field name`;
	const isMap = docSchemas[type].maps.includes(key);
	if (slash < 0) return isMap ? `field "${key}" is a collection: edit its entries as "${key}/<id>"` : { key };
	if (!isMap) return `a ${type} has no collection "${key}"`;
	const entry = field.slice(slash + 1);
	if (!entryPattern.test(entry)) return `entry id "${entry}" must be 1-128 of [A-Za-z0-9_.:-]`;
	return { key, entry };
}

/** Why `value` cannot be written to `field` of a `type` document (null always can: it removes). */
export function fieldValueProblem(type: DocType, field: string, value: Json): string | undefined {
	const name = parseFieldName(type, field);
	if (typeof name === 'string') return name;
	if (value === null) return undefined;
	if (name.key === deletedField) return typeof value === 'boolean' ? undefined : '$deleted must be true or false';
	return docSchemas[type].fieldProblem(name.key, value);
}

/** Document body from fields: map entries nest under their map; removed fields are left out. */
export function bodyOf(type: DocType, fields: Record<string, { v: Json }>): Record<string, Json> {
	const body: Record<string, Json> = {};
	for (const map of docSchemas[type].maps) body[map] = {};
	for (const [field, state] of Object.entries(fields)) {
		if (field === deletedField || state.v === null) continue;
		const name = parseFieldName(type, field);
		if (typeof name === 'string') continue;
		if (name.entry !== undefined) (body[name.key] as Record<string, Json>)[name.entry] = state.v;
		else body[name.key] = state.v;
	}
	return body;
}

/** Field values of a body (the inverse of bodyOf): map entries become `<map>/<id>` fields. */
export function fieldsOfBody(type: DocType, body: Record<string, Json>): Map<string, Json> {
	const out = new Map<string, Json>();
	const maps = docSchemas[type].maps;
	for (const [key, value] of Object.entries(body)) {
		if (maps.includes(key) && isJsonObject(value)) {
			for (const [entry, entryValue] of Object.entries(value)) out.set(`${key}/${entry}`, entryValue);
		} else out.set(key, value);
	}
	return out;
}

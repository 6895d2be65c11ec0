/**
 * The console deep-link URL templates (domain/cloud/templates.ts) as one synced
 * `cloud-links` document, `cloud-links`: each template is one field `templates/<id>` holding
 * `{ label, url, enabled, order }`, so editing one template on a laptop and another on a
 * tablet keeps both. `customised: true` marks a list the user saved; without it the shipped
 * defaults apply (so removing every template is a list of none, not the defaults).
 *
 * Bounds: at most `maxTemplates` (50) live templates; at most `maxTemplateFields` (1,000)
 * template fields, removed ones included (a removed template stays as a removed field);
 * past it saving is refused with a message. Template problems (unknown placeholders, ...)
 * are not field errors: the editor flags them and links skip them, as before.
 */
import type { DocRecord, Json } from '../../protocol/sync';
import { defaultTemplates, maxTemplateChars, maxTemplates, normaliseTemplates, type CloudLinkTemplate } from '../cloud/templates';
import { isJsonObject } from './json';

export const cloudLinksDocId = 'cloud-links';
export const cloudLinksDocType = 'cloud-links' as const;
export const maxTemplateFields = 1_000;
const maxLabelChars = 80;
const entryPattern = /^[A-Za-z0-9_.:-]{1,64}$/;

export class CloudLinksLimitError extends Error {
	constructor() {
		super(`The templates document holds ${maxTemplateFields} templates, removed ones included; reuse the id of a removed template.`);
		this.name = 'CloudLinksLimitError';
	}
}

function templateValueProblem(value: Json): string | undefined {
	if (!isJsonObject(value)) return 'must be { label, url, enabled, order }';
	if (typeof value.label !== 'string' || value.label.length > maxLabelChars) return `label must be text of at most ${maxLabelChars} characters`;
	if (typeof value.url !== 'string' || value.url.length > maxTemplateChars + 1) return `url must be text of at most ${maxTemplateChars} characters`;
	if (typeof value.enabled !== 'boolean') return 'enabled must be true or false';
	if (!(typeof value.order === 'number' && Number.isInteger(value.order) && value.order >= 0 && value.order < maxTemplateFields)) return `order must be a whole number below ${maxTemplateFields}`;
	return undefined;
}

/** Field checks of a `cloud-links` document (domain/docs/schemas.ts). */
export function cloudLinksFieldProblem(key: string, value: Json): string | undefined {
	if (key === 'customised') return typeof value === 'boolean' ? undefined : 'customised must be true or false';
	if (key === 'templates') {
		const problem = templateValueProblem(value);
		return problem ? `a template ${problem}` : undefined;
	}
	return `a cloud-links document has no field "${key}"`;
}

/** A template id usable as a field entry: other characters become '-', at most 64 characters. */
export function templateEntryId(id: string): string {
	return id.replace(/[^A-Za-z0-9_.:-]/g, '-').slice(0, 64) || 'link';
}

/** The templates a document body says (the shipped defaults when the user never saved a list). */
export function templatesFromBody(body: Readonly<Record<string, Json>> | undefined): CloudLinkTemplate[] {
	if (!body || body.customised !== true) return defaultTemplates.map((t) => ({ ...t }));
	const entries = isJsonObject(body.templates) ? Object.entries(body.templates) : [];
	const kept: (CloudLinkTemplate & { order: number })[] = [];
	for (const [id, value] of entries) {
		if (value === null || !entryPattern.test(id) || templateValueProblem(value) !== undefined) continue;
		const t = value as { label: string; url: string; enabled: boolean; order: number };
		kept.push({ id, label: t.label, url: t.url, enabled: t.enabled, order: t.order });
	}
	kept.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return kept.slice(0, maxTemplates).map(({ order: _order, ...t }) => t);
}

function entriesOf(record: DocRecord | undefined): Set<string> {
	const out = new Set<string>();
	for (const field of Object.keys(record?.fields ?? {})) if (field.startsWith('templates/')) out.add(field.slice('templates/'.length));
	return out;
}

const valueOf = (t: CloudLinkTemplate, order: number) => ({ label: t.label.slice(0, maxLabelChars), url: t.url, enabled: t.enabled, order });
const sameValue = (a: ReturnType<typeof valueOf>, b: ReturnType<typeof valueOf>) => a.label === b.label && a.url === b.url && a.enabled === b.enabled && a.order === b.order;

/**
 * The patch that makes the document hold `templates` in this order; templates left out are
 * removed. With `base` (the list the editor started from), only what the user changed
 * against it is written: a template another device changed meanwhile, and the user did not
 * touch, keeps that device's version, and one another device added is kept.
 * Throws RangeError for more than `maxTemplates` or an id that is not 1-64 of
 * [A-Za-z0-9_.:-] (or used twice), CloudLinksLimitError past `maxTemplateFields`.
 */
export function cloudLinksPatch(templates: readonly CloudLinkTemplate[], record: DocRecord | undefined, base?: readonly CloudLinkTemplate[]): Record<string, Json> {
	if (templates.length > maxTemplates) throw new RangeError(`At most ${maxTemplates} templates can be kept.`);
	const held = entriesOf(record);
	const next: Record<string, Json> = {};
	// before the first save the document holds no list: the whole list is written
	const customised = record?.fields.customised?.v === true;
	const baseValues = base && customised ? new Map(base.map((t, order) => [t.id, valueOf(t, order)])) : undefined;
	const kept = new Set<string>();
	templates.forEach((t, order) => {
		if (!entryPattern.test(t.id)) throw new RangeError(`Template id "${t.id}" must be 1-64 of [A-Za-z0-9_.:-].`);
		if (kept.has(t.id)) throw new RangeError(`Template id "${t.id}" is used twice.`);
		kept.add(t.id);
		const value = valueOf(t, order);
		const before = baseValues?.get(t.id);
		if (!(before && sameValue(before, value) && held.has(t.id))) next[t.id] = value;
	});
	const added = [...kept].filter((id) => !held.has(id)).length;
	if (held.size + added > maxTemplateFields) throw new CloudLinksLimitError();
	const removable = baseValues ? [...baseValues.keys()] : [...held];
	for (const id of removable) if (!kept.has(id) && held.has(id)) next[id] = null;
	return { customised: true, templates: next };
}

/**
 * The patch that moves templates kept before documents existed (the old local view document
 * `{ templates }`) into the document, or undefined when there is nothing to move or the
 * document already holds a saved list (a list saved on any device wins over an old local one).
 */
export function migratedCloudLinksPatch(legacy: unknown, record: DocRecord | undefined): Record<string, Json> | undefined {
	if (!isJsonObject(legacy) || !Array.isArray(legacy.templates)) return undefined;
	if (record?.fields.customised?.v === true) return undefined;
	const seen = new Set<string>();
	const templates = normaliseTemplates(legacy).map((t) => {
		let id = templateEntryId(t.id);
		for (let n = 2; seen.has(id); n++) id = `${templateEntryId(t.id).slice(0, 60)}-${n}`;
		seen.add(id);
		return { ...t, id };
	});
	return cloudLinksPatch(templates, record);
}

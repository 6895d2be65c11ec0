import { describe, expect, it } from 'vitest';
import type { DocRecord } from '../../protocol/sync';
import { defaultTemplates, maxTemplates, type CloudLinkTemplate } from '../cloud/templates';
import { cloudLinksDocId, CloudLinksLimitError, cloudLinksPatch, maxTemplateFields, migratedCloudLinksPatch, templatesFromBody } from './cloud-links';
import { patchChanges, viewOf } from './edits';
import { HybridClock } from './hlc';
import { applyChange, mergeRecords } from './merge';

function device(replica: string, startMs: number) {
	let now = startMs;
	const clock = new HybridClock(replica, () => now++);
	let record: DocRecord | undefined;
	return {
		get record() {
			return record;
		},
		save(templates: CloudLinkTemplate[], base?: CloudLinkTemplate[]) {
			const changes = patchChanges({ id: cloudLinksDocId, type: 'cloud-links', record, patch: cloudLinksPatch(templates, record, base), tick: () => clock.tick() });
			for (const c of changes) record = applyChange(record, c);
			return changes;
		},
		receive(other: DocRecord | undefined) {
			if (other) record = record ? mergeRecords(record, other) : other;
		},
		templates() {
			return templatesFromBody(record && viewOf(record).body);
		}
	};
}

const custom = (id: string, url: string): CloudLinkTemplate => ({ id, label: id, url, enabled: true });

describe('cloud link templates document', () => {
	it('reads the shipped defaults until a list is saved, and an empty saved list as none', () => {
		const a = device('laptop', 1_000);
		expect(a.templates()).toEqual(defaultTemplates);
		a.save([]);
		expect(a.templates()).toEqual([]);
	});

	it('keeps the order saved, and edits of different templates on two devices', () => {
		const a = device('laptop', 1_000);
		const b = device('tablet', 2_000);
		const base = [custom('custom-1', 'https://a.example/{host.id}'), ...defaultTemplates.slice(0, 2)];
		a.save(base);
		b.receive(a.record);
		a.save([{ ...base[0], url: 'https://a.example/v2/{host.id}' }, base[1], base[2]]);
		b.save([base[0], { ...base[1], enabled: false }, base[2], custom('custom-2', 'https://b.example/')]);
		a.receive(b.record);
		b.receive(a.record);
		expect(a.templates()).toEqual(b.templates());
		expect(a.templates().map((t) => t.id)).toEqual(['custom-1', base[1].id, base[2].id, 'custom-2']);
		expect(a.templates()[0].url).toBe('https://a.example/v2/{host.id}');
		expect(a.templates()[1].enabled).toBe(false);
	});

	it('writes only what the editor changed against the list it started from, keeping what another device changed meanwhile', () => {
		const a = device('laptop', 1_000);
		const b = device('tablet', 2_000);
		const base = defaultTemplates.slice(0, 4).map((t) => ({ ...t }));
		a.save(base);
		b.receive(a.record);
		// b opens its editor on `base`; meanwhile a edits one template, removes another and adds one
		const draft = base.map((t) => ({ ...t }));
		a.save([{ ...base[0], url: 'https://a.example/' }, base[1], base[2], custom('custom-1', 'https://new.example/')]);
		b.receive(a.record);
		draft[1] = { ...draft[1], enabled: false };
		b.save(draft, base);
		expect(b.templates().find((t) => t.id === base[0].id)?.url).toBe('https://a.example/');
		expect(b.templates().find((t) => t.id === base[1].id)?.enabled).toBe(false);
		expect(b.templates().map((t) => t.id)).toContain('custom-1');
		// the template a removed (and b did not touch) stays removed
		expect(b.templates().map((t) => t.id)).not.toContain(base[3].id);
		// before the first save a base changes nothing: the whole list is written
		const c = device('phone', 3_000);
		c.save([{ ...base[0], label: 'EC2' }], base);
		expect(c.templates()).toHaveLength(1);
	});

	it('removes templates left out, and saving the same list again writes nothing', () => {
		const a = device('laptop', 1_000);
		a.save(defaultTemplates.slice(0, 3));
		expect(a.save(defaultTemplates.slice(0, 3))).toEqual([]);
		a.save([defaultTemplates[2]]);
		expect(a.templates().map((t) => t.id)).toEqual([defaultTemplates[2].id]);
	});

	it('refuses ids that cannot be fields, too many templates, and a full document', () => {
		expect(() => cloudLinksPatch([custom('my link', 'https://x/')], undefined)).toThrow(/must be 1-64/);
		expect(() => cloudLinksPatch([custom('a', 'https://x/'), custom('a', 'https://y/')], undefined)).toThrow(/twice/);
		expect(() => cloudLinksPatch(Array.from({ length: maxTemplates + 1 }, (_, k) => custom(`c${k}`, 'https://x/')), undefined)).toThrow(RangeError);
		const fields = Object.fromEntries(Array.from({ length: maxTemplateFields }, (_, k) => [`templates/old${k}`, { v: null, t: '000000000000001:000000:d' }]));
		const full: DocRecord = { id: cloudLinksDocId, type: 'cloud-links', fields, history: [] };
		expect(() => cloudLinksPatch([custom('fresh', 'https://x/')], full)).toThrow(CloudLinksLimitError);
		expect(() => cloudLinksPatch([custom('old3', 'https://x/')], full)).not.toThrow();
	});

	it('migrates an old local list once: ids made fit for fields, a list already saved wins', () => {
		const legacy = { templates: [{ id: 'my link', label: 'Mine', url: 'https://x.example/{host.id}' }, { id: 'my/link', url: 'https://y.example/' }, 42] };
		const patch = migratedCloudLinksPatch(legacy, undefined)!;
		expect(patch.customised).toBe(true);
		expect(Object.keys(patch.templates as object)).toEqual(['my-link', 'my-link-2']);
		const a = device('laptop', 1_000);
		expect(migratedCloudLinksPatch(undefined, undefined)).toBeUndefined();
		expect(migratedCloudLinksPatch({ nothing: true }, undefined)).toBeUndefined();
		a.save([custom('kept', 'https://kept/')]);
		expect(migratedCloudLinksPatch(legacy, a.record)).toBeUndefined();
	});
});

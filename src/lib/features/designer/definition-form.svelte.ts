/**
 * The editing state the designer's three editors share: a copy of the definition being
 * edited (`draft`), the validation issues of the last save, and the "saved" note. Saving
 * validates the draft as `parse` cleans it and writes the definition document; removing
 * writes its tombstone. Nothing is written while the draft has issues.
 */
import type { BusinessDomain, BusinessTransaction, KpiDefinition } from '$lib/domain/business/types';
import type { BusinessIssue, Parsed } from '$lib/domain/business/validate';
import type { DefinitionType } from '$lib/domain/docs/business-docs';
import { documents } from '$lib/state/documents.svelte';
import { i18n } from '$lib/state/locale.svelte';

export interface DefinitionFormOptions<T> {
	type: DefinitionType;
	/** Validates the draft (a plain snapshot), after whatever cleaning the editor needs. */
	parse: (draft: T) => Parsed<T>;
	/** The name the "saved" note gives. */
	label: (saved: T) => string;
}

export class DefinitionForm<T extends BusinessDomain | BusinessTransaction | KpiDefinition> {
	draft = $state<T | null>(null);
	issues = $state.raw<BusinessIssue[]>([]);
	saved = $state('');

	constructor(private readonly options: DefinitionFormOptions<T>) {}

	/** Edits a copy of `value` (a stored definition or a blank one). */
	open(value: T): void {
		this.draft = structuredClone(value);
		this.issues = [];
		this.saved = '';
	}

	save = async (event?: Event): Promise<void> => {
		event?.preventDefault();
		const docs = documents.docs;
		if (!this.draft || !docs) return;
		const parsed = this.options.parse($state.snapshot(this.draft) as T);
		if (!parsed.ok) {
			this.issues = parsed.issues;
			this.saved = '';
			return;
		}
		this.issues = [];
		await docs.saveDefinition(this.options.type, parsed.value);
		this.saved = i18n.t('designer.saved', { name: this.options.label(parsed.value) });
	};

	remove = async (): Promise<void> => {
		const docs = documents.docs;
		if (!this.draft || !docs) return;
		await docs.remove(this.draft.id, this.options.type);
		this.draft = null;
		this.saved = '';
	};
}

/**
 * The findings page's view model: filtering and sorting findings, their evidence as
 * labelled figures and their details as labelled lists, and links to example traces.
 * Pure: the component formats numbers and translates the message keys.
 */
import type { Finding, FindingKind, Severity } from '$lib/domain/advisor/findings/types';
import type { MessageKey } from '$lib/i18n/catalogue';
import type { FindingSort, FindingsView } from './architecture-view';

const severityRank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** The count that measures how much evidence a finding has, per kind (what `evidence` sorts by). */
const evidenceCount: Record<FindingKind, (c: Record<string, number>) => number> = {
	'shared-table': (c) => (c.reads ?? 0) + (c.writes ?? 0),
	'cyclic-dependency': (c) => c.calls ?? 0,
	'chatty-calls': (c) => c.occurrences ?? 0,
	'long-chain': (c) => c.traces ?? 0,
	'failure-propagation': (c) => c.propagated ?? 0,
	'missing-timeout': (c) => c.slowCalls ?? 0,
	'gateway-bypass': (c) => c.entries ?? 0,
	'hidden-hub': (c) => c.traces ?? 0
};

export function evidenceOf(finding: Finding): number {
	return evidenceCount[finding.kind]?.(finding.counts) ?? 0;
}

export function filterFindings(findings: readonly Finding[], view: Pick<FindingsView, 'severity' | 'kind'>): Finding[] {
	return findings.filter((f) => (view.severity === 'all' || f.severity === view.severity) && (view.kind === 'all' || f.kind === view.kind));
}

/** `asc` on severity puts high first; ties fall back to severity, then subject. */
export function sortFindings(findings: readonly Finding[], sort: FindingSort, dir: 'asc' | 'desc'): Finding[] {
	const key: Record<FindingSort, (a: Finding, b: Finding) => number> = {
		severity: (a, b) => severityRank[a.severity] - severityRank[b.severity],
		kind: (a, b) => a.kind.localeCompare(b.kind),
		subject: (a, b) => a.subject.localeCompare(b.subject),
		evidence: (a, b) => evidenceOf(a) - evidenceOf(b),
		services: (a, b) => a.services.length - b.services.length
	};
	const sign = dir === 'asc' ? 1 : -1;
	return [...findings].sort(
		(a, b) => sign * key[sort](a, b) || severityRank[a.severity] - severityRank[b.severity] || a.subject.localeCompare(b.subject)
	);
}

/** Findings per kind and per severity, for the filter options. */
export function tally(findings: readonly Finding[]): { kinds: Map<FindingKind, number>; severities: Map<Severity, number> } {
	const kinds = new Map<FindingKind, number>();
	const severities = new Map<Severity, number>();
	for (const f of findings) {
		kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
		severities.set(f.severity, (severities.get(f.severity) ?? 0) + 1);
	}
	return { kinds, severities };
}

export type FigureUnit = 'count' | 'ms' | 'decimal';

export interface EvidenceItem {
	key: string;
	/** Catalogue key of the label; null for a count this screen does not know (shown by its key). */
	label: MessageKey | null;
	value: number;
	unit: FigureUnit;
}

const countLabels: Record<string, MessageKey> = {
	services: 'advisor.count.services',
	reads: 'advisor.count.reads',
	writes: 'advisor.count.writes',
	writers: 'advisor.count.writers',
	contexts: 'advisor.count.contexts',
	writingContexts: 'advisor.count.writingContexts',
	edges: 'advisor.count.edges',
	calls: 'advisor.count.calls',
	occurrences: 'advisor.count.occurrences',
	maxRun: 'advisor.count.maxRun',
	meanRun: 'advisor.count.meanRun',
	traces: 'advisor.count.traces',
	depth: 'advisor.count.depth',
	calleeFailures: 'advisor.count.calleeFailures',
	propagated: 'advisor.count.propagated',
	absorbed: 'advisor.count.absorbed',
	breakerEvents: 'advisor.count.breakerEvents',
	slowCalls: 'advisor.count.slowCalls',
	budgetMs: 'advisor.count.budgetMs',
	maxMs: 'advisor.count.maxMs',
	p99Ms: 'advisor.count.p99Ms',
	timeouts: 'advisor.count.timeouts',
	entries: 'advisor.count.entries',
	entriesTotal: 'advisor.count.entriesTotal',
	tracesTotal: 'advisor.count.tracesTotal',
	callers: 'advisor.count.callers'
};

export function evidenceItems(finding: Finding): EvidenceItem[] {
	return Object.entries(finding.counts).map(([key, value]) => ({
		key,
		label: countLabels[key] ?? null,
		value,
		unit: key.endsWith('Ms') ? 'ms' : Number.isInteger(value) ? 'count' : 'decimal'
	}));
}

export interface DetailItem {
	label: MessageKey;
	/** Names to list; `joiner` says how (a chain reads as a path). */
	values: string[];
	joiner: ', ' | ' → ';
}

const listDetails: { key: string; label: MessageKey; joiner: DetailItem['joiner'] }[] = [
	{ key: 'writerServices', label: 'advisor.detail.writerServices', joiner: ', ' },
	{ key: 'writingContexts', label: 'advisor.detail.writingContexts', joiner: ', ' },
	{ key: 'edges', label: 'advisor.detail.edges', joiner: ', ' },
	{ key: 'chain', label: 'advisor.detail.chain', joiner: ' → ' },
	{ key: 'callers', label: 'advisor.detail.callers', joiner: ', ' },
	{ key: 'gateways', label: 'advisor.detail.gateways', joiner: ', ' }
];

export function detailItems(finding: Finding): DetailItem[] {
	const out: DetailItem[] = [];
	for (const { key, label, joiner } of listDetails) {
		const value = finding.detail[key];
		if (Array.isArray(value) && value.length > 0) out.push({ label, values: value.map(String), joiner });
	}
	return out;
}

/** Facts shown as a short note: a circuit breaker was seen, the call leaves the system, the budget was derived. */
export function detailNotes(finding: Finding): MessageKey[] {
	const notes: MessageKey[] = [];
	if (finding.detail.scope === 'business-contexts') notes.push('advisor.note.insideMonolith');
	if (finding.detail.breaker === true) notes.push('advisor.note.breaker');
	if (finding.detail.external === true) notes.push('advisor.note.external');
	if (finding.detail.budgetSource === 'derived') notes.push('advisor.note.derivedBudget');
	return notes;
}

/** The transaction path view of one trace (route `/trace/`), keeping the demo flag. */
export function traceHref(base: string, traceId: string, demo: boolean): string {
	return `${base}/trace/?id=${encodeURIComponent(traceId)}${demo ? '&demo' : ''}`;
}

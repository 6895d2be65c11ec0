/**
 * The advisor screen's view model: the measures of the proposal against the baseline, the
 * candidates named for people, remote calls, the strangler order, the data split steps,
 * the choices offered (monolith, K) and the exported JSON. Pure: components translate the
 * message keys and format the numbers.
 */
import type { Decomposition, SweepRow } from '$lib/domain/advisor/decompose';
import type { Measures } from '$lib/domain/advisor/measures';
import type { DataSplitStrategy, DecompositionProposal } from '$lib/domain/advisor/proposal';
import type { ClassServiceCensus } from '$lib/domain/advisor/service-calls';
import type { MessageKey } from '$lib/i18n/catalogue';
import { maxK } from './architecture-view';

export const measureKeys = ['bcp', 'icp', 'sm', 'ned', 'ifn'] as const;
export type MeasureKey = (typeof measureKeys)[number];

/** SM is the only measure where higher is better (Mono2Micro). */
export const higherIsBetter: Record<MeasureKey, boolean> = { bcp: false, icp: false, sm: true, ned: false, ifn: false };

export interface MeasureRow {
	key: MeasureKey;
	label: MessageKey;
	hint: MessageKey;
	proposal: number;
	baseline: number | null;
	/** Which side is better; `tie` within 0.0005 (the shown precision is 3 decimals). */
	better: 'proposal' | 'baseline' | 'tie' | null;
}

export function measureRows(measures: Measures, baseline: Measures | null): MeasureRow[] {
	return measureKeys.map((key) => {
		const proposal = measures[key];
		const other = baseline ? baseline[key] : null;
		let better: MeasureRow['better'] = null;
		if (other !== null) {
			const diff = higherIsBetter[key] ? proposal - other : other - proposal;
			better = Math.abs(diff) < 0.0005 ? 'tie' : diff > 0 ? 'proposal' : 'baseline';
		}
		return { key, label: `advisor.measure.${key}`, hint: higherIsBetter[key] ? 'advisor.measure.higher' : 'advisor.measure.lower', proposal, baseline: other, better };
	});
}

/** The sweep table, with the chosen K marked. */
export function sweepRows(decomposition: Decomposition): (SweepRow & { chosen: boolean })[] {
	return decomposition.sweep.length > 1 ? decomposition.sweep.map((row) => ({ ...row, chosen: row.k === decomposition.k })) : [];
}

/** `com.bank.transfer.TransferService` → `TransferService`; keeps `Class` as is. */
export function shortClass(name: string): string {
	return name.slice(name.lastIndexOf('.') + 1) || name;
}

export function candidateName(proposal: DecompositionProposal, id: number): string {
	return proposal.services.find((s) => s.id === id)?.name ?? `#${id + 1}`;
}

export interface RemoteCallRow {
	from: string;
	to: string;
	callee: string;
	callers: string[];
	volume: number;
	ratePerSec: number | null;
	meanMs: number | null;
	maxMs: number | null;
	traceIds: string[];
}

export function remoteCallRows(proposal: DecompositionProposal): RemoteCallRow[] {
	return proposal.remoteCalls.map((call) => ({
		from: candidateName(proposal, call.from),
		to: candidateName(proposal, call.to),
		callee: call.callee,
		callers: call.callers,
		volume: call.volume,
		ratePerSec: call.ratePerSec ?? null,
		meanMs: call.meanMs ?? null,
		maxMs: call.maxMs ?? null,
		traceIds: call.traceIds
	}));
}

export interface ExtractionRow {
	order: number;
	name: string;
	callsToRest: number;
	callsFromRest: number;
	sharedTablesWithRest: number;
	/** The last step: what remains of the monolith. */
	last: boolean;
}

export function extractionRows(proposal: DecompositionProposal): ExtractionRow[] {
	return proposal.extractionOrder.map((step, i) => ({
		order: step.order,
		name: candidateName(proposal, step.service),
		callsToRest: step.callsToRest,
		callsFromRest: step.callsFromRest,
		sharedTablesWithRest: step.sharedTablesWithRest,
		last: i === proposal.extractionOrder.length - 1
	}));
}

export interface DataSplitRow {
	table: string;
	strategy: DataSplitStrategy;
	/** `advisor.strategy.*`, with `{owner}`. */
	text: MessageKey;
	owner: string;
	writers: string[];
	readers: string[];
	remoteUsers: string[];
	reads: number;
	writes: number;
	remoteCalls: number;
}

export function dataSplitRows(proposal: DecompositionProposal): DataSplitRow[] {
	const names = (ids: number[]) => ids.map((id) => candidateName(proposal, id));
	return proposal.dataSplit.map((step) => ({
		table: step.table,
		strategy: step.strategy,
		text: `advisor.strategy.${step.strategy}`,
		owner: candidateName(proposal, step.owner),
		writers: names(step.writers),
		readers: names(step.readers),
		remoteUsers: names(step.remoteUsers),
		reads: step.reads,
		writes: step.writes,
		remoteCalls: step.remoteCalls
	}));
}

/** K values offered: 2 up to half the classes (at least 2, at most maxK), plus the current one; 0 = sweep. */
export function kChoices(classes: number, current: number): number[] {
	const top = Math.max(2, Math.min(maxK, Math.floor(classes / 2)));
	const ks = Array.from({ length: top - 1 }, (_, i) => i + 2);
	if (current > 0 && !ks.includes(current)) ks.push(current);
	return [0, ...ks.sort((a, b) => a - b)];
}

/** The monolith to decompose: the one asked for if it was read, else the service with the most class-level spans. */
export function chooseMonolith(monoliths: readonly ClassServiceCensus[], wanted: string): ClassServiceCensus | null {
	const collected = monoliths.filter((m) => m.collected);
	return collected.find((m) => m.service === wanted) ?? collected[0] ?? null;
}

export interface ExportInput {
	source:
		| { kind: 'window'; service: string; contextFrom: 'attribute' | 'designer'; contextAttribute: string; fromMs: number; toMs: number }
		| { kind: 'csv'; file: string };
	decomposition: Decomposition;
	generatedAtMs: number;
}

/** The proposal as a JSON document (the `npm run advise -- --json` decomposition, with where it came from). */
export function exportJson(input: ExportInput): string {
	return JSON.stringify({ generatedAt: new Date(input.generatedAtMs).toISOString(), source: input.source, decomposition: input.decomposition }, null, 2);
}

export function exportFileName(input: Pick<ExportInput, 'source' | 'generatedAtMs' | 'decomposition'>): string {
	const subject = input.source.kind === 'window' ? input.source.service : input.source.file.replace(/\.[^.]*$/, '');
	const stamp = new Date(input.generatedAtMs).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
	return `proposal-${subject.replace(/[^\w.-]+/g, '_') || 'calls'}-k${input.decomposition.k}-${stamp}.json`;
}

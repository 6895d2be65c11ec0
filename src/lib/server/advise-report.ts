/**
 * The human-readable report of `npm run advise` (without --json), in English or Korean
 * through the message catalogue; numbers are formatted per locale.
 */
import type { Decomposition } from '../domain/advisor/decompose';
import type { FindingsReport } from '../domain/advisor/findings/analyzer';
import type { Measures } from '../domain/advisor/measures';
import { formatNumber, translate, type Locale, type MessageKey } from '../i18n/catalogue';

export function formatReport(locale: Locale, decomposition: Decomposition | null, findings: FindingsReport | null): string {
	const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
	const n = (value: number, digits = 3) => formatNumber(locale, value, digits);
	const lines: string[] = [];
	if (decomposition) {
		const d = decomposition;
		const p = d.proposal;
		lines.push(t('advisor.report.input', { rows: d.graph.records, classes: d.graph.classes, contexts: d.graph.contexts, edges: d.graph.edges }), '');
		lines.push(t('advisor.report.measures', { k: d.k }));
		const row = (label: string, m: Measures) =>
			`  ${label.padEnd(32)} BCP ${n(m.bcp).padStart(6)}  ICP ${n(m.icp).padStart(6)}  SM ${n(m.sm).padStart(6)}  NED ${n(m.ned).padStart(6)}  IFN ${n(m.ifn).padStart(6)}`;
		lines.push(row(t('advisor.report.proposal'), d.measures));
		if (d.baseline) lines.push(row(t('advisor.report.baseline'), d.baseline.measures));
		if (d.sweep.length > 1) {
			lines.push('', t('advisor.report.sweep', { k: d.k }));
			for (const r of d.sweep) {
				const base = r.baseline ? `   | BCP ${n(r.baseline.bcp)} ICP ${n(r.baseline.icp)}` : '';
				lines.push(`  K=${String(r.k).padEnd(3)} BCP ${n(r.measures.bcp)}  ICP ${n(r.measures.icp)}  NED ${n(r.measures.ned)}${base}`);
			}
		}
		const name = (id: number) => p.services[id]?.name ?? String(id);
		lines.push('', t('advisor.report.candidates'));
		for (const s of p.services) {
			lines.push(
				`  ${t('advisor.report.candidate', { id: s.id + 1, name: s.name, classes: s.classes.length, contexts: s.contextCount, owned: s.ownedTables.length, shared: s.sharedTables.length })}`,
				`     ${s.classes.join(', ')}`
			);
		}
		if (p.remoteCalls.length > 0) {
			lines.push('', t('advisor.report.remote'));
			for (const call of p.remoteCalls.slice(0, 15)) {
				const latency = call.meanMs !== undefined ? `  ${n(call.meanMs, 2)} ms` : '';
				lines.push(`  ${t('advisor.report.remoteCall', { from: name(call.from), to: name(call.to), callee: call.callee, volume: call.volume })}${latency}`);
			}
		}
		lines.push('', t('advisor.report.order'));
		for (const step of p.extractionOrder) {
			lines.push(`  ${t('advisor.report.step', { order: step.order, name: name(step.service), calls: step.callsToRest + step.callsFromRest, tables: step.sharedTablesWithRest })}`);
		}
		if (p.dataSplit.length > 0) {
			lines.push('', t('advisor.report.dataSplit'));
			for (const step of p.dataSplit) {
				lines.push(`  ${step.table}: ${t(`advisor.strategy.${step.strategy}`, { owner: name(step.owner) })}`);
			}
		}
	}
	if (findings) {
		lines.push('', t('advisor.report.findings'));
		if (findings.findings.length === 0) lines.push(`  ${t('advisor.report.noFindings')}`);
		for (const f of findings.findings) {
			const counts = Object.entries(f.counts)
				.map(([key, value]) => `${key} ${n(value, 1)}`)
				.join(', ');
			lines.push(
				`  [${t(`advisor.severity.${f.severity}`)}] ${t(`advisor.kind.${f.kind}`)}: ${f.subject}`,
				`     ${t(`advisor.principle.${f.principle}`)}; ${counts}${f.traceIds.length ? `; ${f.traceIds[0]}` : ''}`
			);
		}
	}
	return lines.join('\n') + '\n';
}

/**
 * The demo bank's starter set as documents: its business transactions and KPIs (seed.ts)
 * and an overview board, all stamped with the seed stamp. Like the seeded domains, applying
 * it on two devices creates the same documents (no duplicates, no conflicts), and any user
 * edit or deletion wins over it.
 */
import type { DocChange, Json } from '../../protocol/sync';
import { demoBankKpis, demoBankTransactions } from '../business/seed';
import type { GridCell, Widget } from './board';
import { definitionChanges } from './business-docs';
import { patchChanges } from './edits';
import { seedHlc } from './hlc';

export const starterBoardId = 'board-bank-overview';

const widgets: [string, Widget, GridCell][] = [
	['loans', { kind: 'big-number', kpiIds: ['loan-applications'] }, { x: 0, y: 0, w: 3, h: 2 }],
	['amount', { kind: 'big-number', kpiIds: ['transfer-amount'] }, { x: 3, y: 0, w: 3, h: 2 }],
	['p95', { kind: 'big-number', kpiIds: ['deposits-p95'] }, { x: 6, y: 0, w: 3, h: 2 }],
	['success', { kind: 'big-number', kpiIds: ['transfer-success'] }, { x: 9, y: 0, w: 3, h: 2 }],
	['series', { kind: 'time-series', kpiIds: ['deposits-p95'] }, { x: 0, y: 2, w: 6, h: 3 }],
	['bars', { kind: 'domain-bars', options: { measure: 'count' } }, { x: 6, y: 2, w: 3, h: 3 }],
	['conversion', { kind: 'big-number', kpiIds: ['loan-conversion'] }, { x: 9, y: 2, w: 3, h: 3 }],
	['path', { kind: 'transaction-path', domainId: 'deposits' }, { x: 0, y: 5, w: 6, h: 3 }],
	['topology', { kind: 'topology', domainId: 'deposits' }, { x: 6, y: 5, w: 6, h: 3 }],
	['segments', { kind: 'segment-table', transactionId: 'account-transfer' }, { x: 0, y: 8, w: 12, h: 3 }]
];

export function starterChanges(title: string): DocChange[] {
	const tick = () => seedHlc;
	return [
		...demoBankTransactions.flatMap((t) => definitionChanges({ type: 'transaction', definition: t, tick })),
		...demoBankKpis.flatMap((k) => definitionChanges({ type: 'kpi', definition: k, tick })),
		...patchChanges({
			id: starterBoardId,
			type: 'board',
			patch: {
				title,
				widgets: Object.fromEntries(widgets.map(([id, w]) => [id, w as unknown as Json])),
				layout: Object.fromEntries(widgets.map(([id, , c]) => [id, c as unknown as Json]))
			},
			tick
		})
	];
}

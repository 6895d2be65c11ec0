import { describe, expect, it } from 'vitest';
import { domainName, widgetTitle, worstStatus } from './widget-title';

const defs = {
	domains: [{ id: 'lending', names: { en: 'Lending', ko: '여신' } }],
	transactions: [],
	kpis: [{ id: 'loans', name: 'Loan applications', measure: { kind: 'count' as const } }]
};
const t = (key: string) => ({ 'boards.kind.topology': 'Topology' })[key] ?? key;

describe('widget titles and status', () => {
	it('names a widget by its title, its KPIs, or its kind and domain in the locale', () => {
		expect(widgetTitle({ kind: 'big-number', title: 'Mine', kpiIds: ['loans'] }, defs, 'en', t)).toBe('Mine');
		expect(widgetTitle({ kind: 'big-number', kpiIds: ['loans'] }, defs, 'en', t)).toBe('Loan applications');
		expect(widgetTitle({ kind: 'topology', domainId: 'lending' }, defs, 'ko', t)).toBe('Topology · 여신');
	});

	it('names a domain in the locale, passing over a language left empty', () => {
		const mine = { ...defs, domains: [...defs.domains, { id: 'cards', names: { en: 'Cards', ko: '' } }, { id: 'fx', names: { ja: '外為' } }] };
		expect(domainName(mine, 'lending', 'ko')).toBe('여신');
		expect(domainName(mine, 'cards', 'ko')).toBe('Cards');
		expect(domainName(mine, 'fx', 'ko')).toBe('外為');
		expect(domainName(mine, 'gone', 'ko')).toBe('gone');
	});

	it('shows the worst status of the KPIs', () => {
		expect(worstStatus(['ok', 'critical', 'warn'])).toBe('critical');
		expect(worstStatus([])).toBe('unknown');
		expect(worstStatus(['unknown', 'ok'])).toBe('ok');
	});
});

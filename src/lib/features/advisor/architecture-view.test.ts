import { describe, expect, it } from 'vitest';
import { decodeViewState, encodeViewState } from '$lib/state/url-state';
import { advisorViewSchema, findingsViewSchema, windowOf, windowQuery } from './architecture-view';

describe('architecture view state', () => {
	it('reopens a findings link and falls back on values it cannot read', () => {
		const view = decodeViewState(findingsViewSchema, new URLSearchParams('range=1h&end=1700000000000&severity=high&kind=bogus&sort=evidence&dir=desc'));
		expect(view).toEqual({ range: '1h', end: 1_700_000_000_000, severity: 'high', kind: 'all', sort: 'evidence', dir: 'desc' });
		expect(encodeViewState(findingsViewSchema, { ...view, kind: 'shared-table' }).toString()).toBe(
			'range=1h&end=1700000000000&severity=high&kind=shared-table&sort=evidence&dir=desc'
		);
	});

	it('keeps K within bounds and writes nothing for the defaults', () => {
		expect(decodeViewState(advisorViewSchema, new URLSearchParams('k=400&source=csv')).k).toBe(0);
		const defaults = decodeViewState(advisorViewSchema, new URLSearchParams(''));
		expect(encodeViewState(advisorViewSchema, defaults).toString()).toBe('');
	});

	it('reopens the context source of an advisor link', () => {
		expect(decodeViewState(advisorViewSchema, new URLSearchParams('ctxFrom=designer&k=4')).ctxFrom).toBe('designer');
		expect(decodeViewState(advisorViewSchema, new URLSearchParams('ctxFrom=guess')).ctxFrom).toBe('attribute');
		const view = decodeViewState(advisorViewSchema, new URLSearchParams(''));
		expect(encodeViewState(advisorViewSchema, { ...view, ctxFrom: 'designer' }).toString()).toBe('ctxFrom=designer');
	});

	it('reads a pinned window as is and an open one back from now', () => {
		expect(windowOf({ range: '5m', end: 1_000_000 }, 5_000_000)).toEqual({ fromMs: 700_000, toMs: 1_000_000 });
		expect(windowOf({ range: '1h', end: 0 }, 5_000_000.7)).toEqual({ fromMs: 1_400_000, toMs: 5_000_000 });
	});

	it('carries the window and the demo flag between the pages of the area', () => {
		expect(windowQuery({ range: '5m', end: 0 }, false)).toBe('');
		expect(windowQuery({ range: '1h', end: 42 }, true)).toBe('?demo&range=1h&end=42');
	});
});

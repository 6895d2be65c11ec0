import { describe, expect, it } from 'vitest';
import { param, type ViewSchema } from './url-state';
import { ViewState, type UrlAccess } from './view-state.svelte';

interface View {
	range: 'live' | '1h';
	service: string;
}
const schema: ViewSchema<View> = {
	range: param.oneOf(['live', '1h'], 'live'),
	service: param.string('')
};

function fakeUrl(start: string): UrlAccess & { writes: string[] } {
	let current = new URL(start);
	const writes: string[] = [];
	return {
		writes,
		read: () => new URL(current.href),
		replace: (url) => {
			current = new URL(url.href);
			writes.push(url.href);
		}
	};
}

describe('ViewState', () => {
	it('starts from the link it was opened with', () => {
		const view = new ViewState(schema, fakeUrl('http://x/?range=1h&service=auth'));
		expect(view.current).toEqual({ range: '1h', service: 'auth' });
	});

	it('writes each change to the URL in schema order and keeps foreign parameters', () => {
		const url = fakeUrl('http://x/?demo');
		const view = new ViewState(schema, url);
		view.update({ service: 'loans' });
		view.update({ range: '1h' });
		expect(url.writes).toEqual(['http://x/?demo=&service=loans', 'http://x/?demo=&range=1h&service=loans']);
		expect(view.href()).toBe('http://x/?demo=&range=1h&service=loans');
	});

	it('does not rewrite the URL when nothing changed', () => {
		const url = fakeUrl('http://x/?range=1h');
		const view = new ViewState(schema, url);
		view.update({ range: '1h' });
		expect(url.writes).toEqual([]);
	});
});

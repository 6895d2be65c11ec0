import type { MessageKey } from '$lib/i18n/catalogue';

/**
 * The main navigation. A new screen area adds one entry here (path relative to the app's
 * base with a trailing slash, as routes are written with `trailingSlash = 'always'`; its
 * label's catalogue key); order is the order shown.
 */
export interface NavItem {
	path: string;
	labelKey: MessageKey;
}

export const navItems: readonly NavItem[] = [
	{ path: '/', labelKey: 'nav.live' },
	{ path: '/topology/', labelKey: 'nav.topology' },
	{ path: '/transactions/', labelKey: 'nav.transactions' },
	{ path: '/architecture/', labelKey: 'nav.architecture' },
	{ path: '/databases/', labelKey: 'nav.databases' },
	{ path: '/instances/', labelKey: 'nav.instances' },
	{ path: '/business/', labelKey: 'nav.business' },
	{ path: '/designer/', labelKey: 'nav.designer' },
	{ path: '/insights/', labelKey: 'nav.insights' },
	{ path: '/settings/', labelKey: 'nav.settings' }
];

/** `/` is current only on the root; other entries also own their sub-paths. Trailing slashes do not matter. */
export function isCurrentPath(itemPath: string, pathname: string): boolean {
	const item = itemPath.replace(/\/+$/, '');
	const path = pathname.replace(/\/+$/, '');
	if (item === '') return path === '';
	return path === item || path.startsWith(item + '/');
}

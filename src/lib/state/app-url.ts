import { replaceState } from '$app/navigation';
import type { UrlAccess } from './view-state.svelte';

/**
 * The address bar. SvelteKit's replaceState keeps its router's history bookkeeping; before
 * the router has started (a view constructed during the first render) it throws, and the
 * plain History API is the only option then.
 */
export const browserUrl: UrlAccess = {
	read: () => new URL(location.href),
	replace: (url) => {
		try {
			replaceState(url, {});
		} catch {
			history.replaceState(history.state, '', url);
		}
	}
};

import { decodeViewState, viewStateUrl, type ViewSchema } from './url-state';

/** Where a view reads and writes its URL; the browser binding is `browserUrl` in app-url.ts. */
export interface UrlAccess {
	read(): URL;
	/** Replace the current history entry (no navigation, no new entry). */
	replace(url: URL): void;
}

/**
 * A view's state, read from the query string once and written back with replaceState on
 * every change. `current` is replaced whole on each update, so readers re-render once.
 */
export class ViewState<S> {
	current = $state.raw<S>() as S;
	readonly #schema: ViewSchema<S>;
	readonly #url: UrlAccess;

	constructor(schema: ViewSchema<S>, url: UrlAccess) {
		this.#schema = schema;
		this.#url = url;
		this.current = decodeViewState(schema, url.read().searchParams);
	}

	update(patch: Partial<S>): void {
		this.current = { ...this.current, ...patch };
		const now = this.#url.read();
		const next = viewStateUrl(this.#schema, this.current, now);
		if (next.href !== now.href) this.#url.replace(next);
	}

	/** The shareable link for the current state. */
	href(): string {
		return viewStateUrl(this.#schema, this.current, this.#url.read()).href;
	}
}

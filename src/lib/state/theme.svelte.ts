import { resolveTheme, themeStorageKey, type ThemeName } from './theme';

function readStored(): string | null {
	try {
		return globalThis.localStorage?.getItem(themeStorageKey) ?? null;
	} catch {
		// Storage can be blocked (privacy settings); the theme then lasts for the session only.
		return null;
	}
}

function prefersLight(): boolean {
	return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ?? false;
}

/** The colour theme. Charts read `name` to pick their palette; the shell applies it to <html>. */
export class Theme {
	name = $state<ThemeName>(resolveTheme(readStored(), prefersLight()));

	constructor() {
		this.apply();
	}

	set(name: ThemeName): void {
		this.name = name;
		try {
			globalThis.localStorage?.setItem(themeStorageKey, name);
		} catch {
			// not persisted when storage is blocked; the choice still applies now
		}
		this.apply();
	}

	toggle = (): void => this.set(this.name === 'dark' ? 'light' : 'dark');

	private apply(): void {
		if (globalThis.document) document.documentElement.dataset.theme = this.name;
	}
}

export const theme = new Theme();

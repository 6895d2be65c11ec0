/** Colour themes; `data-theme` on <html> selects the custom-property set in the shell's CSS. */
export type ThemeName = 'dark' | 'light';
export const themeNames: readonly ThemeName[] = ['dark', 'light'];
export const themeStorageKey = 'meridian.theme';

export function isThemeName(value: unknown): value is ThemeName {
	return value === 'dark' || value === 'light';
}

/**
 * A stored choice wins; the first visit follows `prefers-color-scheme`; dark when the
 * browser states no preference (an APM lives on NOC screens).
 */
export function resolveTheme(stored: string | null | undefined, prefersLight: boolean): ThemeName {
	if (isThemeName(stored)) return stored;
	return prefersLight ? 'light' : 'dark';
}

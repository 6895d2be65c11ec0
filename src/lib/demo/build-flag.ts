/**
 * True in the offline demo build (`npm run build:demo`, MERIDIAN_DEMO_BUILD=1): vite's
 * `define` replaces the identifier at build time. Undefined elsewhere (unit tests).
 */
declare const __MERIDIAN_DEMO_BUILD__: boolean | undefined;

export const isDemoBuild: boolean = typeof __MERIDIAN_DEMO_BUILD__ !== 'undefined' && __MERIDIAN_DEMO_BUILD__ === true;

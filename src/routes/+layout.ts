// Single-page app: everything renders in the browser, data comes from IndexedDB and workers.
export const ssr = false;
// Each static route is written as an empty HTML shell with RELATIVE asset paths, so the
// build (and the offline demo build) works from any sub-path of any static host. 'auto'
// lets a route that cannot be prerendered (a dynamic parameter) fall to 404.html, the
// absolute-path fallback (svelte.config.js), without failing the build.
export const prerender = 'auto';
// `/settings/` is written as settings/index.html: every static server maps a directory to
// its index.html, few map `/settings` to settings.html.
export const trailingSlash = 'always';

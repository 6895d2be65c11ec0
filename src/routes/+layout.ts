// Single-page app: everything renders in the browser, data comes from IndexedDB and workers.
export const ssr = false;
export const prerender = false;

import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// The demo build is the same app, written to its own folder, starting in demo mode
// without probing for a relay (a static host has none).
const demoBuild = process.env.MERIDIAN_DEMO_BUILD === '1';
const outDir = demoBuild ? 'build-demo' : 'build';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: outDir, assets: outDir, fallback: 'index.html', precompress: false }),
		// relative asset paths so the demo folder works under any sub-path of a static host
		paths: { relative: true }
	}
};

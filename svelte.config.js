import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// The demo build is the same app, written to its own folder, starting in demo mode
// without probing for a relay (a static host has none).
const demoBuild = process.env.MERIDIAN_DEMO_BUILD === '1';
// MERIDIAN_BUILD_DIR / MERIDIAN_KIT_DIR let concurrent builds (tests, benchmarks) use their own folders.
const outDir = process.env.MERIDIAN_BUILD_DIR ?? (demoBuild ? 'build-demo' : 'build');
const kitDir = process.env.MERIDIAN_KIT_DIR ?? '.svelte-kit';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		outDir: kitDir,
		// Routes are prerendered as empty shells with relative paths (index.html,
		// settings/index.html; see src/routes/+layout.ts). The fallback, for any other path,
		// uses absolute paths; servers answer unknown paths with it (GitHub-Pages-style
		// hosts do so by name). It must not be called index.html: it would overwrite the
		// prerendered root page.
		adapter: adapter({ pages: outDir, assets: outDir, fallback: '404.html', precompress: false }),
		// relative asset paths so the demo folder works under any sub-path of a static host
		paths: { relative: true }
	}
};

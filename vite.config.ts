import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Relay addresses for `vite dev`: the dev server proxies the relay's API so the app talks to
// one origin, exactly as it does when the relay serves the built app.
const relayUrl = process.env.MERIDIAN_RELAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
	plugins: [sveltekit()],
	// The offline demo build starts in demo mode without probing for a relay (src/lib/demo/build-flag.ts).
	define: { __MERIDIAN_DEMO_BUILD__: JSON.stringify(process.env.MERIDIAN_DEMO_BUILD === '1') },
	server: {
		fs: { allow: ['workers'] },
		proxy: { '/api': { target: relayUrl, changeOrigin: false } }
	},
	worker: { format: 'es' },
	build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'workers/**/*.test.ts'],
					environment: 'node',
					sequence: { groupOrder: 0 }
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.ts', 'test/eval/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					sequence: { groupOrder: 0 }
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.spec.ts'],
					environment: 'node',
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 300_000,
					fileParallelism: false,
					// after unit and integration: the browser tests run the demo bank in real time and
					// must not share two cores with CPU-bound suites (the evaluations, the relay flood)
					sequence: { groupOrder: 1 }
				}
			}
		]
	}
});

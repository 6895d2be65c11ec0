import { execFileSync } from 'node:child_process';
import { demoBuildDir } from '../support/builds';

/**
 * Builds the app (served by the relay) and the offline demo build (served by a plain static
 * server) once per run, so every browser test sees the code of this checkout.
 * MERIDIAN_E2E_SKIP_BUILD=1 reuses existing builds while iterating on tests;
 * MERIDIAN_BUILD_DIR / MERIDIAN_DEMO_BUILD_DIR choose the folders (test/support/builds.ts).
 */
export default function setup(): void {
	if (process.env.MERIDIAN_E2E_SKIP_BUILD === '1') return;
	const vite = 'node_modules/.bin/vite';
	execFileSync(vite, ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
	execFileSync(vite, ['build', '--logLevel', 'warn'], {
		stdio: 'inherit',
		env: { ...process.env, MERIDIAN_DEMO_BUILD: '1', MERIDIAN_BUILD_DIR: demoBuildDir }
	});
}

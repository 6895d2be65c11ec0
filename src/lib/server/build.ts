/**
 * Build-if-needed for `npm start`: the app is rebuilt when build/index.html is missing or
 * older than the newest source file (src/, workers/, static/ and the build configuration;
 * unit tests excluded, they do not change the app).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const sourceRoots = ['src', 'workers', 'static'];
const configFiles = ['svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtimeMs(path: string): number {
	let info;
	try {
		info = statSync(path);
	} catch {
		return 0;
	}
	if (!info.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : info.mtimeMs;
	let newest = 0;
	for (const name of readdirSync(path)) {
		if (name === 'node_modules' || name.startsWith('.')) continue;
		newest = Math.max(newest, newestMtimeMs(join(path, name)));
	}
	return newest;
}

/** Why the app needs building, or undefined when build/ is current. */
export function buildReason(rootDir: string, buildDir: string): string | undefined {
	const index = join(rootDir, buildDir, 'index.html');
	if (!existsSync(index)) return `${join(buildDir, 'index.html')} is missing`;
	const builtMs = statSync(index).mtimeMs;
	const sourceMs = Math.max(
		...sourceRoots.map((d) => newestMtimeMs(join(rootDir, d))),
		...configFiles.map((f) => newestMtimeMs(join(rootDir, f)))
	);
	return sourceMs > builtMs ? 'sources changed since the last build' : undefined;
}

/** Runs `vite build` into `buildDir`, its output going to this process's terminal. */
export function runBuild(rootDir: string, buildDir: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(join(rootDir, 'node_modules', '.bin', 'vite'), ['build'], {
			cwd: rootDir,
			env: { ...process.env, MERIDIAN_BUILD_DIR: buildDir },
			// stdout of the build goes to stderr so ours carries only the address lines tools parse
			stdio: ['ignore', process.stderr, 'inherit']
		});
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with code ${code}`))));
	});
}

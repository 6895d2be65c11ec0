/**
 * `npm test`: every suite, one summary line. Runs the type check (svelte-check, counted as
 * one test), then vitest's unit, integration and end-to-end projects, and prints
 * `N passed, N failed` summed over all of them. Exits non-zero on any failure, including a
 * test file that failed to load (counted as one failure).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

interface VitestJson {
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests: number;
	testResults: { name: string; status: string; message?: string; assertionResults: unknown[] }[];
}

const bin = (name: string) => `node_modules/.bin/${name}`;
const projects = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let passed = 0;
let failed = 0;

function run(command: string, args: string[]): number {
	const result = spawnSync(command, args, { stdio: 'inherit' });
	return result.status ?? 1;
}

if (!process.argv.includes('--no-check')) {
	console.log('\n== type check (svelte-check) ==');
	run(bin('svelte-kit'), ['sync']);
	const status = run(bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--threshold', 'error']);
	if (status === 0) passed += 1;
	else failed += 1;
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const projectArgs = (projects.length ? projects : ['unit', 'integration', 'e2e']).flatMap((p) => [
	'--project',
	p
]);
console.log(`\n== vitest (${projectArgs.filter((_, i) => i % 2).join(', ')}) ==`);
const vitestStatus = run(bin('vitest'), [
	'run',
	...projectArgs,
	'--reporter=default',
	'--reporter=json',
	`--outputFile.json=${report}`
]);

try {
	const json = JSON.parse(readFileSync(report, 'utf8')) as VitestJson;
	passed += json.numPassedTests;
	failed += json.numFailedTests;
	// A file that fails to import reports no assertions: count it, or it would pass silently.
	for (const file of json.testResults) {
		if (file.status === 'failed' && file.assertionResults.length === 0) {
			failed += 1;
			console.log(`failed to load: ${file.name}\n${file.message ?? ''}`);
		}
	}
	if (vitestStatus !== 0 && json.numFailedTests === 0 && failed === 0) failed += 1;
} catch (error) {
	console.log(`vitest wrote no report (${(error as Error).message})`);
	failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

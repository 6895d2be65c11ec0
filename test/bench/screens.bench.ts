/**
 * Screens in headless Chromium, through the app's own workers, clients and components:
 * - transaction path: a 100,000-span trace stored in IndexedDB (100 chunks) opened to the
 *   waterfall's first painted rows (worker read + tree + self time + critical path + row
 *   columns, transfer, Waterfall component, one animation frame); target ≤ 1 s. Baseline:
 *   merely reading the same trace's spans from IndexedDB on the page.
 * - scatter: 1,000,000 transactions held by the scatter worker, one redraw of an hour on a
 *   1,200 × 400 px canvas (bin, paint RGBA, transfer, putImageData); target ≤ 50 ms.
 *   Baseline: the same points drawn with one fillRect each on the page.
 * The page (test/bench/screens-page) is built with vite into build-bench-screens/ and
 * served by a Node server on 127.0.0.1 (free port), stopped at the end.
 * Run: `npx tsx test/bench/screens.bench.ts` or `npm run bench -- screens`.
 * Needs /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../support/static-server';
import { printResults } from './median-timing';
import type { BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const outDir = join(root, 'build-bench-screens');
const traceSpans = 100_000;
const scatterPoints = 1_000_000;

export async function run(): Promise<BenchResult[]> {
	await build({
		root: join(here, 'screens-page'),
		configFile: false,
		logLevel: 'warn',
		plugins: [svelte()],
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		worker: { format: 'es' },
		cacheDir: join(root, 'node_modules/.vite-bench-screens'),
		build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 }
	});
	const server = await serveStatic(outDir);
	const url = server.url + '/';
	const profile = mkdtempSync(join(tmpdir(), 'meridian-bench-'));
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		viewport: { width: 1400, height: 900 },
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
	try {
		const page = await browser.newPage();
		await page.goto(url);
		await page.waitForSelector('body[data-ready="true"]');
		type Bench = Record<string, (options: unknown) => Promise<unknown>>;
		const call = <T>(name: string, options: unknown) =>
			page.evaluate(([n, o]) => (globalThis as unknown as { meridianBench: Bench }).meridianBench[n as string](o), [name, options] as const) as Promise<T>;

		const traceId = await call<string>('prepareTrace', { spanCount: traceSpans });
		const opens: number[] = [];
		const reads: number[] = [];
		let rows = 0;
		// alternate candidate and baseline, three of each; the median of each is reported
		for (let i = 0; i < 4; i++) {
			const open = await call<{ ms: number; rows: number }>('openTrace', { traceId });
			const read = await call<{ ms: number; spans: number }>('readTrace', { traceId });
			if (read.spans !== traceSpans) throw new Error(`read ${read.spans} spans, stored ${traceSpans}`);
			if (i === 0) continue;
			opens.push(open.ms);
			reads.push(read.ms);
			rows = open.rows;
		}
		const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
		const openMs = median(opens);
		const readMs = median(reads);

		const held = await call<number>('prepareScatter', { count: scatterPoints });
		if (held !== scatterPoints) throw new Error(`the scatter holds ${held} of ${scatterPoints} points`);
		const linear = await call<{ ms: number; inView: number }>('redraw', { runs: 11, yScale: 'linear' });
		const log = await call<{ ms: number; inView: number }>('redraw', { runs: 11, yScale: 'log' });
		const naive = await call<{ ms: number }>('naiveRedraw', { runs: 3 });

		return [
			{
				name: 'open a 100,000-span trace: first paint of the waterfall',
				value: openMs,
				unit: 'ms',
				baseline: readMs,
				baselineName: 'reading its spans from IndexedDB on the page, nothing else',
				ratio: openMs / readMs,
				target: 1000,
				better: 'lower',
				note: `median of 3; ${rows} rows in the DOM of ${traceSpans.toLocaleString('en')} spans`
			},
			{
				name: 'scatter redraw, 1,000,000 points (worker bin + paint, transfer, putImageData)',
				value: linear.ms,
				unit: 'ms',
				baseline: naive.ms,
				baselineName: 'one fillRect per point on the page',
				ratio: linear.ms / naive.ms,
				target: 50,
				better: 'lower',
				note: `median of 11; ${linear.inView.toLocaleString('en')} points in view`
			},
			{ name: 'same, log duration axis', value: log.ms, unit: 'ms', target: 50, better: 'lower' }
		];
	} finally {
		await browser.close();
		await server.close();
		rmSync(profile, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());

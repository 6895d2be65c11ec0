/**
 * `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line,
 * e.g. `npm run bench -- relay layout`) one after another and prints each figure with its
 * same-run baseline, ratio and target. `--json` prints one JSON object instead.
 * Benchmarks print figures; they never fail on timing. A benchmark that throws is
 * reported and makes the exit status non-zero.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const wanted = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(here)
	.filter((f) => f.endsWith('.bench.ts'))
	.filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
	.sort();

const format = (n: number | undefined) =>
	n === undefined ? '' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3);

function meetsTarget(r: BenchResult): string {
	if (r.target === undefined) return '';
	const good = r.better === 'lower' ? r.value <= r.target : r.value >= r.target;
	return good ? 'yes' : 'NO';
}

const all: Record<string, BenchResult[]> = {};
let errors = 0;
for (const file of files) {
	const name = file.replace(/\.bench\.ts$/, '');
	if (!json) console.log(`\n== ${name} ==`);
	try {
		const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
		const results = await mod.run();
		all[name] = results;
		if (!json) {
			console.table(
				results.map((r) => ({
					figure: r.name,
					value: `${format(r.value)} ${r.unit}`,
					baseline: r.baseline === undefined ? '' : `${format(r.baseline)} ${r.unit} (${r.baselineName ?? 'baseline'})`,
					ratio: r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
					target: r.target === undefined ? '' : `${r.better === 'lower' ? '≤' : '≥'} ${format(r.target)} ${r.unit}`,
					met: meetsTarget(r)
				}))
			);
		}
	} catch (error) {
		errors += 1;
		console.error(`benchmark ${name} failed: ${(error as Error).stack ?? error}`);
	}
}
if (json) console.log(JSON.stringify(all, null, 2));
process.exit(errors > 0 ? 1 : 0);

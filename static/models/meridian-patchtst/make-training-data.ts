/**
 * Writes the training corpus for train.py: `series.f32` (all series concatenated, float32
 * little-endian) and `series.json` (name, offset, length per series).
 *
 *   npx tsx static/models/meridian-patchtst/make-training-data.ts OUT_DIR [NAB_DIR]
 *
 * Corpus: 300 simulator-like series (test/eval/synthetic-series.ts, seeds 1000-1299; the
 * evaluation uses seeds 1-20), 150 series of the demo bank's load function (src/lib/sim
 * loadSeries, Poisson seeds 1000-1149, 28 days from start dates spread over 2026, load
 * 0.2-2.1; the evaluation uses Poisson seeds 1-20), and the FIRST HALF of every NAB
 * realAWSCloudwatch series (the forecasting evaluation only forecasts points in the second
 * half, so no evaluated point was seen in training).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { syntheticLoadSeries } from '../../../test/eval/synthetic-series';
import { loadNab } from '../../../test/eval/nab-data';
import { loadSeries } from '../../../src/lib/sim/index';

const out = resolve(process.argv[2] ?? 'build-training');
const nabDir = resolve(process.argv[3] ?? '../shared/data/nab');
mkdirSync(out, { recursive: true });
const series: { name: string; values: number[] }[] = [];
for (let seed = 1000; seed < 1300; seed++) series.push(syntheticLoadSeries(seed));
for (let seed = 1000; seed < 1150; seed++) {
	const startMs = Date.UTC(2026, 0, 1) + ((seed * 7) % 330) * 86_400_000 + (seed % 12) * 3_600_000;
	const load = 0.2 + (seed % 9) * 0.2375;
	series.push({ name: `demo-bank-load-${seed}`, values: Array.from(loadSeries({ startMs, stepMs: 300_000, count: 28 * 288, load, seed })) });
}
for (const f of loadNab(nabDir, ['realAWSCloudwatch'])) {
	series.push({ name: f.key + '#first-half', values: f.values.slice(0, Math.floor(f.values.length / 2)) });
}
const total = series.reduce((s, x) => s + x.values.length, 0);
const data = new Float32Array(total);
const index: { name: string; offset: number; length: number }[] = [];
let offset = 0;
for (const s of series) {
	data.set(s.values, offset);
	index.push({ name: s.name, offset, length: s.values.length });
	offset += s.values.length;
}
writeFileSync(join(out, 'series.f32'), Buffer.from(data.buffer));
writeFileSync(join(out, 'series.json'), JSON.stringify(index));
console.log(`${series.length} series, ${total} values -> ${out}`);

/** Reads the NAB subset layout: <dir>/<category>/<file>.csv plus combined_windows.json and profiles.json. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CostProfile } from './nab-score';

export interface NabFile {
	key: string;
	category: string;
	timesMs: number[];
	values: number[];
	/** Inclusive row ranges of the labelled anomaly windows. */
	windows: [number, number][];
}

/** NAB timestamps are `YYYY-MM-DD HH:MM:SS[.ffffff]`, read as UTC. */
export function parseNabTime(text: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
	if (!m) throw new Error(`NAB timestamp not understood: "${text}"`);
	return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

export function readNabCsv(text: string): { timesMs: number[]; values: number[] } {
	const timesMs: number[] = [];
	const values: number[] = [];
	const lines = text.split(/\r?\n/);
	for (let i = 1; i < lines.length; i++) {
		const line = lines[i];
		if (!line) continue;
		const comma = line.indexOf(',');
		timesMs.push(parseNabTime(line.slice(0, comma)));
		values.push(Number(line.slice(comma + 1)));
	}
	return { timesMs, values };
}

export function loadNab(dir: string, categories?: readonly string[]): NabFile[] {
	const windowsByKey = JSON.parse(readFileSync(join(dir, 'combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
	const files: NabFile[] = [];
	const wanted = categories ?? readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort();
	for (const category of wanted) {
		for (const name of readdirSync(join(dir, category)).filter((f) => f.endsWith('.csv')).sort()) {
			const key = `${category}/${name}`;
			const { timesMs, values } = readNabCsv(readFileSync(join(dir, category, name), 'utf8'));
			const windows: [number, number][] = [];
			for (const [startText, endText] of windowsByKey[key] ?? []) {
				const startMs = parseNabTime(startText);
				const endMs = parseNabTime(endText);
				let first = -1;
				let last = -1;
				for (let r = 0; r < timesMs.length; r++) {
					if (timesMs[r] >= startMs && timesMs[r] <= endMs) {
						if (first < 0) first = r;
						last = r;
					}
				}
				if (first >= 0) windows.push([first, last]);
			}
			files.push({ key, category, timesMs, values, windows });
		}
	}
	return files;
}

export function loadProfiles(dir: string): Record<string, CostProfile> {
	const raw = JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')) as Record<string, { CostMatrix: CostProfile }>;
	const out: Record<string, CostProfile> = {};
	for (const [name, p] of Object.entries(raw)) {
		out[name] = { tpWeight: p.CostMatrix.tpWeight, fpWeight: p.CostMatrix.fpWeight, fnWeight: p.CostMatrix.fnWeight };
	}
	return out;
}

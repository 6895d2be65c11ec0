/**
 * Reads the PetShop RCA layout: <dir>/<traffic>/graph.csv (adjacency matrix, row = caller),
 * <traffic>/noissue/metrics.csv and <traffic>/{train,test}/issue_N/{metrics.csv,target.json}.
 * metrics.csv has four header rows (microservice, metric, statistic, unix_timestamp) and one
 * row per 5-minute timestamp; empty cells are missing points (NaN).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface MetricTable {
	timesSec: number[];
	/** Key `node|metric|statistic` -> values aligned with timesSec. */
	columns: Map<string, number[]>;
}

export interface PetShopIssue {
	id: string;
	traffic: string;
	split: string;
	metrics: MetricTable;
	targetNode: string;
	targetMetric: string;
	targetTimeSec: number;
	rootCause: string;
}

export interface PetShopSet {
	traffic: string;
	nodes: string[];
	edges: [string, string][];
	normal: MetricTable;
	issues: PetShopIssue[];
}

function splitCsvLine(line: string): string[] {
	// PetShop names hold no quotes or commas inside quotes; a plain split is exact here.
	return line.split(',');
}

export function readMetricTable(text: string): MetricTable {
	const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
	const nodes = splitCsvLine(lines[0]);
	const metrics = splitCsvLine(lines[1]);
	const stats = splitCsvLine(lines[2]);
	const keys = nodes.map((n, i) => `${n}|${metrics[i]}|${stats[i]}`);
	const columns = new Map<string, number[]>();
	for (let c = 1; c < keys.length; c++) columns.set(keys[c], []);
	const timesSec: number[] = [];
	for (let r = 4; r < lines.length; r++) {
		const cells = splitCsvLine(lines[r]);
		timesSec.push(Number(cells[0]));
		for (let c = 1; c < keys.length; c++) {
			const cell = cells[c];
			columns.get(keys[c])!.push(cell === undefined || cell === '' ? NaN : Number(cell));
		}
	}
	return { timesSec, columns };
}

export function readGraph(text: string): { nodes: string[]; edges: [string, string][] } {
	const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
	const nodes = splitCsvLine(lines[0]).slice(1);
	const edges: [string, string][] = [];
	for (let r = 1; r < lines.length; r++) {
		const cells = splitCsvLine(lines[r]);
		const caller = cells[0];
		for (let c = 1; c < cells.length; c++) if (Number(cells[c]) !== 0) edges.push([caller, nodes[c - 1]]);
	}
	return { nodes, edges };
}

export function loadPetShop(dir: string): PetShopSet[] {
	const sets: PetShopSet[] = [];
	for (const traffic of ['low_traffic', 'high_traffic']) {
		const base = join(dir, traffic);
		if (!existsSync(base)) continue;
		const { nodes, edges } = readGraph(readFileSync(join(base, 'graph.csv'), 'utf8'));
		const normal = readMetricTable(readFileSync(join(base, 'noissue', 'metrics.csv'), 'utf8'));
		const issues: PetShopIssue[] = [];
		for (const split of ['train', 'test']) {
			const splitDir = join(base, split);
			if (!existsSync(splitDir)) continue;
			const ids = readdirSync(splitDir).filter((d) => d.startsWith('issue_')).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
			for (const id of ids) {
				const target = JSON.parse(readFileSync(join(splitDir, id, 'target.json'), 'utf8'));
				issues.push({
					id: `${traffic}/${split}/${id}`,
					traffic,
					split,
					metrics: readMetricTable(readFileSync(join(splitDir, id, 'metrics.csv'), 'utf8')),
					targetNode: target.target.node,
					targetMetric: target.target.metric,
					targetTimeSec: target.target.timestamp,
					rootCause: target.root_cause.node
				});
			}
		}
		sets.push({ traffic, nodes, edges, normal, issues });
	}
	return sets;
}

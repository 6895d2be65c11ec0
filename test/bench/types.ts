/**
 * One printed benchmark figure. `baseline` is measured in the same run on the same input
 * (never a remembered number), so `ratio` = value / baseline survives a noisy machine.
 * `target` is the goal in the same unit, with `better` saying which way is good.
 */
export interface BenchResult {
	name: string;
	value: number;
	unit: string;
	baseline?: number;
	baselineName?: string;
	ratio?: number;
	target?: number;
	better?: 'higher' | 'lower';
	note?: string;
}

export type BenchModule = { run(): Promise<BenchResult[]> };

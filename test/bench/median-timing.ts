/** Median wall time of `runs` calls after `warmup` unmeasured ones (JIT), in milliseconds. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 5, warmup = 1): Promise<number> {
	for (let i = 0; i < warmup; i++) await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

/** Prints a benchmark's figures when its file is run directly (`npx tsx test/bench/x.bench.ts`). */
export function printResults(results: { name: string; value: number; unit: string; baseline?: number; ratio?: number; target?: number; note?: string }[]): void {
	for (const r of results) {
		const extra = [
			r.baseline === undefined ? '' : `baseline ${r.baseline.toFixed(1)} ${r.unit}`,
			r.ratio === undefined ? '' : `ratio ${r.ratio.toFixed(2)}`,
			r.target === undefined ? '' : `target ${r.target} ${r.unit}`,
			r.note ?? ''
		].filter(Boolean);
		console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}${extra.length ? `  (${extra.join(', ')})` : ''}`);
	}
}

/** Seeded generators for property-style tests and benchmarks (deterministic per seed). */

/** mulberry32: a small 32-bit PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function normal(random: () => number): number {
	const u = 1 - random();
	const v = random();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Named latency-like distributions, values in milliseconds. */
export const distributions: Record<string, (random: () => number) => number> = {
	uniform: (r) => 1 + r() * 999,
	exponential: (r) => -Math.log(1 - r()) * 40,
	lognormal: (r) => Math.exp(3 + 1.2 * normal(r)),
	pareto: (r) => 5 / Math.pow(1 - r(), 1 / 1.5),
	bimodal: (r) => (r() < 0.9 ? 8 + 2 * normal(r) ** 2 : 800 + 300 * r()),
	tiny: (r) => 0.001 + r() * 0.01
};

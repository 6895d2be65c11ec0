/** k-means with k-means++ seeding (seeded PRNG) and the mean silhouette for choosing k. */
import { seededRandom } from './stats';

export function sqDistance(a: readonly number[], b: readonly number[]): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
	return s;
}

export interface KMeansResult {
	k: number;
	assignment: number[];
	centroids: number[][];
	inertia: number;
}

export function kMeans(points: readonly number[][], k: number, seed = 1, restarts = 5, iterations = 50): KMeansResult {
	if (points.length === 0 || k < 1) return { k: 0, assignment: [], centroids: [], inertia: 0 };
	const kk = Math.min(k, points.length);
	const rand = seededRandom(seed);
	let best: KMeansResult | null = null;
	for (let r = 0; r < restarts; r++) {
		const centroids: number[][] = [points[Math.floor(rand() * points.length)].slice()];
		while (centroids.length < kk) {
			const d = points.map((p) => Math.min(...centroids.map((c) => sqDistance(p, c))));
			const total = d.reduce((a, b) => a + b, 0);
			let pick = rand() * total;
			let idx = 0;
			while (idx < d.length - 1 && pick > d[idx]) pick -= d[idx++];
			centroids.push(points[total > 0 ? idx : centroids.length % points.length].slice());
		}
		const assignment = new Array<number>(points.length).fill(0);
		for (let it = 0; it < iterations; it++) {
			let changed = false;
			points.forEach((p, i) => {
				let bi = 0;
				let bd = Infinity;
				centroids.forEach((c, ci) => {
					const dd = sqDistance(p, c);
					if (dd < bd) {
						bd = dd;
						bi = ci;
					}
				});
				if (assignment[i] !== bi || it === 0) {
					changed = changed || assignment[i] !== bi;
					assignment[i] = bi;
				}
			});
			for (let c = 0; c < kk; c++) {
				const members = points.filter((_, i) => assignment[i] === c);
				if (members.length === 0) continue;
				centroids[c] = members[0].map((_, j) => members.reduce((s, m) => s + m[j], 0) / members.length);
			}
			if (!changed && it > 0) break;
		}
		const inertia = points.reduce((s, p, i) => s + sqDistance(p, centroids[assignment[i]]), 0);
		if (!best || inertia < best.inertia) best = { k: kk, assignment: assignment.slice(), centroids: centroids.map((c) => c.slice()), inertia };
	}
	return best!;
}

/** Mean silhouette in [-1, 1] (Euclidean); singletons count 0, as in Rousseeuw's definition. */
export function silhouette(points: readonly number[][], assignment: readonly number[]): number {
	const n = points.length;
	const k = Math.max(...assignment) + 1;
	if (n < 2 || k < 2) return 0;
	let total = 0;
	for (let i = 0; i < n; i++) {
		const sums = new Array<number>(k).fill(0);
		const counts = new Array<number>(k).fill(0);
		for (let j = 0; j < n; j++) {
			if (i === j) continue;
			sums[assignment[j]] += Math.sqrt(sqDistance(points[i], points[j]));
			counts[assignment[j]]++;
		}
		const own = assignment[i];
		if (counts[own] === 0) continue;
		const a = sums[own] / counts[own];
		let b = Infinity;
		for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
		if (!Number.isFinite(b)) continue;
		total += (b - a) / Math.max(a, b, 1e-12);
	}
	return total / n;
}

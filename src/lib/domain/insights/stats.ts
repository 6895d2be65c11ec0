/**
 * Small numeric helpers shared by the insight algorithms. Inputs are plain number arrays;
 * NaN marks a missing point and every helper here skips it unless it says otherwise.
 */

export function finite(values: ArrayLike<number>): number[] {
	const out: number[] = [];
	for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
	return out;
}

export function mean(values: ArrayLike<number>): number {
	let sum = 0;
	let n = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (Number.isFinite(v)) {
			sum += v;
			n++;
		}
	}
	return n === 0 ? NaN : sum / n;
}

/** Sample standard deviation (n - 1); NaN below two finite points. */
export function std(values: ArrayLike<number>): number {
	const m = mean(values);
	let ss = 0;
	let n = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (Number.isFinite(v)) {
			ss += (v - m) * (v - m);
			n++;
		}
	}
	return n < 2 ? NaN : Math.sqrt(ss / (n - 1));
}

/** Linear-interpolated quantile, q in [0, 1]. */
export function quantile(values: ArrayLike<number>, q: number): number {
	const sorted = finite(values).sort((a, b) => a - b);
	return quantileSorted(sorted, q);
}

export function quantileSorted(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const pos = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
	return quantile(values, 0.5);
}

/** Median absolute deviation scaled by 1.4826 so it estimates sigma for normal data. */
export function mad(values: ArrayLike<number>): number {
	const m = median(values);
	const dev = finite(values).map((v) => Math.abs(v - m));
	return 1.4826 * median(dev);
}

/** Abramowitz-Stegun 7.1.26 erf; absolute error below 1.5e-7. */
export function erf(x: number): number {
	const sign = x < 0 ? -1 : 1;
	const ax = Math.abs(x);
	const t = 1 / (1 + 0.3275911 * ax);
	const y =
		1 -
		((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
			t *
			Math.exp(-ax * ax);
	return sign * y;
}

export function normalCdf(z: number): number {
	return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** Upper tail Q(z) = 1 - Phi(z), accurate in the far tail where 1 - normalCdf underflows. */
export function normalTail(z: number): number {
	if (z < 5) return 1 - normalCdf(z);
	// Mills ratio asymptotic expansion; relative error < 1% for z >= 5.
	return (Math.exp(-0.5 * z * z) / (z * Math.sqrt(2 * Math.PI))) * (1 - 1 / (z * z));
}

/** Inverse normal CDF (Acklam); relative error below 1.2e-9 on (0, 1). */
export function normalQuantile(p: number): number {
	if (p <= 0) return -Infinity;
	if (p >= 1) return Infinity;
	const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
	const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
	const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
	const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
	const plow = 0.02425;
	if (p < plow) {
		const q = Math.sqrt(-2 * Math.log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	if (p > 1 - plow) return -normalQuantile(1 - p);
	const q = p - 0.5;
	const r = q * q;
	return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function logGamma(x: number): number {
	const g = [676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	x -= 1;
	let a = 0.9999999999998099;
	const t = x + 7.5;
	for (let i = 0; i < 8; i++) a += g[i] / (x + i + 1);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the regularised incomplete beta (Numerical Recipes betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
	const tiny = 1e-300;
	let c = 1;
	let d = 1 - ((a + b) * x) / (a + 1);
	if (Math.abs(d) < tiny) d = tiny;
	d = 1 / d;
	let h = d;
	for (let m = 1; m <= 200; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 3e-14) break;
	}
	return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
	if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
	return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(F > f) for an F distribution with (d1, d2) degrees of freedom. */
export function fTestPValue(f: number, d1: number, d2: number): number {
	if (!(f > 0) || d1 <= 0 || d2 <= 0) return 1;
	return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/** Pearson correlation over the pairs where both values are finite; 0 when undefined. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
	const n = Math.min(x.length, y.length);
	let sx = 0;
	let sy = 0;
	let k = 0;
	for (let i = 0; i < n; i++) {
		if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
			sx += x[i];
			sy += y[i];
			k++;
		}
	}
	if (k < 3) return 0;
	const mx = sx / k;
	const my = sy / k;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
			const dx = x[i] - mx;
			const dy = y[i] - my;
			sxy += dx * dy;
			sxx += dx * dx;
			syy += dy * dy;
		}
	}
	if (sxx === 0 || syy === 0) return 0;
	return sxy / Math.sqrt(sxx * syy);
}

/**
 * Ordinary least squares by normal equations with Gaussian elimination (partial pivoting).
 * `rows` are the design rows (include a 1 for an intercept). Returns null when singular.
 */
export function leastSquares(rows: readonly number[][], y: readonly number[]): { coef: number[]; rss: number } | null {
	const p = rows[0]?.length ?? 0;
	if (p === 0 || rows.length < p) return null;
	const a: number[][] = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r];
		for (let i = 0; i < p; i++) {
			a[i][p] += row[i] * y[r];
			for (let j = i; j < p; j++) a[i][j] += row[i] * row[j];
		}
	}
	for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) a[i][j] = a[j][i];
	// Ridge of 1e-9 x trace keeps nearly collinear designs solvable without changing fits noticeably.
	let trace = 0;
	for (let i = 0; i < p; i++) trace += a[i][i];
	for (let i = 0; i < p; i++) a[i][i] += 1e-9 * (trace / p + 1e-12);
	for (let col = 0; col < p; col++) {
		let pivot = col;
		for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
		if (Math.abs(a[pivot][col]) < 1e-300) return null;
		[a[col], a[pivot]] = [a[pivot], a[col]];
		for (let r = 0; r < p; r++) {
			if (r === col) continue;
			const f = a[r][col] / a[col][col];
			if (f === 0) continue;
			for (let c = col; c <= p; c++) a[r][c] -= f * a[col][c];
		}
	}
	const coef = a.map((row, i) => row[p] / row[i]);
	let rss = 0;
	for (let r = 0; r < rows.length; r++) {
		let fit = 0;
		for (let i = 0; i < p; i++) fit += rows[r][i] * coef[i];
		rss += (y[r] - fit) ** 2;
	}
	return { coef, rss };
}

/** Deterministic PRNG (mulberry32) so every randomised algorithm is reproducible from a seed. */
export function seededRandom(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

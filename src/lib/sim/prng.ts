/**
 * Seeded pseudo-random numbers for the simulator: sfc32 (Small Fast Counter, 128-bit state,
 * period ≥ 2^32) seeded through splitmix32. Deterministic across engines: only 32-bit integer
 * arithmetic and one division per draw.
 *
 * Independent concerns draw from independent streams (`new Prng(seed, 'traffic')`), so that
 * adding a draw in one concern does not shift every other concern's sequence.
 */

/** FNV-1a 32-bit hash of a string; stable stream labels and digest ids. */
export function fnv1a32(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

function splitmix32(state: number): [number, number] {
	const next = (state + 0x9e3779b9) | 0;
	let z = next;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return [next, (z ^ (z >>> 16)) >>> 0];
}

const HEX = '0123456789abcdef';
/** Kubernetes' SafeEncodeString alphabet: pod and replica-set suffixes use it. */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class Prng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number, stream = '') {
		let s = (Math.trunc(seed) ^ fnv1a32(stream)) | 0;
		const words: number[] = [];
		for (let i = 0; i < 4; i++) {
			const [next, out] = splitmix32(s);
			s = next;
			words.push(out);
		}
		[this.a, this.b, this.c, this.d] = words;
		// sfc32 needs a few rounds before its output is well mixed.
		for (let i = 0; i < 12; i++) this.uint32();
	}

	uint32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		return this.uint32() / 4294967296;
	}

	/** Uniform integer in [0, maxExclusive). */
	int(maxExclusive: number): number {
		return Math.floor(this.next() * maxExclusive);
	}

	range(lo: number, hi: number): number {
		return lo + (hi - lo) * this.next();
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	/** Standard normal (Box-Muller; one value per call keeps the state simple). */
	normal(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Log-normal with the given median; sigma is the standard deviation of ln(x). */
	logNormal(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.normal());
	}

	/** Poisson count. Knuth's method below mean 30, a rounded normal above (error < 1%). */
	poisson(mean: number): number {
		if (!(mean > 0)) return 0;
		if (mean < 30) {
			const limit = Math.exp(-mean);
			let k = 0;
			let p = this.next();
			while (p > limit) {
				k++;
				p *= this.next();
			}
			return k;
		}
		return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	/** Index drawn with probability proportional to `weights[i]` (non-negative, sum > 0). */
	weightedIndex(weights: readonly number[]): number {
		let total = 0;
		for (const w of weights) total += w;
		let r = this.next() * total;
		for (let i = 0; i < weights.length; i++) {
			r -= weights[i];
			if (r < 0) return i;
		}
		return weights.length - 1;
	}

	/** `chars` lowercase hex digits, never all zero (OTLP treats all-zero ids as invalid). */
	hex(chars: number): string {
		let out = '';
		while (out.length < chars) out += HEX[this.uint32() & 15];
		if (/^0+$/.test(out)) out = out.slice(0, -1) + '1';
		return out;
	}

	/** Suffix in Kubernetes' pod-name alphabet. */
	k8sSuffix(chars: number): string {
		let out = '';
		for (let i = 0; i < chars; i++) out += K8S_ALPHABET[this.int(K8S_ALPHABET.length)];
		return out;
	}

	/** RFC 4122 version-4 UUID, as OpenTelemetry agents use for service.instance.id. */
	uuid(): string {
		const h = this.hex(32).split('');
		h[12] = '4';
		h[16] = HEX[(parseInt(h[16], 16) & 3) | 8];
		const s = h.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	}
}

import type { Attrs } from '../../protocol/records';

const utf8 = new TextEncoder();

/**
 * FNV-1a 64 over UTF-8 bytes, as 16 lowercase hex digits. Computed in four 16-bit limbs so
 * every intermediate stays below 2^31 (no BigInt on the hot path).
 * Offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3.
 */
export function fnv1a64(text: string): string {
	const bytes = utf8.encode(text);
	let h0 = 0x2325;
	let h1 = 0x8422;
	let h2 = 0x9ce4;
	let h3 = 0xcbf2;
	for (let i = 0; i < bytes.length; i++) {
		h0 ^= bytes[i];
		const t0 = h0 * 0x1b3;
		const t1 = h1 * 0x1b3 + (t0 >>> 16);
		const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
		const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
		h0 = t0 & 0xffff;
		h1 = t1 & 0xffff;
		h2 = t2 & 0xffff;
		h3 = t3 & 0xffff;
	}
	return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(n: number): string {
	return n.toString(16).padStart(4, '0');
}

/** Stable id of a resource: the hash of its kept attributes with keys sorted, values as JSON. */
export function resourceId(attrs: Attrs): string {
	const keys = Object.keys(attrs).sort();
	let canonical = '';
	for (const k of keys) canonical += `${JSON.stringify(k)}:${JSON.stringify(attrs[k])}\n`;
	return fnv1a64(canonical);
}

/**
 * Byte ↔ text conversions for ids (lowercase hex, as OTLP/JSON and the records use) and
 * bytes values (base64, as the OTLP/JSON mapping uses). No platform APIs, so the same code
 * runs in Node, workers and edge runtimes.
 */

const hexByte: string[] = [];
for (let i = 0; i < 256; i++) hexByte.push(i.toString(16).padStart(2, '0'));

const hexDigitCodes = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
/** Reused for ids (≤ 16 bytes): one string allocation per id instead of one per byte. */
const idCodes: number[][] = Array.from({ length: 17 }, (_, n) => new Array<number>(2 * n).fill(48));

export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
	const n = end - start;
	if (n <= 16) {
		const codes = idCodes[n];
		for (let i = 0; i < n; i++) {
			const b = bytes[start + i];
			codes[2 * i] = hexDigitCodes[b >> 4];
			codes[2 * i + 1] = hexDigitCodes[b & 15];
		}
		return String.fromCharCode.apply(null, codes);
	}
	let out = '';
	for (let i = start; i < end; i++) out += hexByte[bytes[i]];
	return out;
}

const hexValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) hexValue[48 + i] = i;
for (let i = 0; i < 6; i++) {
	hexValue[65 + i] = 10 + i;
	hexValue[97 + i] = 10 + i;
}

/** `true` when `text` is an even-length string of hex digits (either case). */
export function isHex(text: string): boolean {
	if (text.length % 2 !== 0) return false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 128 || hexValue[c] < 0) return false;
	}
	return true;
}

/** Throws on odd length or a non-hex digit; callers validate with `isHex` first. */
export function hexToBytes(text: string): Uint8Array {
	if (!isHex(text)) throw new Error(`not a hex string: ${text.slice(0, 40)}`);
	const out = new Uint8Array(text.length / 2);
	for (let i = 0; i < out.length; i++) {
		out[i] = (hexValue[text.charCodeAt(2 * i)] << 4) | hexValue[text.charCodeAt(2 * i + 1)];
	}
	return out;
}

/** True for '' and for ids made only of zeros, which OTLP defines as invalid. */
export function isZeroOrEmptyHex(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 48) return false;
	return true;
}

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64Value = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) b64Value[b64.charCodeAt(i)] = i;
// URL-safe alphabet accepted on input too.
b64Value[45] = 62;
b64Value[95] = 63;

export function bytesToBase64(bytes: Uint8Array, start = 0, end = bytes.length): string {
	let out = '';
	let i = start;
	for (; i + 2 < end; i += 3) {
		const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
		out += b64[n >> 18] + b64[(n >> 12) & 63] + b64[(n >> 6) & 63] + b64[n & 63];
	}
	const rest = end - i;
	if (rest === 1) {
		const n = bytes[i] << 16;
		out += b64[n >> 18] + b64[(n >> 12) & 63] + '==';
	} else if (rest === 2) {
		const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
		out += b64[n >> 18] + b64[(n >> 12) & 63] + b64[(n >> 6) & 63] + '=';
	}
	return out;
}

/** Returns `undefined` for text that is not base64 (standard or URL-safe, padding optional). */
export function base64ToBytes(text: string): Uint8Array | undefined {
	let end = text.length;
	while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
	if (text.length - end > 2 || end % 4 === 1) return undefined;
	const out = new Uint8Array(Math.floor((end * 3) / 4));
	let bits = 0;
	let acc = 0;
	let o = 0;
	for (let i = 0; i < end; i++) {
		const c = text.charCodeAt(i);
		const v = c < 128 ? b64Value[c] : -1;
		if (v < 0) return undefined;
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 0xff;
		}
	}
	return out;
}

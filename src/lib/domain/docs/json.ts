/**
 * JSON values of document fields: a canonical text form (object keys sorted) so equal
 * values compare equal on every replica, and a checker for untrusted values.
 */
import type { Json } from '../../protocol/sync';

/** Nesting bound for field values, so a hostile document cannot recurse without end. */
export const maxJsonDepth = 32;

/** Canonical JSON: object keys sorted, no whitespace; the same value gives the same text everywhere. */
export function canonicalJson(value: Json): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value);
	if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
	const keys = Object.keys(value).sort();
	return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(value[k])).join(',') + '}';
}

/**
 * Why `value` is not a plain JSON value (undefined when it is): non-finite numbers,
 * undefined, functions, class instances, typed arrays, cycles and nesting past maxJsonDepth
 * are refused.
 */
export function jsonProblem(value: unknown, depth = 0): string | undefined {
	if (depth > maxJsonDepth) return `nests deeper than ${maxJsonDepth} levels`;
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
	if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'holds a number that is not finite';
	if (Array.isArray(value)) {
		for (const item of value) {
			const problem = jsonProblem(item, depth + 1);
			if (problem) return problem;
		}
		return undefined;
	}
	if (typeof value === 'object') {
		const proto = Object.getPrototypeOf(value);
		if (proto !== Object.prototype && proto !== null) return 'holds an object that is not plain JSON';
		for (const item of Object.values(value as Record<string, unknown>)) {
			const problem = jsonProblem(item, depth + 1);
			if (problem) return problem;
		}
		return undefined;
	}
	return `holds a ${typeof value}, which JSON cannot carry`;
}

export function isJsonObject(value: unknown): value is { [key: string]: Json } {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-16 length of the canonical text: a cheap, deterministic size measure. */
export function jsonSize(value: Json): number {
	return canonicalJson(value).length;
}

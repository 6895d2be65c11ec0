/**
 * Attribute policy: which OTLP attributes become record attributes, and how values are
 * flattened and bounded (records.ts describes the flattened value shapes).
 *
 * Kept: every key except the explicit drop list below. Keys under the semantic-convention
 * namespaces (service.*, deployment.*, k8s.*, cloud.*, host.*, http.*, url.*, db.*,
 * messaging.*, server.*, peer.service, error.type, code.*, rpc.*, network.*,
 * process.runtime.*, os.*, container.*, aws.*, faas.*, telemetry.sdk.*, exception.*,
 * client.*, user_agent.*) and business keys (biz.*) have priority when an item has more
 * than `maxAttributes`; other keys (custom business keys without the biz. prefix) fill the
 * remaining room in their original order.
 *
 * Dropped: keys that carry credentials or whole environments, which must not fan out to
 * every viewer's browser (command lines, environment variables, auth and cookie headers,
 * connection strings), empty keys and keys longer than `maxKeyChars`.
 *
 * Bounds (defaults): strings 4,096 UTF-16 units, arrays 128 items, 128 attributes per item.
 * Everything cut is counted in AttrStats so the relay can report it.
 */
import type { AttrValue, Attrs } from '../../protocol/records';
import type { AnyValue, KeyValue } from './types';

export interface AttributeLimits {
	maxStringChars: number;
	maxArrayItems: number;
	maxAttributes: number;
	maxKeyChars: number;
}

export const defaultAttributeLimits: AttributeLimits = {
	maxStringChars: 4096,
	maxArrayItems: 128,
	maxAttributes: 128,
	maxKeyChars: 256
};

/** Counts of what the policy and the bounds removed; accumulated across a request. */
export interface AttrStats {
	/** String values or arrays shortened to their bound. */
	truncatedValues: number;
	/** Attributes removed: drop list, over `maxAttributes`, bad keys. */
	droppedAttributes: number;
}

export const priorityPrefixes = [
	'service.',
	'deployment.',
	'k8s.',
	'cloud.',
	'host.',
	'http.',
	'url.',
	'db.',
	'messaging.',
	'server.',
	'code.',
	'rpc.',
	'network.',
	'process.runtime.',
	'os.',
	'container.',
	'aws.',
	'faas.',
	'telemetry.sdk.',
	'exception.',
	'client.',
	'user_agent.',
	'biz.'
] as const;
const priorityKeys = new Set(['peer.service', 'error.type']);

export const droppedKeys: ReadonlySet<string> = new Set([
	'process.command_line',
	'process.command_args',
	'db.connection_string',
	'http.request.header.authorization',
	'http.request.header.proxy-authorization',
	'http.request.header.cookie',
	'http.request.header.x-api-key',
	'http.request.header.x-auth-token',
	'http.response.header.set-cookie'
]);
export const droppedPrefixes = ['process.environment_variable.'] as const;

export function isDroppedKey(key: string): boolean {
	return (classify(key) & dropBit) !== 0;
}

export function isPriorityKey(key: string): boolean {
	return (classify(key) & priorityBit) !== 0;
}

const dropBit = 1;
const priorityBit = 2;
/** Keys repeat on every item: their classification is cached (bounded: cleared at 8,192 keys). */
const keyClasses = new Map<string, number>();

function classify(key: string): number {
	let bits = keyClasses.get(key);
	if (bits !== undefined) return bits;
	bits = 0;
	const lower = key.toLowerCase();
	if (droppedKeys.has(lower)) bits |= dropBit;
	for (const p of droppedPrefixes) if (lower.startsWith(p)) bits |= dropBit;
	if (priorityKeys.has(key)) bits |= priorityBit;
	for (const p of priorityPrefixes) if (key.startsWith(p)) bits |= priorityBit;
	if (keyClasses.size >= 8192) keyClasses.clear();
	keyClasses.set(key, bits);
	return bits;
}

/** OTLP attributes → record attributes, applying the policy and bounds above. */
export function flattenAttributes(
	kvs: KeyValue[] | undefined,
	stats: AttrStats,
	limits: AttributeLimits = defaultAttributeLimits
): Attrs {
	const out: Attrs = {};
	if (!kvs || kvs.length === 0) return out;
	const overCap = kvs.length > limits.maxAttributes;
	if (!overCap) {
		// fast path: fewer attributes than the cap, so no counting is needed
		for (let i = 0; i < kvs.length; i++) {
			const kv = kvs[i];
			const key = kv.key;
			if (!key || key.length > limits.maxKeyChars || (classify(key) & dropBit) !== 0) {
				stats.droppedAttributes++;
				continue;
			}
			const v = flattenValue(kv.value, stats, limits);
			if (v === undefined) continue;
			if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
			else out[key] = v;
		}
		return out;
	}
	let deferred: KeyValue[] | undefined;
	let count = 0;
	for (let i = 0; i < kvs.length; i++) {
		const kv = kvs[i];
		const key = kv.key;
		if (!key || key.length > limits.maxKeyChars || isDroppedKey(key)) {
			stats.droppedAttributes++;
			continue;
		}
		if (!isPriorityKey(key)) {
			(deferred ??= []).push(kv);
			continue;
		}
		count = put(out, key, kv.value, count, stats, limits);
	}
	if (deferred) for (const kv of deferred) count = put(out, kv.key, kv.value, count, stats, limits);
	return out;
}

function put(
	out: Attrs,
	key: string,
	value: AnyValue | undefined,
	count: number,
	stats: AttrStats,
	limits: AttributeLimits
): number {
	const fresh = !Object.prototype.hasOwnProperty.call(out, key);
	if (fresh && count >= limits.maxAttributes) {
		stats.droppedAttributes++;
		return count;
	}
	const v = flattenValue(value, stats, limits);
	if (v === undefined) return count;
	if (key === '__proto__') {
		Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
	} else out[key] = v;
	return fresh ? count + 1 : count;
}

/** AnyValue → AttrValue; `undefined` for an empty AnyValue. */
export function flattenValue(
	value: AnyValue | undefined,
	stats: AttrStats,
	limits: AttributeLimits = defaultAttributeLimits
): AttrValue | undefined {
	if (!value) return undefined;
	if (value.stringValue !== undefined) return boundString(value.stringValue, stats, limits);
	if (value.intValue !== undefined) return Number(value.intValue);
	if (value.doubleValue !== undefined) return finiteOrText(value.doubleValue);
	if (value.boolValue !== undefined) return value.boolValue;
	if (value.arrayValue !== undefined) return flattenArray(value.arrayValue.values ?? [], stats, limits);
	if (value.kvlistValue !== undefined) {
		return boundString(JSON.stringify(toPlain(value, limits.maxArrayItems)), stats, limits);
	}
	if (value.bytesValue !== undefined) return boundString(value.bytesValue, stats, limits);
	return undefined;
}

/** Non-finite doubles cannot travel in JSON; they are kept as their names. */
function finiteOrText(n: number): number | string {
	return Number.isFinite(n) ? n : String(n);
}

function boundString(s: string, stats: AttrStats, limits: AttributeLimits): string {
	if (s.length <= limits.maxStringChars) return s;
	stats.truncatedValues++;
	return s.slice(0, limits.maxStringChars);
}

function flattenArray(values: AnyValue[], stats: AttrStats, limits: AttributeLimits): AttrValue {
	let items = values;
	if (items.length > limits.maxArrayItems) {
		stats.truncatedValues++;
		items = items.slice(0, limits.maxArrayItems);
	}
	// Homogeneous scalar arrays stay arrays; anything else becomes a JSON string.
	const kind = scalarKind(items[0]);
	let homogeneous = kind !== undefined;
	for (let i = 1; homogeneous && i < items.length; i++) homogeneous = scalarKind(items[i]) === kind;
	if (items.length === 0) return [] as string[];
	if (!homogeneous) return boundString(JSON.stringify(items.map((v) => toPlain(v, limits.maxArrayItems))), stats, limits);
	if (kind === 'string') return items.map((v) => boundString(v.stringValue!, stats, limits));
	if (kind === 'bool') return items.map((v) => v.boolValue!);
	return items.map((v) => {
		const n = v.intValue !== undefined ? Number(v.intValue) : v.doubleValue!;
		return Number.isFinite(n) ? n : 0;
	});
}

function scalarKind(v: AnyValue | undefined): 'string' | 'number' | 'bool' | undefined {
	if (!v) return undefined;
	if (v.stringValue !== undefined) return 'string';
	if (v.intValue !== undefined || v.doubleValue !== undefined) return 'number';
	if (v.boolValue !== undefined) return 'bool';
	return undefined;
}

/** AnyValue → plain JSON value (for key-value lists and mixed arrays, and log bodies). */
export function toPlain(v: AnyValue | undefined, maxItems: number): unknown {
	if (!v) return null;
	if (v.stringValue !== undefined) return v.stringValue;
	if (v.intValue !== undefined) return Number(v.intValue);
	if (v.doubleValue !== undefined) return finiteOrText(v.doubleValue);
	if (v.boolValue !== undefined) return v.boolValue;
	if (v.bytesValue !== undefined) return v.bytesValue;
	if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).slice(0, maxItems).map((x) => toPlain(x, maxItems));
	if (v.kvlistValue !== undefined) {
		const o: Record<string, unknown> = {};
		for (const kv of (v.kvlistValue.values ?? []).slice(0, maxItems)) {
			if (kv.key === '__proto__') continue;
			o[kv.key] = toPlain(kv.value, maxItems);
		}
		return o;
	}
	return null;
}

/**
 * View state kept in the query string, so a link reopens what someone saw.
 *
 * A view declares a schema: one codec per query parameter. Decoding never throws: a missing,
 * malformed or out-of-range parameter yields the codec's fallback. Encoding omits values
 * equal to the fallback (short links) and keeps parameters the schema does not own
 * (`?demo`, other views' state).
 */

export interface ParamCodec<T> {
	/** Value when the parameter is absent or unreadable. */
	readonly fallback: T;
	/** All values of the parameter, in order; `undefined` means unreadable. */
	parse(values: readonly string[]): T | undefined;
	/** Values to write; an empty array omits the parameter. */
	format(value: T): string[];
}

export type ViewSchema<S> = { readonly [K in keyof S]: ParamCodec<S[K]> };

/** Upper bounds so a hand-edited URL cannot blow up a view. */
const maxStringLength = 200;
const maxListItems = 50;

export const param = {
	string(fallback = '', maxLength = maxStringLength): ParamCodec<string> {
		return {
			fallback,
			parse: (values) => (values[0] === undefined ? undefined : values[0].slice(0, maxLength)),
			format: (value) => (value === fallback ? [] : [value])
		};
	},

	oneOf<const V extends string>(values: readonly V[], fallback: V): ParamCodec<V> {
		return {
			fallback,
			parse: (raw) => (values as readonly string[]).includes(raw[0] ?? '') ? (raw[0] as V) : undefined,
			format: (value) => (value === fallback ? [] : [value])
		};
	},

	int(fallback: number, bounds: { min?: number; max?: number } = {}): ParamCodec<number> {
		const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
		const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
		return {
			fallback,
			parse: (raw) => {
				if (raw[0] === undefined || !/^-?\d{1,16}$/.test(raw[0])) return undefined;
				const value = Number(raw[0]);
				return value >= min && value <= max ? value : undefined;
			},
			format: (value) => (value === fallback ? [] : [String(Math.trunc(value))])
		};
	},

	/** `?flag` or `?flag=1` is true, `?flag=0` false. */
	bool(fallback = false): ParamCodec<boolean> {
		return {
			fallback,
			parse: (raw) => {
				if (raw[0] === undefined) return undefined;
				if (raw[0] === '' || raw[0] === '1' || raw[0] === 'true') return true;
				if (raw[0] === '0' || raw[0] === 'false') return false;
				return undefined;
			},
			format: (value) => (value === fallback ? [] : [value ? '1' : '0'])
		};
	},

	/** A repeated parameter (`?service=a&service=b`): values may contain any character. */
	list(maxItems = maxListItems): ParamCodec<string[]> {
		return {
			fallback: [],
			parse: (raw) =>
				raw.length === 0
					? undefined
					: [...new Set(raw.filter((v) => v !== '').map((v) => v.slice(0, maxStringLength)))].slice(
							0,
							maxItems
						),
			format: (value) => value.slice(0, maxItems)
		};
	}
} as const;

export function decodeViewState<S>(schema: ViewSchema<S>, search: URLSearchParams): S {
	const state = {} as S;
	for (const key of Object.keys(schema) as (keyof S & string)[]) {
		const codec = schema[key];
		const values = search.getAll(key);
		state[key] = values.length === 0 ? codec.fallback : (codec.parse(values) ?? codec.fallback);
	}
	return state;
}

/** A new parameter set: `base` minus the schema's keys, plus the state's non-default values. */
export function encodeViewState<S>(
	schema: ViewSchema<S>,
	state: S,
	base: URLSearchParams = new URLSearchParams()
): URLSearchParams {
	const out = new URLSearchParams();
	for (const [key, value] of base) if (!(key in schema)) out.append(key, value);
	for (const key of Object.keys(schema) as (keyof S & string)[]) {
		for (const value of schema[key].format(state[key])) out.append(key, value);
	}
	return out;
}

/** The URL to put in the address bar: same path and hash, query rewritten for `state`. */
export function viewStateUrl<S>(schema: ViewSchema<S>, state: S, current: URL): URL {
	const next = new URL(current.href);
	next.search = encodeViewState(schema, state, current.searchParams).toString();
	return next;
}

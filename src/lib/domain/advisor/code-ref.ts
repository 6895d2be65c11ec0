/**
 * Names of code units in call records and spans: `Class`, `Class.method`, `pkg.Class.method`,
 * `Class#method` or `Class::method`.
 *
 * A dotted name is split at its last dot only when the last segment looks like a method
 * (Java and C# convention: starts with a lower-case letter, `_`, `$` or `<`, as in `<init>`)
 * or carries a parameter list; `com.acme.Account` stays a class. `Outer$Inner` and
 * `KeyBlock::KeyBlockIterator` (upper-case after `::`) stay whole classes.
 */

export interface CodeRef {
	className: string;
	/** Absent when the record names the class only. */
	method?: string;
}

/** Caller names that stand for the entry into the application (Mono2Micro writes `Root`). */
const rootNames = new Set(['', 'root', '$root$', '<root>', '(root)', '-']);

export function isRootName(name: string): boolean {
	return rootNames.has(name.trim().toLowerCase());
}

const methodStart = /^[a-z_$<]/;

export function parseCodeRef(text: string): CodeRef | null {
	const name = text.trim();
	if (isRootName(name)) return null;
	for (const separator of ['#', '::']) {
		const at = name.lastIndexOf(separator);
		if (at > 0 && at < name.length - separator.length) {
			const method = name.slice(at + separator.length);
			if (separator === '#' || methodStart.test(method)) {
				return { className: name.slice(0, at), method };
			}
		}
	}
	const paren = name.indexOf('(');
	const head = paren > 0 ? name.slice(0, paren) : name;
	const dot = head.lastIndexOf('.');
	if (dot > 0 && dot < head.length - 1) {
		const last = head.slice(dot + 1);
		if (paren > 0 || methodStart.test(last)) {
			return { className: head.slice(0, dot), method: last };
		}
	}
	return { className: head };
}

/** `Class.method` for display; the class alone when there is no method. */
export function formatCodeRef(ref: CodeRef): string {
	return ref.method ? `${ref.className}.${ref.method}` : ref.className;
}

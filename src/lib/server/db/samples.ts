/**
 * Statement texts the collector has seen, by digest: what EXPLAIN may plan. A sample with
 * literal values (from a slow statement or a session) beats a digest text with placeholders.
 * Bounded: at most `maxEntries` digests, the least recently offered dropped first.
 */
import { hasPlaceholders, redactSecrets } from '../../domain/db/statement';

export interface StatementSample {
	digest: string;
	text: string;
	namespace?: string;
	/** True when `text` still has placeholders. */
	generic: boolean;
}

export const MAX_SAMPLES = 2_000;

export class SampleStore {
	private readonly entries = new Map<string, StatementSample>();

	constructor(private readonly maxEntries = MAX_SAMPLES) {}

	offer(digest: string, text: string, namespace?: string): void {
		if (!text || !digest) return;
		const clean = redactSecrets(text);
		const sample: StatementSample = { digest, text: clean, namespace, generic: hasPlaceholders(clean) };
		const existing = this.entries.get(digest);
		if (existing && !existing.generic && sample.generic) {
			this.entries.delete(digest);
			this.entries.set(digest, existing);
			return;
		}
		this.entries.delete(digest);
		this.entries.set(digest, sample);
		if (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) this.entries.delete(oldest);
		}
	}

	get(digest: string): StatementSample | undefined {
		return this.entries.get(digest);
	}

	/** True when a literal sample is known (no need to look for one). */
	hasLiteral(digest: string): boolean {
		const entry = this.entries.get(digest);
		return entry !== undefined && !entry.generic;
	}

	get size(): number {
		return this.entries.size;
	}
}

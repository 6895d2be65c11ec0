/** Sink and lookups shared by the database collector tests and the benchmark. */
import type { DbRecords } from '../../../src/lib/domain/db/records';
import type { LogRecord, MetricPoint } from '../../../src/lib/protocol/records';

export class RecordingSink {
	readonly batches: DbRecords[] = [];
	readonly append = (records: DbRecords): void => {
		this.batches.push(records);
	};

	get last(): DbRecords {
		const batch = this.batches.at(-1);
		if (!batch) throw new Error('the collector has not delivered a batch yet');
		return batch;
	}

	/** Points named `name` from batches `fromBatch..` whose attributes include `attrs`. */
	points(name: string, attrs: Record<string, unknown> = {}, fromBatch = 0): MetricPoint[] {
		return this.batches
			.slice(fromBatch)
			.flatMap((b) => b.metrics)
			.filter((p) => p.name === name && Object.entries(attrs).every(([k, v]) => p.attrs[k] === v));
	}

	events(eventName: string, fromBatch = 0): (LogRecord & { parsed: any })[] {
		return this.batches
			.slice(fromBatch)
			.flatMap((b) => b.logs)
			.filter((l) => l.eventName === eventName)
			.map((l) => ({ ...l, parsed: JSON.parse(l.body) }));
	}
}

/** Polls `check` every 100 ms until it returns a value other than undefined/false. */
export async function waitUntil<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined && value !== false) return value as T;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

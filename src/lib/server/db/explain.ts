/**
 * EXPLAIN on demand for one collector: only digests it has seen, only data statements, at
 * most `MAX_CONCURRENT_EXPLAINS` at once, each on its own short-lived connection.
 */
import { checkExplainable } from '../../domain/db/statement';
import type { DbTarget } from './config';
import { SourceUnavailable, type DbDriver } from './poll';
import type { SampleStore } from './samples';

export const MAX_CONCURRENT_EXPLAINS = 2;

export interface ExplainOutcome {
	status: number;
	body: Record<string, unknown>;
}

/** Server refusals for missing privileges: MySQL error codes and PostgreSQL SQLSTATE 42501. */
const PERMISSION_CODES = new Set([
	'ER_TABLEACCESS_DENIED_ERROR',
	'ER_COLUMNACCESS_DENIED_ERROR',
	'ER_DBACCESS_DENIED_ERROR',
	'ER_SPECIFIC_ACCESS_DENIED_ERROR',
	'42501'
]);

export interface ExplainDeps {
	target: DbTarget;
	driver: DbDriver;
	samples: SampleStore;
	/** Shared by one collector's requests. */
	slots: { inFlight: number };
	scrub(error: unknown): string;
	remember(source: string, message: string): void;
}

export async function explainDigest(deps: ExplainDeps, digest: string): Promise<ExplainOutcome> {
	const sample = deps.samples.get(digest);
	const base = { db: deps.target.label, system: deps.target.system, digest };
	if (!sample) {
		return { status: 404, body: { ...base, error: 'This digest has not been seen by the collector of this database.' } };
	}
	const check = checkExplainable(sample.text);
	if (!check.ok) return { status: 422, body: { ...base, error: check.reason } };
	if (deps.slots.inFlight >= MAX_CONCURRENT_EXPLAINS) {
		return { status: 429, body: { ...base, error: 'Too many plans requested at once; try again in a moment.' } };
	}
	deps.slots.inFlight++;
	try {
		const result = await deps.driver.explain(deps.target, {
			statement: check.sql,
			namespace: sample.namespace,
			generic: sample.generic
		});
		return { status: 200, body: { ...base, namespace: sample.namespace, ...result } };
	} catch (error) {
		const message = deps.scrub(error);
		deps.remember('explain', message);
		if (PERMISSION_CODES.has(String((error as { code?: unknown })?.code))) {
			return {
				status: 403,
				body: {
					...base,
					error: message,
					hint: "EXPLAIN needs the statement's own privileges (UPDATE for an UPDATE, ...); grant them to the collector's account. The statement is planned, never run."
				}
			};
		}
		const status = error instanceof SourceUnavailable ? 409 : 502;
		return {
			status,
			body: { ...base, error: message, ...(error instanceof SourceUnavailable ? { hint: error.hint } : {}) }
		};
	} finally {
		deps.slots.inFlight--;
	}
}

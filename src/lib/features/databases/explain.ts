/**
 * EXPLAIN on demand through the relay (`GET /api/db/explain?db=<label>&digest=<digest>`, see
 * src/lib/server/db/README.md): the request, the answer mapped to what the page says, and a
 * plan outline (node, relation, cost or rows) read from PostgreSQL's and MySQL's JSON plans.
 */
import type { MessageKey } from '$lib/i18n/catalogue';

export type ExplainOutcome =
	| { kind: 'plan'; statement: string; generic: boolean; namespace: string; plan: unknown; outline: PlanNode[] }
	| { kind: 'problem'; messageKey: MessageKey; detail: string; hint: string };

export interface PlanNode {
	depth: number;
	/** `Seq Scan`, `Index Scan`, `ALL`, `ref`, ... */
	operation: string;
	/** Table, index or alias. */
	target: string;
	/** Estimated rows (PostgreSQL `Plan Rows`, MySQL `rows_examined_per_scan`). */
	rows: number | null;
	/** PostgreSQL total cost, MySQL `query_cost` where given. */
	cost: number | null;
}

const statusKeys: Record<number, MessageKey> = {
	400: 'databases.explain.bad',
	401: 'databases.explain.unauthorized',
	403: 'databases.explain.forbidden',
	404: 'databases.explain.unknown',
	409: 'databases.explain.noSample',
	422: 'databases.explain.notData',
	429: 'databases.explain.busy',
	502: 'databases.explain.refused'
};

export function explainUrl(relayUrl: string, label: string, digest: string): string {
	const query = new URLSearchParams({ db: label, digest });
	return `${relayUrl}/api/db/explain?${query}`;
}

function str(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** Never throws: network failures and unreadable answers become problems too. */
export async function requestExplain(options: {
	fetch: typeof fetch;
	relayUrl: string;
	viewToken: string;
	label: string;
	digest: string;
}): Promise<ExplainOutcome> {
	let response: Response;
	try {
		response = await options.fetch(explainUrl(options.relayUrl, options.label, options.digest), {
			headers: options.viewToken ? { authorization: `Bearer ${options.viewToken}` } : {}
		});
	} catch (error) {
		return { kind: 'problem', messageKey: 'databases.explain.unreachable', detail: error instanceof Error ? error.message : String(error), hint: '' };
	}
	let body: Record<string, unknown> = {};
	try {
		const parsed: unknown = await response.json();
		if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
	} catch {
		// an answer without JSON (a proxy's error page) is reported by its status alone
	}
	if (response.status === 200 && 'plan' in body) {
		return {
			kind: 'plan',
			statement: str(body.statement),
			generic: body.generic === true,
			namespace: str(body.namespace),
			plan: body.plan,
			outline: planOutline(body.plan)
		};
	}
	// a 404 listing the relay's databases without this one: nothing collects it (a simulated
	// database of the demo bank, or a collector configured on another relay)
	const collected = Array.isArray(body.databases) ? (body.databases as unknown[]).includes(options.label) : true;
	return {
		kind: 'problem',
		messageKey: response.status === 404 && !collected ? 'databases.explain.notCollected' : (statusKeys[response.status] ?? 'databases.explain.failed'),
		detail: str(body.error) || `HTTP ${response.status}`,
		hint: str(body.hint)
	};
}

const maxOutlineNodes = 200;

function num(value: unknown): number | null {
	const n = typeof value === 'string' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/**
 * PostgreSQL (`[{ Plan: { "Node Type", "Relation Name", "Total Cost", "Plan Rows", Plans } }]`)
 * and MySQL / MariaDB (`{ query_block: { table: { table_name, access_type, key, rows... } } }`
 * with nested blocks) as one indented list; unknown shapes give an empty outline (the page
 * still shows the raw plan).
 */
export function planOutline(plan: unknown): PlanNode[] {
	const out: PlanNode[] = [];
	const walk = (value: unknown, depth: number): void => {
		if (out.length >= maxOutlineNodes || value === null || typeof value !== 'object') return;
		if (Array.isArray(value)) {
			for (const item of value) walk(item, depth);
			return;
		}
		const o = value as Record<string, unknown>;
		if (typeof o['Node Type'] === 'string') {
			out.push({
				depth,
				operation: o['Node Type'] as string,
				target: str(o['Relation Name']) || str(o['Index Name']) || str(o['Alias']),
				rows: num(o['Plan Rows']),
				cost: num(o['Total Cost'])
			});
			walk(o.Plans, depth + 1);
			return;
		}
		if (typeof o.table_name === 'string') {
			out.push({
				depth,
				operation: str(o.access_type) || 'table',
				target: o.key ? `${o.table_name} (${str(o.key)})` : (o.table_name as string),
				rows: num(o.rows_examined_per_scan) ?? num(o.rows),
				cost: num((o.cost_info as Record<string, unknown> | undefined)?.read_cost)
			});
		}
		for (const [key, child] of Object.entries(o)) {
			if (key === 'Plan') walk(child, depth);
			else if (typeof child === 'object' && child !== null) walk(child, typeof o.table_name === 'string' ? depth + 1 : depth);
		}
	};
	walk(plan, 0);
	return out;
}

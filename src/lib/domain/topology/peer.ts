/**
 * What a span talks to, read from OpenTelemetry semantic-convention attributes. Shared by
 * the topology (node kinds) and the trace breakdown (tiers), so both name a database, a
 * queue or an external host the same way.
 *
 * Attribute precedence (current convention first, then the older name still emitted by
 * many SDKs):
 * - database: `db.system.name` | `db.system`, namespace `db.namespace` | `db.name`
 * - queue:    `messaging.destination.name` | `messaging.destination`, system `messaging.system`
 * - external: `peer.service` | `server.address` | `net.peer.name` | host of `url.full` | `http.host`
 */
import { SpanKind, type Attrs, type SpanRecord } from '../../protocol/records';

export type PeerKind = 'database' | 'queue' | 'external';

export interface Peer {
	kind: PeerKind;
	/** Stable node id: `db:<system>/<namespace>`, `queue:<system>/<destination>`, `ext:<host>`. */
	id: string;
	label: string;
	/** Database or messaging system (`mysql`, `postgresql`, `kafka`), when known. */
	system?: string;
}

/**
 * The role a span plays in the service graph.
 * - `server` / `consumer`: a request handled by the span's service (a service node's traffic).
 * - `database`: a call to a database (any non-server span with a database system).
 * - `producer`: a message sent to a queue (PRODUCER, or CLIENT with messaging attributes).
 * - `client`: an outgoing call that a SERVER span of another service may answer.
 * - `internal`: everything else.
 */
export type SpanRole = 'server' | 'consumer' | 'database' | 'producer' | 'client' | 'internal';

function text(attrs: Attrs, key: string): string | undefined {
	const value = attrs[key];
	if (typeof value === 'string') return value.length > 0 ? value : undefined;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

export function databaseSystemOf(attrs: Attrs): string | undefined {
	return text(attrs, 'db.system.name') ?? text(attrs, 'db.system');
}

export function messagingDestinationOf(attrs: Attrs): string | undefined {
	return text(attrs, 'messaging.destination.name') ?? text(attrs, 'messaging.destination');
}

export function spanRole(span: SpanRecord): SpanRole {
	const { kind, attrs } = span;
	if (kind === SpanKind.Server) return 'server';
	if (kind === SpanKind.Consumer) return 'consumer';
	if (databaseSystemOf(attrs) !== undefined) return 'database';
	if (kind === SpanKind.Producer) return 'producer';
	if (kind === SpanKind.Client) {
		if (text(attrs, 'messaging.system') !== undefined || messagingDestinationOf(attrs) !== undefined)
			return 'producer';
		return 'client';
	}
	return 'internal';
}

export function databasePeer(attrs: Attrs): Peer | undefined {
	const system = databaseSystemOf(attrs);
	if (system === undefined) return undefined;
	const namespace = text(attrs, 'db.namespace') ?? text(attrs, 'db.name') ?? '';
	return {
		kind: 'database',
		id: `db:${system}/${namespace}`,
		// a numeric namespace is a database index (Redis `0`): read as `redis/0`, not `0 (redis)`
		label: namespace === '' ? system : /^\d+$/.test(namespace) ? `${system}/${namespace}` : `${namespace} (${system})`,
		system
	};
}

/** A queue read from producer or consumer attributes; `undefined` without any messaging hint. */
export function queuePeer(attrs: Attrs): Peer | undefined {
	const destination = messagingDestinationOf(attrs);
	const system = text(attrs, 'messaging.system');
	if (destination === undefined && system === undefined) return undefined;
	const name = destination ?? '(unnamed)';
	return {
		kind: 'queue',
		id: `queue:${system ?? ''}/${name}`,
		label: system === undefined ? name : `${name} (${system})`,
		...(system === undefined ? {} : { system })
	};
}

const urlHost = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i;

/** The host an outgoing call went to; `(unknown)` when the span names none. */
export function externalPeer(attrs: Attrs): Peer {
	let host = text(attrs, 'peer.service') ?? text(attrs, 'server.address') ?? text(attrs, 'net.peer.name');
	if (host === undefined) {
		const url = text(attrs, 'url.full') ?? text(attrs, 'http.url');
		const match = url === undefined ? null : urlHost.exec(url);
		if (match && match[1]) host = match[1].toLowerCase();
	}
	host ??= text(attrs, 'http.host') ?? '(unknown)';
	return { kind: 'external', id: `ext:${host}`, label: host };
}

export function serviceNodeId(service: string): string {
	return `svc:${service}`;
}

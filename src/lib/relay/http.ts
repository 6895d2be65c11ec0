/** Small HTTP helpers shared by the relay's handlers: errors with a status, auth, CORS. */

/** A refusal with its HTTP status; handlers turn it into a response body in the request's encoding. */
export class HttpError extends Error {
	readonly status: number;
	readonly retryAfterSec?: number;
	constructor(status: number, message: string, retryAfterSec?: number) {
		super(message);
		this.name = 'HttpError';
		this.status = status;
		this.retryAfterSec = retryAfterSec;
	}
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }
	});
}

/** Compares secrets in time independent of where they first differ. */
export function sameSecret(given: string, expected: string): boolean {
	const n = Math.max(given.length, expected.length);
	let diff = given.length ^ expected.length;
	for (let i = 0; i < n; i++) diff |= (given.charCodeAt(i) | 0) ^ (expected.charCodeAt(i) | 0);
	return diff === 0;
}

export function bearerToken(req: Request): string | undefined {
	const header = req.headers.get('authorization');
	if (!header) return undefined;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	return match ? match[1] : undefined;
}

/**
 * CORS for the OTLP endpoints, so browser OpenTelemetry SDKs on any origin can send.
 * The /api endpoints get none: the app calls them from its own origin, and a page on
 * another origin must not read a loopback relay's telemetry.
 */
export function corsHeaders(req: Request): Record<string, string> {
	return {
		'access-control-allow-origin': req.headers.get('origin') ?? '*',
		vary: 'Origin',
		'access-control-expose-headers': 'Retry-After'
	};
}

export function preflight(req: Request): Response {
	return new Response(null, {
		status: 204,
		headers: {
			...corsHeaders(req),
			'access-control-allow-methods': 'POST, OPTIONS',
			'access-control-allow-headers':
				req.headers.get('access-control-request-headers') ?? 'content-type, content-encoding, authorization',
			'access-control-max-age': '86400'
		}
	});
}

const loopbackHosts = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|[a-z0-9.-]+\.localhost)(:\d+)?$/i;

/**
 * DNS-rebinding guard for a relay without tokens: a page on evil.example that re-points its
 * name at 127.0.0.1 still sends `Host: evil.example`, which a loopback-only relay refuses.
 */
export function isLoopbackHost(host: string | null): boolean {
	return host !== null && loopbackHosts.test(host);
}

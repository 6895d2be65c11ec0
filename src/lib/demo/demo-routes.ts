/**
 * Which requests the in-browser relay answers in demo mode: the relay's API and OTLP
 * paths on the app's own origin, at any base path. Everything else (the app's own files,
 * model files, other hosts) goes to the network unchanged.
 */
const relayPath = /\/(api\/(health|stream|sync)|v1\/(traces|metrics|logs))(\/[^?#]*)?$/;

export function isDemoRoute(url: string, appOrigin: string): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	return parsed.origin === appOrigin && relayPath.test(parsed.pathname);
}

/**
 * The URL the relay core routes on: the relay knows `/api/...` and `/v1/...` at the root,
 * so a base path in front (`/meridian/api/stream`) is dropped. Query and origin are kept.
 */
export function relayRequestUrl(url: string): string {
	const parsed = new URL(url);
	const start = parsed.pathname.search(/\/(api|v1)\//);
	if (start > 0) parsed.pathname = parsed.pathname.slice(start);
	return parsed.href;
}

/**
 * Serves the built app (adapter-static output) with SPA fallback: a GET for a path with no
 * file behind it and no file extension gets the fallback page (404.html, answered 200), so
 * client-side routes survive a reload. Prerendered route shells (index.html files) use
 * relative asset paths that are only right at their own path; the fallback uses absolute
 * ones, which is why it, not the root index.html, answers unknown paths. Files under `_app/immutable/` have content hashes in their names and are cached
 * for a year; everything else is revalidated on each load.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';

export const mimeTypes: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.map': 'application/json',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.txt': 'text/plain; charset=utf-8',
	'.onnx': 'application/octet-stream',
	'.bin': 'application/octet-stream'
};

export function createStaticHandler(rootDir: string): (req: Request) => Promise<Response> {
	const root = resolve(rootDir);

	async function fileResponse(path: string, method: string, status = 200): Promise<Response | undefined> {
		let info;
		try {
			info = await stat(path);
		} catch {
			return undefined;
		}
		if (!info.isFile()) return undefined;
		const relative = path.slice(root.length + 1).split(sep).join('/');
		const immutable = relative.startsWith('_app/immutable/');
		const headers = {
			'content-type': mimeTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
			'content-length': String(info.size),
			'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
			'last-modified': info.mtime.toUTCString(),
			'x-content-type-options': 'nosniff'
		};
		if (method === 'HEAD') return new Response(null, { status, headers });
		const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
		return new Response(body, { status, headers });
	}

	return async (req: Request): Promise<Response> => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
		}
		let pathname: string;
		try {
			pathname = decodeURIComponent(new URL(req.url).pathname);
		} catch {
			return new Response('Bad path', { status: 400 });
		}
		if (pathname.includes('\0')) return new Response('Bad path', { status: 400 });
		const target = normalize(join(root, pathname));
		if (target !== root && !target.startsWith(root + sep)) return new Response('Not found', { status: 404 });
		const direct = (await fileResponse(target, req.method)) ?? (await fileResponse(join(target, 'index.html'), req.method));
		if (direct) return direct;
		if (extname(pathname) === '') {
			const spa =
				(await fileResponse(join(root, '404.html'), req.method)) ??
				(await fileResponse(join(root, 'index.html'), req.method));
			if (spa) return spa;
			return new Response(
				'The app is not built yet: run `npm run build`, or start without --no-build.',
				{ status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } }
			);
		}
		return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	};
}

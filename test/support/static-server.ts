import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const types: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.wasm': 'application/wasm',
	'.onnx': 'application/octet-stream',
	'.png': 'image/png',
	'.webmanifest': 'application/manifest+json'
};

/**
 * The plainest static host: files only, no SPA fallback, no API. The offline demo build
 * must work behind a server like this. With `basePath` (e.g. `/tools/meridian`) the folder
 * is served under that sub-path only, as on a shared host; `url` then ends with it.
 */
export async function serveStatic(root: string, options: { basePath?: string } = {}): Promise<{ url: string; close(): Promise<void> }> {
	const base = (options.basePath ?? '').replace(/\/+$/, '');
	const server: Server = createServer((req, res) => {
		let requested = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (base) {
			if (requested === base) {
				// as static hosts do for a folder: relative asset paths need the trailing slash
				res.writeHead(301, { location: base + '/' }).end();
				return;
			}
			if (!requested.startsWith(base + '/')) {
				res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
				return;
			}
			requested = requested.slice(base.length) || '/';
		}
		const path = normalize(requested);
		let file = join(root, path);
		if (!file.startsWith(root)) {
			res.writeHead(403).end();
			return;
		}
		if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		if (!existsSync(file)) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			return;
		}
		res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
		createReadStream(file).pipe(res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}${base}`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

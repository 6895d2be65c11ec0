import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from './static-files';

let root: string;
let serve: (req: Request) => Promise<Response>;
beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'meridian-static-'));
	mkdirSync(join(root, '_app/immutable/chunks'), { recursive: true });
	writeFileSync(join(root, 'index.html'), '<!doctype html><title>Meridian</title>');
	writeFileSync(join(root, '404.html'), '<!doctype html><title>Meridian fallback</title>');
	writeFileSync(join(root, '_app/immutable/chunks/app.abc123.js'), 'export {}');
	writeFileSync(join(root, 'ort.wasm'), new Uint8Array([0, 97, 115, 109]));
	writeFileSync(join(root, 'icon.svg'), '<svg/>');
	writeFileSync(join(root, 'manifest.json'), '{}');
	serve = createStaticHandler(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const get = (path: string, method = 'GET') => serve(new Request(`http://localhost${path}`, { method }));

describe('static files', () => {
	it('serves files with their MIME types and cache policy', async () => {
		const js = await get('/_app/immutable/chunks/app.abc123.js');
		expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		expect(js.headers.get('cache-control')).toContain('immutable');
		expect(await js.text()).toBe('export {}');
		expect((await get('/ort.wasm')).headers.get('content-type')).toBe('application/wasm');
		expect((await get('/icon.svg')).headers.get('content-type')).toBe('image/svg+xml');
		const manifest = await get('/manifest.json');
		expect(manifest.headers.get('content-type')).toBe('application/json');
		expect(manifest.headers.get('cache-control')).toBe('no-cache');
	});

	it('falls back to the SPA fallback page for client-side routes but not for missing files', async () => {
		const route = await get('/live/services');
		expect(route.status).toBe(200);
		expect(await route.text()).toContain('<title>Meridian fallback</title>');
		expect(await (await get('/')).text()).toContain('<title>Meridian</title>');
		expect((await get('/missing.js')).status).toBe(404);
	});

	it('never serves outside its folder', async () => {
		expect((await get('/..%2f..%2fetc%2fpasswd.txt')).status).toBe(404);
		expect((await get('/%00')).status).toBe(400);
	});

	it('answers HEAD without a body and refuses other methods', async () => {
		const head = await get('/index.html', 'HEAD');
		expect(head.status).toBe(200);
		expect(head.headers.get('content-length')).toBe('38');
		expect(await head.text()).toBe('');
		expect((await get('/index.html', 'POST')).status).toBe(405);
	});
});

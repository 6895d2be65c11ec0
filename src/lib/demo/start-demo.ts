/**
 * The offline demo in the browser: a demo worker runs the simulator and the relay core;
 * msw's service worker intercepts the relay's endpoints (from this page AND from the ingest
 * worker: msw routes a worker's requests to its visible page client) and answers them by
 * calling the demo worker. Call before the data path starts, so its workers are created
 * under the service worker's control.
 */
import * as Comlink from 'comlink';
import { base } from '$app/paths';
import type { DemoApi } from '../../../workers/demo.worker';
import { isDemoRoute } from './demo-routes';
import { fromWireResponse, toWireRequest, transferablesOf } from './wire';

export interface RunningDemo {
	stop(): Promise<void>;
}

export async function startDemo(): Promise<RunningDemo> {
	const worker = new Worker(new URL('../../../workers/demo.worker.ts', import.meta.url), {
		type: 'module',
		name: 'meridian-demo'
	});
	const demo = Comlink.wrap<DemoApi>(worker);
	try {
		await demo.start({ seed: 1, nowMs: Date.now() });
		const [{ setupWorker }, { http }] = await Promise.all([import('msw/browser'), import('msw')]);
		const origin = location.origin;
		const msw = setupWorker(
			http.all(
				({ request }) => isDemoRoute(request.url, origin),
				async ({ request }) => {
					const wire = await toWireRequest(request);
					return fromWireResponse(await demo.handle(Comlink.transfer(wire, transferablesOf(wire))));
				}
			)
		);
		await msw.start({
			// relative to the app's base, so the demo works from any sub-path of a static host
			serviceWorker: { url: `${base}/mockServiceWorker.js`, options: { scope: `${base}/` } },
			onUnhandledRequest: 'bypass',
			quiet: true
		});
		return {
			async stop() {
				msw.stop();
				await demo.stop();
				worker.terminate();
			}
		};
	} catch (error) {
		worker.terminate();
		throw error;
	}
}

/**
 * Memory of a tab that stays open under load: the app, against the real relay, ingesting
 * 2,000 spans/s for MERIDIAN_BENCH_MEMORY_MIN minutes (default 30, as the issue asks).
 * Target: the tab's JS heap ≤ 250 MB. The tab's heap is its main thread's V8 heap plus the
 * heaps of its workers (ingest, rollup and any other), read over the DevTools protocol
 * (Runtime.getHeapUsage on every page and worker target) once a minute; printed peak, and
 * at the end after a forced GC. The baseline is the same tab idle (no traffic) at the start
 * of the same run.
 */
import type { CDPSession } from 'playwright-core';
import type { BenchResult } from './types';
import { encodeOtlpProtobuf } from '../../src/lib/domain/otlp/index';
import type { ExportTraceServiceRequest, KeyValue } from '../../src/lib/domain/otlp/types';
import { launchChromium } from '../support/chromium';
import { startRelay } from '../support/relay';

const spansPerSecond = 2_000;
const tickMs = 250;
const spansPerTrace = 10;
const services = ['gateway', 'accounts', 'transfer', 'lending', 'scoring', 'products', 'auth', 'notify'];

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: value } });
const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0').slice(-digits);

let traceCounter = 0;
/** One tick of synthetic traffic: traces of 10 spans across the services, realistic attributes. */
function trafficRequest(nowMs: number, traces: number): ExportTraceServiceRequest {
	const byService = new Map<string, NonNullable<ExportTraceServiceRequest['resourceSpans']>[number]>();
	for (let t = 0; t < traces; t++) {
		traceCounter++;
		const traceId = hex(traceCounter, 16) + hex(Math.floor(nowMs), 16);
		const rootStartMs = nowMs - 80;
		for (let s = 0; s < spansPerTrace; s++) {
			const service = services[s % services.length];
			let rs = byService.get(service);
			if (!rs) {
				rs = {
					resource: { attributes: [str('service.name', service), str('service.instance.id', `${service}-1`), str('k8s.namespace.name', 'bank')] },
					scopeSpans: [{ scope: { name: 'bench' }, spans: [] }]
				};
				byService.set(service, rs);
			}
			const startMs = rootStartMs + s * 5;
			rs.scopeSpans![0].spans!.push({
				traceId,
				spanId: hex(traceCounter * 16 + s + 1, 16),
				parentSpanId: s === 0 ? '' : hex(traceCounter * 16 + s, 16),
				name: s === 0 ? 'POST /transfers' : `call ${s}`,
				kind: s % 2 === 0 ? 2 : 3,
				startTimeUnixNano: startMs * 1e6,
				endTimeUnixNano: (startMs + 80 - s * 5) * 1e6,
				attributes: [
					str('http.request.method', 'POST'),
					str('http.route', '/transfers'),
					int('http.response.status_code', 200),
					str('url.path', `/transfers/${traceCounter}`),
					str('biz.transaction', 'account.transfer'),
					int('biz.amount_krw', 10_000 * (traceCounter % 100))
				],
				status: { code: 0 }
			});
		}
	}
	return { resourceSpans: [...byService.values()] };
}

/**
 * Used V8 heap of every page and worker target, through the browser session. Worker targets
 * are reached with Target.sendMessageToTarget, since Playwright opens sessions for pages only.
 */
async function heapByTarget(browserCdp: CDPSession, gc: boolean): Promise<{ main: number; workers: number; count: number }> {
	const { targetInfos } = (await browserCdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
	let main = 0;
	let workers = 0;
	let count = 0;
	for (const target of targetInfos.filter((t) => t.type === 'page' || t.type === 'worker')) {
		const { sessionId } = (await browserCdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
		const call = async (method: string, id: number): Promise<{ usedSize?: number }> => {
			const answer = new Promise<{ usedSize?: number }>((resolve) => {
				const listener = (event: { sessionId: string; message: string }) => {
					const message = JSON.parse(event.message) as { id: number; result?: { usedSize?: number } };
					if (event.sessionId === sessionId && message.id === id) {
						browserCdp.off('Target.receivedMessageFromTarget', listener);
						resolve(message.result ?? {});
					}
				};
				browserCdp.on('Target.receivedMessageFromTarget', listener);
			});
			await browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
			return answer;
		};
		if (gc) await call('HeapProfiler.collectGarbage', 1);
		const used = (await call('Runtime.getHeapUsage', 2)).usedSize ?? 0;
		await browserCdp.send('Target.detachFromTarget', { sessionId });
		if (target.type === 'page') main += used;
		else workers += used;
		count++;
	}
	return { main, workers, count };
}

export async function run(): Promise<BenchResult[]> {
	const minutes = Number(process.env.MERIDIAN_BENCH_MEMORY_MIN ?? 30);
	const relay = await startRelay();
	const browser = await launchChromium();
	let sender: ReturnType<typeof setInterval> | undefined;
	try {
		const page = await browser.newPage();
		const browserCdp = await browser.newBrowserCDPSession();
		const heap = (gc: boolean) => heapByTarget(browserCdp, gc);

		await page.goto(`${relay.appUrl}/`);
		await page.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
		await new Promise((r) => setTimeout(r, 5_000));
		const idle = await heap(true);
		const idleHeap = idle.main + idle.workers;

		let sent = 0;
		const perTick = (spansPerSecond * tickMs) / 1000 / spansPerTrace;
		sender = setInterval(() => {
			const body = encodeOtlpProtobuf('traces', trafficRequest(Date.now(), perTick));
			sent += perTick * spansPerTrace;
			void fetch(`${relay.otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/x-protobuf' } })
				.then((r) => r.arrayBuffer())
				.catch(() => undefined);
		}, tickMs);

		const mb = (n: number) => n / 2 ** 20;
		let maxHeap = 0;
		let maxMain = 0;
		for (let minute = 1; minute <= minutes; minute++) {
			await new Promise((r) => setTimeout(r, 60_000));
			const live = await heap(false);
			maxHeap = Math.max(maxHeap, live.main + live.workers);
			maxMain = Math.max(maxMain, live.main);
			console.log(
				`  minute ${minute}: main ${mb(live.main).toFixed(1)} MB + ${live.count - 1} workers ${mb(live.workers).toFixed(1)} MB, spans sent ${sent}`
			);
		}
		clearInterval(sender);
		const end = await heap(true);
		const retained = end.main + end.workers;
		const note = `${minutes} min at ${spansPerSecond} spans/s (${sent} spans)`;
		return [
			{ name: 'tab JS heap (main + workers), peak', value: mb(maxHeap), unit: 'MB', baseline: mb(idleHeap), baselineName: 'same tab idle', ratio: maxHeap / idleHeap, target: 250, better: 'lower', note },
			{ name: 'tab JS heap after GC, end', value: mb(retained), unit: 'MB', baseline: mb(idleHeap), baselineName: 'same tab idle', ratio: retained / idleHeap, target: 250, better: 'lower', note },
			{ name: 'main-thread JS heap, peak', value: mb(maxMain), unit: 'MB', baseline: mb(idle.main), baselineName: 'same tab idle', ratio: maxMain / idle.main, note }
		];
	} finally {
		if (sender) clearInterval(sender);
		await browser.close();
		await relay.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.table(await run());
}

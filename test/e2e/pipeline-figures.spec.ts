/**
 * The Live board's figures for one service, checked against what the test itself sent with
 * the official OpenTelemetry SDK: a fast and a slow sender of known durations and a known
 * error count. Live (last minute) and from IndexedDB history over 5 min, 1 h and 24 h.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startOtelSender } from '../support/otel-sender';
import { startRelay } from '../support/relay';
import { durationMsOf, figureValue, LiveBoardPage } from './pages/live-board';
import { SettingsPage } from './pages/settings-page';

let browser: Browser;
let context: BrowserContext | undefined;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
	browser = await launchChromium();
});
afterEach(async () => {
	await context?.close();
	context = undefined;
	while (stops.length) await stops.pop()!();
});
afterAll(async () => {
	await browser?.close();
});

const service = 'e2e-figures';
const fastMs = 80;
const slowMs = 400;
/** DDSketch quantiles are within 1 % of the exact nearest-rank value (src/lib/io/README.md). */
const quantileTolerance = 0.01;

/** Nearest-rank quantile of `fast` spans of fastMs and `slow` spans of slowMs. */
function expectedQuantileMs(q: number, fast: number, slow: number): number {
	return Math.ceil(q * (fast + slow)) <= fast ? fastMs : slowMs;
}

function expectDurationNear(shown: string, expectedMs: number, relative: number): void {
	const ms = durationMsOf(shown);
	expect(Math.abs(ms - expectedMs), `${shown} vs ${expectedMs} ms`).toBeLessThanOrEqual(expectedMs * relative + 0.05);
}

describe('Live board figures for a service an OpenTelemetry SDK reports', () => {
	it('shows mean, p50, p95, p99, error rate and an estimated active count that the sent spans determine', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		// Fast spans first, then also slow ones at a quarter of the rate: p50 is the fast duration,
		// p95 and p99 the slow one. The slow share only grows, so any earlier part of the data has
		// a lower mean than the whole: a range missing its newest spans cannot show the full mean.
		const fast = startOtelSender({ otlpUrl: relay.otlpUrl, service, perSecond: 8, durationMs: fastMs, errorEvery: 4 });
		stops.push(() => fast.stop());

		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
		const page = await context.newPage();
		const board = new LiveBoardPage(page);
		await board.open(relay.appUrl);
		await board.serviceTable().getByRole('button', { name: service, exact: true }).waitFor({ timeout: 60_000 });
		const slow = startOtelSender({ otlpUrl: relay.otlpUrl, service, perSecond: 2, durationMs: slowMs });
		stops.push(() => slow.stop());

		// live, last minute: once slow spans are over 5 % of the minute, the quantiles are the two durations
		const near = (ms: number, expectedMs: number) => Math.abs(ms - expectedMs) <= expectedMs * quantileTolerance + 0.05;
		await expect
			.poll(async () => {
				const row = await board.serviceRow(service);
				const [p50, p95, p99] = [row['p50'], row['p95'], row['p99']].map(durationMsOf);
				return near(p50, fastMs) && near(p95, slowMs) && near(p99, slowMs) && figureValue(row['Errors']) > 0;
			}, { timeout: 30_000 })
			.toBe(true);
		const liveRow = await board.serviceRow(service);
		expectDurationNear(liveRow['p50'], fastMs, quantileTolerance);
		expectDurationNear(liveRow['p95'], slowMs, quantileTolerance);
		expectDurationNear(liveRow['p99'], slowMs, quantileTolerance);
		const liveMeanMs = durationMsOf(liveRow['Mean']);
		expect(liveMeanMs).toBeGreaterThan(fastMs);
		expect(liveMeanMs).toBeLessThan(slowMs);
		// no http.server.active_requests metric arrives: active is Little's law, and says so
		expect(await board.figureTerm('Active transactions')).toMatch(/estimated/);
		const littleActive = (figureValue(liveRow['TPS']) * liveMeanMs) / 1000;
		expect(Math.abs(figureValue(liveRow['Active']) - littleActive)).toBeLessThanOrEqual(littleActive * 0.05 + 0.01);

		// enough spans that each range's quantiles rest on more than a handful
		await expect.poll(() => slow.sent, { timeout: 60_000 }).toBeGreaterThanOrEqual(15);
		await Promise.all([fast.stop(), slow.stop()]);
		const total = fast.sent + slow.sent;
		// the quantiles below assume p50 among the fast spans and p95 among the slow ones
		expect(fast.sent / total).toBeGreaterThan(0.5);
		expect(slow.sent / total).toBeGreaterThan(0.05);
		const meanMs = (fast.sent * fastMs + slow.sent * slowMs) / total;
		const errorPercent = (100 * fast.errors) / total;

		const settings = new SettingsPage(page);
		await settings.open(relay.appUrl);
		await expect.poll(() => settings.storageItems('Spans'), { timeout: 60_000, interval: 1_000 }).toBe(total);

		// history from IndexedDB: every range holds all spans once its newest window is complete
		const ranges = [
			{ label: 'Last 5 min', seconds: 300 },
			{ label: 'Last 1 hour', seconds: 3_600 },
			{ label: 'Last 24 hours', seconds: 86_400 }
		] as const;
		await board.open(relay.appUrl);
		for (const range of ranges) {
			await board.chooseRange(range.label);
			await expect
				.poll(async () => {
					const row = await board.serviceRow(service).catch(() => undefined);
					return row
						? Math.abs(durationMsOf(row['Mean']) - meanMs) < 0.051 &&
								Math.abs(figureValue(row['Errors']) - errorPercent) < 0.0051 &&
								Math.abs(figureValue(row['TPS']) - total / range.seconds) <= 0.0051
						: false;
				}, { timeout: 90_000, interval: 1_000 })
				.toBe(true);
			const row = await board.serviceRow(service);
			expectDurationNear(row['p50'], expectedQuantileMs(0.5, fast.sent, slow.sent), quantileTolerance);
			expectDurationNear(row['p95'], expectedQuantileMs(0.95, fast.sent, slow.sent), quantileTolerance);
			expectDurationNear(row['p99'], expectedQuantileMs(0.99, fast.sent, slow.sent), quantileTolerance);
			// one service only: the headline over the range is that service's
			expectDurationNear(await board.figure('Mean response time'), meanMs, 0.001);
			expect(await board.figure('Error rate')).toBe(row['Errors']);
		}
	});

	it('shows a measured http.server.active_requests as the active count, not labelled estimated', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		const spans = startOtelSender({ otlpUrl: relay.otlpUrl, service: 'e2e-active', perSecond: 5, durationMs: 40 });
		stops.push(() => spans.stop());
		// the semantic-convention up-down counter, exported every second by the SDK
		const meters = new MeterProvider({
			resource: resourceFromAttributes({ 'service.name': 'e2e-active', 'service.instance.id': 'e2e-active-1' }),
			readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${relay.otlpUrl}/v1/metrics` }), exportIntervalMillis: 1_000 })]
		});
		stops.push(() => meters.shutdown());
		meters.getMeter('e2e').createUpDownCounter('http.server.active_requests', { unit: '{request}' }).add(7, { 'http.request.method': 'GET' });

		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
		const board = new LiveBoardPage(await context.newPage());
		await board.open(relay.appUrl, '?period=second');
		await board.serviceTable().getByRole('button', { name: 'e2e-active', exact: true }).waitFor({ timeout: 60_000 });
		await expect.poll(async () => figureValue((await board.serviceRow('e2e-active'))['Active']), { timeout: 30_000 }).toBe(7);
		expect(figureValue(await board.figure('Active transactions'))).toBe(7);
		expect(await board.figureTerm('Active transactions')).not.toMatch(/estimated/);
	});
});

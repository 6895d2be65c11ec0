/**
 * The Database page against a REAL MariaDB: a throwaway server (test/integration/db/servers.ts),
 * the relay's collector pointed at it by DSN, and a load generator that runs a deliberately
 * slow statement, instrumented with the official OpenTelemetry SDK so the spans that ran it
 * reach the relay too. The page must list the slow statement, and its detail must link to
 * exactly the traces the generator sent for it.
 */
import { SpanKind, context as otelContext, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import mysql from 'mysql2/promise';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMariaDb, type DbServer } from '../integration/db/servers';
import { launchChromium } from '../support/chromium';
import { startRelay } from '../support/relay';
import { DatabasesPage } from './pages/databases-page';

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

const SLOW_SQL = 'SELECT SLEEP(0.8), COUNT(*) FROM accounts';
const fastSql = (id: number) => `SELECT * FROM accounts WHERE id = ${id}`;

/**
 * A report service instrumented with the OpenTelemetry JS SDK: each request is a SERVER span
 * whose child CLIENT span runs one statement on the database, with the statement's text.
 */
function reportService(otlpUrl: string, server: DbServer) {
	const provider = new BasicTracerProvider({
		resource: resourceFromAttributes({ 'service.name': 'e2e-reports', 'service.instance.id': 'e2e-reports-1' }),
		spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` }), { scheduledDelayMillis: 200 })]
	});
	const tracer = provider.getTracer('meridian-e2e-db');
	return {
		/** Runs `sql` inside a request span and returns the trace id. */
		async request(connection: mysql.Connection, route: string, sql: string): Promise<string> {
			const root = tracer.startSpan(`GET ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.route': route } });
			const child = tracer.startSpan(
				'SELECT accounts',
				{
					kind: SpanKind.CLIENT,
					attributes: {
						'db.system.name': 'mariadb',
						'db.system': 'mariadb',
						'db.namespace': 'bank',
						'db.operation.name': 'SELECT',
						'db.collection.name': 'accounts',
						'db.query.text': sql,
						'server.address': server.host,
						'server.port': server.port
					}
				},
				trace.setSpan(otelContext.active(), root)
			);
			await connection.query(sql);
			child.end();
			root.end();
			return root.spanContext().traceId;
		},
		async stop(): Promise<void> {
			await provider.forceFlush();
			await provider.shutdown();
		}
	};
}

describe('Database page with a real MariaDB', () => {
	it('shows the slow statement after the load has run, and its detail links to the spans that ran it', async () => {
		const server = await startMariaDb();
		stops.push(() => server.stop());
		await server.adminQuery('CREATE TABLE accounts (id INT PRIMARY KEY, balance INT NOT NULL)');
		await server.adminQuery(`INSERT INTO accounts VALUES ${Array.from({ length: 50 }, (_, i) => `(${i + 1}, ${i * 100})`).join(', ')}`);

		// one poll a second and a 500 ms slow threshold keep the test short
		const dsn = `${server.collectorDsn}?label=e2e-mariadb&pollMs=1000&slowMs=500`;
		const relay = await startRelay({ env: { MERIDIAN_DB_E2E: dsn } });
		stops.push(() => relay.stop());

		context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const page = new DatabasesPage(await context.newPage());
		// the last 5 minutes re-read every 10 s
		await page.open(relay.appUrl, '?range=5m');
		await page.databasesTable().getByRole('button', { name: 'e2e-mariadb', exact: true }).waitFor({ timeout: 60_000 });

		const service = reportService(relay.otlpUrl, server);
		stops.push(() => service.stop());
		const connection = await mysql.createConnection(server.appDsn);
		stops.push(() => connection.end());
		const slowTraces: string[] = [];
		const fastTraces: string[] = [];
		for (let i = 0; i < 3; i++) {
			slowTraces.push(await service.request(connection, '/e2e/report', SLOW_SQL));
			for (let id = 1; id <= 5; id++) fastTraces.push(await service.request(connection, '/e2e/account', fastSql(id)));
		}
		await service.stop();

		// the slow statement, with its sample as executed, on the Slow statements tab
		await page.showTab('Slow statements');
		await expect
			.poll(async () => (await page.slowStatements().getByRole('row').filter({ hasText: SLOW_SQL }).count()), { timeout: 60_000, interval: 1_000 })
			.toBe(3);
		// each ran at least the 800 ms it slept
		const slowRow = page.slowStatements().getByRole('row').filter({ hasText: SLOW_SQL }).first();
		expect(await slowRow.innerText()).toMatch(/\b(8\d\d|9\d\d)(\.\d+)? ms\b|\b1(\.\d+)? s\b/);

		// Top SQL: the digest of the slow statement, three calls
		await page.showTab('Top SQL');
		// the digest's canonical text (digest.ts): a literal-only argument list reads (...)
		const digestText = /SELECT sleep\(\.\.\.\), count\(\*\) FROM accounts/;
		await expect.poll(async () => page.topSqlRow(digestText).count(), { timeout: 30_000, interval: 1_000 }).toBe(1);
		await expect.poll(async () => (await page.topSqlRow(digestText).getByRole('cell').allInnerTexts()).map((t) => t.trim()).includes('3'), { timeout: 30_000, interval: 1_000 }).toBe(true);

		// its detail: the spans that ran it are exactly the slow requests' spans
		await page.openStatement(digestText);
		await expect
			.poll(async () => (await page.spanLinks()).map((href) => new URL(href).pathname + new URL(href).search).sort(), { timeout: 60_000, interval: 1_000 })
			.toEqual(slowTraces.map((id) => `/trace/?id=${id}`).sort());
		expect(await page.spanServices()).toEqual(['e2e-reports']);
		const transactions = page.detail().getByRole('table', { name: 'By transaction' });
		expect((await transactions.getByRole('rowheader').allInnerTexts()).map((t) => t.trim())).toEqual(['e2e-reports: GET /e2e/report']);
		const links = await page.spanLinks();
		expect(links.some((href) => fastTraces.some((id) => href.endsWith(id)))).toBe(false);

		// the plan, asked of the relay's collector (EXPLAIN of the captured sample)
		await page.detail().getByRole('button', { name: 'Show plan' }).click();
		const steps = page.detail().getByRole('list', { name: 'Plan steps' });
		await steps.waitFor({ timeout: 30_000 });
		expect(await steps.innerText()).toContain('accounts');
	});
});

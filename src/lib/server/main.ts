/**
 * `npm start`: the relay on Node. Serves the built app and /api on PORT, OTLP/HTTP on
 * OTLP_PORT (/v1/* is also accepted on PORT), runs the embedded demo bank unless --no-demo,
 * and keeps the replay log in --data-dir (config.ts lists every option).
 *
 * Once listening it prints exactly these two lines (tools parse them):
 *   Meridian app: http://HOST:PORT/
 *   OTLP/HTTP receiver: http://HOST:OTLP_PORT
 * Everything else goes to stderr.
 *
 * `npm start` runs this with `--max-semi-space-size=64`: a decoded 1,000-span request and
 * its records (~5 MiB) then die in the young generation instead of being promoted, which
 * measured 2× the ingest throughput of the default (test/bench/relay.bench.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createRelay, ReplayLog, type Relay } from '../relay/index';
import { buildReason, runBuild } from './build';
import { ConfigError, isLoopback, parseConfig, type ServerConfig } from './config';
import { writeFile } from 'node:fs/promises';
import { startDemoRunner, type DemoBank, type DemoRunner } from './demo-runner';
import { filePersistence } from './file-persistence';
import { sendResponse, toRequest } from './node-http';
import { mountExtraRoutes } from './routes';
import { createStaticHandler } from './static-files';
import { createDemoBank, type DemoBank as SimBank } from '../sim/index';
import { demoScenarioStartMs, incidentSpecs } from './demo-options';

const log = (message: string) => process.stderr.write(message + '\n');
/** Open sockets per listener (stream clients are bounded separately, at 64). */
const maxConnections = 1024;

async function main(): Promise<void> {
	let config: ServerConfig;
	try {
		config = parseConfig(process.argv.slice(2), process.env);
	} catch (error) {
		if (error instanceof ConfigError) {
			log(error.message);
			process.exit(2);
		}
		throw error;
	}
	const root = process.cwd();

	if (config.build) {
		const reason = buildReason(root, config.buildDir);
		if (reason) {
			log(`Building the app first (${reason}): vite build → ${config.buildDir}/`);
			try {
				await runBuild(root, config.buildDir);
			} catch (error) {
				log(`The app could not be built: ${(error as Error).message}. Fix the build or start with --no-build.`);
				process.exit(1);
			}
		}
	}

	const startMs = Date.now();
	const bank = config.demo ? loadDemoBank(config, startMs) : undefined;
	const dataDir = config.dataDir ? resolve(root, config.dataDir) : undefined;
	const replayLog = await ReplayLog.open({
		persistence: dataDir ? filePersistence({ dir: dataDir, warn: log }) : undefined,
		limits: config.log
	});
	const relay = createRelay({
		log: replayLog,
		ingestToken: config.ingestToken,
		viewToken: config.viewToken,
		demo: bank !== undefined,
		bodyLimits: { maxInflightBytes: config.maxInflightBytes },
		// a token-less relay only answers loopback names (DNS-rebinding guard)
		loopbackHostsOnly: !config.viewToken && isLoopback(config.host)
	});
	const cleanups = await mountExtraRoutes({ relay, config, dataDir });
	const serveStatic = createStaticHandler(resolve(root, config.buildDir));

	const appServer = createServer((req, res) =>
		serve(req, res, config, (request, path) =>
			path.startsWith('/api/') || path.startsWith('/v1/') ? relay.handle(request) : serveStatic(request)
		)
	);
	const otlpServer = createServer((req, res) =>
		serve(req, res, config, (request, path) =>
			path.startsWith('/v1/')
				? relay.handle(request)
				: Promise.resolve(
						Response.json({ code: 404, message: 'This port receives OTLP only: POST /v1/traces, /v1/metrics or /v1/logs.' }, { status: 404 })
					)
		)
	);
	// sockets beyond this are closed as soon as they connect, so idle connections cannot pile up
	appServer.maxConnections = maxConnections;
	otlpServer.maxConnections = maxConnections;
	const appPort = await listen(appServer, config.port, config.host);
	const otlpPort = await listen(otlpServer, config.otlpPort, config.host);
	const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
	let runner: DemoRunner | undefined;
	if (bank) {
		const historyMs = config.demoBank.historyMs;
		let reported = -1;
		runner = startDemoRunner({
			bank,
			otlpUrl: `http://${connectHost(host)}:${otlpPort}`,
			ingestToken: config.ingestToken,
			warn: log,
			...(historyMs > 0 && {
				backfillFromMs: startMs - historyMs,
				onBackfill: (doneMs, totalMs) => {
					const percent = Math.floor((doneMs / totalMs) * 10) * 10;
					if (percent > reported) log(`Demo bank: history ${percent} % sent (${Math.round(doneMs / 1000)} of ${Math.round(totalMs / 1000)} s).`);
					reported = percent;
				}
			})
		});
		// the addresses are printed when the history is in the replay log, so a page opened then sees it whole
		if (historyMs > 0) await runner.ready;
		log('Demo bank: sending simulated telemetry to the OTLP receiver every second (--no-demo turns it off).');
		const truthFile = config.demoBank.truthFile;
		if (truthFile) {
			// ground truth for tests: incidents started so far and those planned in the next hour
			const writeTruth = () =>
				writeFile(truthFile, JSON.stringify(bank.incidents(Date.now() + 3_600_000), null, 1)).catch((e: Error) =>
					log(`Could not write the demo ground truth to ${truthFile}: ${e.message}`)
				);
			void writeTruth();
			setInterval(writeTruth, 5_000).unref();
		}
	}

	process.stdout.write(`Meridian app: http://${host}:${appPort}/\nOTLP/HTTP receiver: http://${host}:${otlpPort}\n`);
	log(
		`Replay log: ${dataDir ?? 'in memory (--no-persist)'}; epoch ${replayLog.epoch}, ` +
			`${replayLog.batches} batches held, next seq ${replayLog.nextSeq}; ` +
			`bounds ${Math.round(config.log.maxBytes / 1024)} KiB and ${Math.round(config.log.maxAgeMs / 1000)} s.`
	);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log(`${signal}: closing listeners and flushing the replay log…`);
		const force = setTimeout(() => {
			log('Shutdown took longer than 10 s; exiting.');
			process.exit(1);
		}, 10_000);
		force.unref();
		await runner?.stop();
		for (const cleanup of cleanups) await cleanup().catch((e: Error) => log(`Cleanup failed: ${e.message}`));
		await closeRelay(relay);
		await Promise.all([close(appServer), close(otlpServer)]);
		process.exit(0);
	};
	process.once('SIGINT', () => void stop('SIGINT'));
	process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function serve(
	req: IncomingMessage,
	res: ServerResponse,
	config: ServerConfig,
	route: (request: Request, path: string) => Promise<Response>
): Promise<void> {
	try {
		const request = toRequest(req, `http://127.0.0.1:${config.port}`);
		const response = await route(request, new URL(request.url).pathname);
		await sendResponse(response, res);
	} catch (error) {
		log(`Request ${req.method} ${req.url} failed: ${(error as Error).stack ?? error}`);
		if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ code: 500, message: 'Internal error' }));
	}
}

function listen(server: Server, port: number, host: string): Promise<number> {
	return new Promise((resolveListen, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE') {
				reject(new Error(`Port ${port} on ${host} is in use. Choose another with --port / --otlp-port (0 = any free port).`));
			} else reject(error);
		});
		server.listen(port, host, () => resolveListen((server.address() as AddressInfo).port));
	});
}

function close(server: Server): Promise<void> {
	return new Promise((done) => {
		server.close(() => done());
		server.closeIdleConnections();
		setTimeout(() => server.closeAllConnections(), 2000).unref();
	});
}

async function closeRelay(relay: Relay): Promise<void> {
	try {
		await relay.close();
	} catch (error) {
		log(`Flushing the replay log failed: ${(error as Error).message}`);
	}
}

/** 0.0.0.0 and :: accept connections but are not addresses to connect to. */
function connectHost(host: string): string {
	return host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host;
}

/** The demo bank (src/lib/sim), started `historyMs` before now; its failure leaves the relay running without it. */
function loadDemoBank(config: ServerConfig, startMs: number): (DemoBank & Pick<SimBank, 'incidents'>) | undefined {
	const demo = config.demoBank;
	try {
		const scenarioStartMs = demoScenarioStartMs(demo.localMinutes, startMs, demo.historyMs, demo.speed);
		return createDemoBank({
			seed: demo.seed,
			startMs: startMs - demo.historyMs,
			speed: demo.speed,
			incidents: incidentSpecs(demo.incidents, startMs),
			...(scenarioStartMs !== undefined ? { scenarioStartMs } : {})
		});
	} catch (error) {
		log(`Demo bank unavailable (${(error as Error).message}); starting without it.`);
		return undefined;
	}
}

process.on('unhandledRejection', (reason) => log(`Unhandled rejection (the relay keeps running): ${String(reason)}`));

await main();

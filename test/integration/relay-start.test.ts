/**
 * `npm start` as the README runs it, configured by PORT, OTLP_PORT and HOST: it listens
 * where it was told, prints exactly its two addresses on stdout, and `-- --no-demo` keeps
 * the demo bank off.
 */
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { RelayHealth } from '../../src/lib/protocol/stream';
import { startProcess, type Started } from '../support/processes';

const running: Started[] = [];
afterAll(async () => {
	for (const p of running) await p.stop();
});

/** A port nothing listens on right now (probed on loopback). */
async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

describe('npm start', () => {
	it('listens on PORT, OTLP_PORT and HOST from the environment and prints both addresses', async () => {
		const [port, otlpPort] = [await freePort(), await freePort()];
		const { started, matches } = await startProcess({
			command: 'npm',
			args: ['start', '--silent', '--', '--no-demo', '--no-build', '--no-persist'],
			env: { PORT: String(port), OTLP_PORT: String(otlpPort), HOST: 'localhost' },
			readyPatterns: [/^OTLP\/HTTP receiver: .*$/m]
		});
		running.push(started);
		expect(matches[0]).toBeDefined();
		// stdout carries these two lines only (everything else goes to stderr)
		const stdout = started.stdout().trim().split('\n');
		expect(stdout).toEqual([`Meridian app: http://localhost:${port}/`, `OTLP/HTTP receiver: http://localhost:${otlpPort}`]);

		const health = (await (await fetch(`http://localhost:${port}/api/health`)).json()) as RelayHealth;
		expect(health.demo).toBe(false);
		const otlp = await fetch(`http://localhost:${otlpPort}/v1/traces`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ resourceSpans: [] })
		});
		expect(otlp.status).toBe(200);
		// the OTLP port serves OTLP only
		expect((await fetch(`http://localhost:${otlpPort}/api/health`)).status).toBe(404);
	});
});

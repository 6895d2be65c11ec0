import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Started {
	child: ChildProcess;
	/** Output so far, for error messages. */
	output(): string;
	/** What the process wrote to stdout alone so far. */
	stdout(): string;
	/** Stops the process group by its id; resolves when the process has exited. */
	stop(): Promise<void>;
}

/**
 * Starts a command in its own process group (so its children stop with it) and waits until
 * every `readyPatterns` regexp has matched its output. Stopped by process group id, never
 * by name.
 */
export async function startProcess(options: {
	command: string;
	args: string[];
	env?: Record<string, string>;
	cwd?: string;
	readyPatterns: RegExp[];
	timeoutMs?: number;
}): Promise<{ started: Started; matches: RegExpMatchArray[] }> {
	const child = spawn(options.command, options.args, {
		cwd: options.cwd ?? process.cwd(),
		env: { ...process.env, ...options.env },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let text = '';
	let stdoutText = '';
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			return;
		}
		const killTimer = setTimeout(() => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}, 5_000);
		await exited;
		clearTimeout(killTimer);
	};
	const started: Started = { child, output: () => text, stdout: () => stdoutText, stop };
	const matches = await new Promise<RegExpMatchArray[]>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error(`${options.command} did not become ready in time. Output:\n${text}`));
		}, options.timeoutMs ?? 120_000);
		const check = () => {
			const found = options.readyPatterns.map((pattern) => text.match(pattern));
			if (found.every((m) => m !== null)) {
				clearTimeout(timer);
				resolve(found as RegExpMatchArray[]);
			}
		};
		child.stdout!.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			stdoutText += chunk.toString();
			check();
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			text += chunk.toString();
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${options.command} exited with ${code} before it was ready. Output:\n${text}`));
		});
	}).catch(async (error) => {
		await stop();
		throw error;
	});
	return { started, matches };
}

/** Resident memory of a process and all its descendants, in bytes (Linux /proc); 0 once gone. */
export function treeRssBytes(pid: number): number {
	let total = 0;
	const visit = (id: number) => {
		try {
			const rss = readFileSync(`/proc/${id}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
			if (rss) total += Number(rss[1]) * 1024;
			for (const task of readdirSync(`/proc/${id}/task`)) {
				const children = readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').trim();
				for (const child of children.split(/\s+/).filter(Boolean)) visit(Number(child));
			}
		} catch {
			// the process ended while we looked
		}
	};
	visit(pid);
	return total;
}

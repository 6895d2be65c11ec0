import { startProcess, type Started } from './processes';

export interface RunningRelay extends Started {
	appUrl: string;
	otlpUrl: string;
}

/**
 * Starts the real relay (`src/lib/server/main.ts`) on free loopback ports. By default
 * without the demo bank, without rebuilding the app and without disk persistence; pass
 * `args` to change that (for example `['--data-dir', dir]`). With the demo bank, its clock
 * starts at 11:00 KST unless `args` set `--demo-time`: a test sees the same traffic (a busy
 * weekday morning, not the night's few requests a second) whenever it runs.
 */
export async function startRelay(
	options: { args?: string[]; env?: Record<string, string>; demo?: boolean } = {}
): Promise<RunningRelay> {
	const args = ['src/lib/server/main.ts', '--port', '0', '--otlp-port', '0', '--no-build'];
	if (!options.demo) args.push('--no-demo');
	else if (!(options.args ?? []).includes('--demo-time')) args.push('--demo-time', '11:00');
	if (!(options.args ?? []).includes('--data-dir')) args.push('--no-persist');
	args.push(...(options.args ?? []));
	const { started, matches } = await startProcess({
		command: 'node_modules/.bin/tsx',
		args,
		env: options.env,
		readyPatterns: [/Meridian app: (http:\/\/\S+?)\/?\s/, /OTLP\/HTTP receiver: (http:\/\/\S+)/]
	});
	return {
		...started,
		appUrl: matches[0][1].replace(/\/$/, ''),
		otlpUrl: matches[1][1].replace(/\/$/, '')
	};
}

import { startProcess, type Started } from './processes';

export interface RunningRelay extends Started {
	appUrl: string;
	otlpUrl: string;
}

/**
 * Starts the real relay (`src/lib/server/main.ts`) on free loopback ports. By default
 * without the demo bank, without rebuilding the app and without disk persistence; pass
 * `args` to change that (for example `['--data-dir', dir]`).
 */
export async function startRelay(
	options: { args?: string[]; env?: Record<string, string>; demo?: boolean } = {}
): Promise<RunningRelay> {
	const args = ['src/lib/server/main.ts', '--port', '0', '--otlp-port', '0', '--no-build'];
	if (!options.demo) args.push('--no-demo');
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

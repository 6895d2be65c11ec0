/**
 * `npm run advise`: the migration advisor on the command line.
 *
 *   npm run advise -- --calls FILE.csv [--k N | --sweep 2..12] [--seed N] [--json] [--locale ko]
 *   npm run advise -- --spans FILE.json|FILE.ndjson [--service NAME] [...]
 *   npm run advise -- --demo MINUTES [...]          (the demo bank, run in-process)
 *
 * With --calls it decomposes the call graph of the CSV (`timestamp,business_context,caller,
 * callee`). With --spans or --demo it also reports architecture findings, and decomposes the
 * class-level (code.namespace) spans of --service (the demo: core-banking). --json prints
 * one JSON object ({ input, decomposition, findings }) for scripts. Exit status: 0 done,
 * 1 unreadable input (every row bad, file missing), 2 bad arguments.
 */
import { pathToFileURL } from 'node:url';
import { CallGraphBuilder } from '../domain/advisor/call-graph';
import { formatCsvError } from '../domain/advisor/calls-csv';
import { decompose, type Decomposition } from '../domain/advisor/decompose';
import { FindingsAnalyzer, type FindingsReport } from '../domain/advisor/findings/analyzer';
import { SpanCallCollector } from '../domain/advisor/span-calls';
import { locales, type Locale } from '../i18n/catalogue';
import { readCallsCsv, readDemo, readSpans, type CsvInputSummary, type SpanInputSummary } from './advise-input';
import { formatReport } from './advise-report';

export interface AdviseArgs {
	calls?: string;
	spans?: string;
	demoMinutes?: number;
	k?: number;
	sweep?: [number, number];
	seed: number;
	service?: string;
	json: boolean;
	locale: Locale;
}

export const usage = `Usage:
  npm run advise -- --calls FILE.csv [--k N | --sweep A..B] [--seed N] [--json] [--locale en|ko]
  npm run advise -- --spans FILE.json|FILE.ndjson [--service NAME] [--k N] [--json]
  npm run advise -- --demo MINUTES [--k N] [--json]`;

export function parseAdviseArgs(argv: string[]): AdviseArgs | { error: string } {
	const args: AdviseArgs = { seed: 1, json: false, locale: 'en' };
	const integer = (flag: string, text: string | undefined, min: number): number | string => {
		const value = Number(text);
		return text !== undefined && Number.isInteger(value) && value >= min ? value : `${flag} needs an integer ≥ ${min} (got ${text ?? 'nothing'})`;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = argv[i + 1];
		const take = () => {
			i += 1;
			return value;
		};
		switch (flag) {
			case '--calls':
			case '--spans':
			case '--service': {
				if (value === undefined || value.startsWith('--')) return { error: `${flag} needs a value` };
				args[flag.slice(2) as 'calls' | 'spans' | 'service'] = take();
				break;
			}
			case '--demo':
			case '--k':
			case '--seed': {
				const parsed = integer(flag, take(), flag === '--seed' ? 0 : 1);
				if (typeof parsed === 'string') return { error: parsed };
				if (flag === '--demo') args.demoMinutes = parsed;
				else if (flag === '--k') args.k = parsed;
				else args.seed = parsed;
				break;
			}
			case '--sweep': {
				const match = /^(\d+)\.\.(\d+)$/.exec(take() ?? '');
				if (!match || Number(match[1]) < 1 || Number(match[2]) < Number(match[1])) return { error: '--sweep needs a range A..B with 1 ≤ A ≤ B, e.g. 2..12' };
				args.sweep = [Number(match[1]), Number(match[2])];
				break;
			}
			case '--locale': {
				const locale = take() as Locale;
				if (!locales.includes(locale)) return { error: `--locale must be one of ${locales.join(', ')}` };
				args.locale = locale;
				break;
			}
			case '--json':
				args.json = true;
				break;
			case '--help':
			case '-h':
				return { error: '' };
			default:
				return { error: `unknown argument ${flag}` };
		}
	}
	const sources = [args.calls, args.spans, args.demoMinutes].filter((s) => s !== undefined).length;
	if (sources !== 1) return { error: 'give exactly one of --calls, --spans or --demo' };
	if (args.k !== undefined && args.sweep) return { error: 'give --k or --sweep, not both' };
	return args;
}

export interface AdviseOutput {
	input: CsvInputSummary | SpanInputSummary;
	decomposition: Decomposition | null;
	findings: FindingsReport | null;
}

export async function advise(args: AdviseArgs): Promise<AdviseOutput> {
	const options = { k: args.k, kRange: args.sweep, seed: args.seed };
	if (args.calls) {
		const builder = new CallGraphBuilder();
		const input = await readCallsCsv(args.calls, builder);
		const graph = builder.build();
		return { input, decomposition: graph.classes.length > 0 ? decompose(graph, options) : null, findings: null };
	}
	const service = args.service ?? (args.demoMinutes !== undefined ? 'core-banking' : undefined);
	const collector = new SpanCallCollector({ services: service ? [service] : undefined });
	const analyzer = new FindingsAnalyzer();
	const feed = (spans: Parameters<FindingsAnalyzer['addSpans']>[0]) => {
		collector.addSpans(spans);
		analyzer.addSpans(spans);
	};
	const input = args.spans ? await readSpans(args.spans, feed) : readDemo(args.demoMinutes ?? 1, args.seed, feed);
	const { graph } = collector.finish();
	return { input, decomposition: graph.classes.length > 0 ? decompose(graph, options) : null, findings: analyzer.report() };
}

export async function runAdvise(argv: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
	const args = parseAdviseArgs(argv);
	if ('error' in args) {
		if (args.error) err(`advise: ${args.error}\n`);
		err(`${usage}\n`);
		return args.error ? 2 : 0;
	}
	let output: AdviseOutput;
	try {
		output = await advise(args);
	} catch (error) {
		err(`advise: ${(error as Error).message}\n`);
		return 1;
	}
	const { input } = output;
	if (input.kind === 'calls') {
		for (const e of input.errors) err(`${input.file}: ${formatCsvError(e)}\n`);
		if (input.moreErrors > 0) err(`${input.file}: ${input.moreErrors} more rows rejected\n`);
		if (input.accepted === 0) {
			err(`advise: no call records could be read from ${input.file}\n`);
			return 1;
		}
	} else {
		for (const e of input.errors) err(`${input.file ?? 'demo'}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
		if (input.spans === 0) {
			err(`advise: no spans could be read${input.file ? ` from ${input.file}` : ''}\n`);
			return 1;
		}
	}
	out(args.json ? `${JSON.stringify(output, null, 2)}\n` : formatReport(args.locale, output.decomposition, output.findings));
	return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const code = await runAdvise(
		process.argv.slice(2),
		(text) => process.stdout.write(text),
		(text) => process.stderr.write(text)
	);
	process.exitCode = code;
}

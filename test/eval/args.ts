/** Command-line options shared by the evaluation entry points. */
import { resolve } from 'node:path';

export interface EvalArgs {
	json: boolean;
	nabDir: string;
	petshopDir: string;
	/** Sections to run; default all. */
	only: Set<string> | null;
	/** Also choose the NAB detector settings leaving one file out (slower). */
	nabLofo: boolean;
}

export function parseEvalArgs(argv: readonly string[], projectRoot: string): EvalArgs {
	const args: EvalArgs = {
		json: false,
		nabDir: resolve(projectRoot, '../shared/data/nab'),
		petshopDir: resolve(projectRoot, '../shared/data/petshop'),
		only: null,
		nabLofo: false
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--json') args.json = true;
		else if (a === '--nab-dir') args.nabDir = resolve(value());
		else if (a === '--petshop-dir') args.petshopDir = resolve(value());
		else if (a === '--only') args.only = new Set(value().split(','));
		else if (a === '--nab-lofo') args.nabLofo = true;
		else throw new Error(`Unknown option ${a}. Options: --json, --nab-dir DIR, --petshop-dir DIR, --only nab,forecast,rca,demo,first-day, --nab-lofo`);
	}
	return args;
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_OPTIONS, loadDbTargets, parseDbTarget, scrubSecrets } from './config';

describe('parseDbTarget', () => {
	it('reads system, address, database, credentials and options from a DSN', () => {
		const target = parseDbTarget('mysql://app%40corp:p%40ss%3Aword@db.internal:3307/bank?label=core&pollMs=5000&slowMs=250');
		expect(target).toMatchObject({
			label: 'core',
			system: 'mysql',
			host: 'db.internal',
			port: 3307,
			namespace: 'bank',
			credentials: { user: 'app@corp', password: 'p@ss:word' }
		});
		expect(target.options).toEqual({ ...DEFAULT_DB_OPTIONS, pollMs: 5000, slowMs: 250 });
	});

	it('defaults ports and labels per system', () => {
		expect(parseDbTarget('postgres://u@pg.local/ledger')).toMatchObject({ system: 'postgresql', port: 5432, label: 'postgresql@pg.local:5432' });
		expect(parseDbTarget('mariadb://u@[::1]')).toMatchObject({ system: 'mariadb', host: '::1', port: 3306, namespace: undefined });
	});

	it('rejects bad input with messages that never hold the password', () => {
		const cases: [string, RegExp][] = [
			['not a url', /not a URL/],
			['redis://u:secretpw@h:1/0', /unsupported scheme "redis:"/],
			['mysql://u:secretpw@h/db?pollMs=abc', /pollMs must be a positive number/],
			['mysql://u:secretpw@h/db?pollMs=10', /pollMs must be at least 1000/],
			['mysql://u:secretpw@h/db?colour=blue', /unknown option\(s\) colour/]
		];
		for (const [dsn, message] of cases) {
			let error: Error | undefined;
			try {
				parseDbTarget(dsn);
			} catch (e) {
				error = e as Error;
			}
			expect(error?.message).toMatch(message);
			expect(error?.message).not.toContain('secretpw');
		}
		expect(parseDbTarget('mysql://u@h/db?pollMs=10', {}, true).options.pollMs).toBe(10);
	});
});

describe('loadDbTargets', () => {
	it('merges MERIDIAN_DB_* variables and a JSON file, reporting bad entries and keeping the rest', () => {
		const files: Record<string, string> = {
			'/etc/meridian/db.json': JSON.stringify({
				databases: [
					{ url: 'postgres://collector@10.0.0.9/ledger', password: 'from-file', label: 'ledger', slowMs: 2000 },
					{ url: 'postgres://x@h/y', label: 'core' },
					{ label: 'no url' }
				]
			})
		};
		const { targets, errors } = loadDbTargets({
			env: {
				MERIDIAN_DB_2: 'postgres://u:pw@h2/b',
				MERIDIAN_DB_1: 'mysql://u:pw@h1/a?label=core',
				MERIDIAN_DB_10: 'oracle://nope',
				MERIDIAN_DB_CONFIG: '/ignored.json',
				PATH: '/usr/bin'
			},
			argv: ['node', 'main.ts', '--db-config', '/etc/meridian/db.json'],
			readFile: (path) => {
				if (!(path in files)) throw new Error(`ENOENT ${path}`);
				return files[path];
			}
		});
		expect(targets.map((t) => t.label)).toEqual(['core', 'postgresql@h2:5432', 'ledger']);
		expect(targets[2]).toMatchObject({ credentials: { user: 'collector', password: 'from-file' }, options: { slowMs: 2000 } });
		expect(errors).toEqual([
			'MERIDIAN_DB_10: unsupported scheme "oracle:" (use mysql://, mariadb://, postgres:// or postgresql://)',
			'/etc/meridian/db.json entry 2: label "core" is already used by another database',
			'/etc/meridian/db.json entry 3: each entry needs a "url" string'
		]);
	});

	it('reports an unreadable or malformed config file and still loads the environment', () => {
		const missing = loadDbTargets({
			env: { MERIDIAN_DB_1: 'mysql://u@h/a', MERIDIAN_DB_CONFIG: '/nope.json' },
			readFile: () => {
				throw new Error('ENOENT: no such file');
			}
		});
		expect(missing.targets).toHaveLength(1);
		expect(missing.errors).toEqual(['/nope.json: ENOENT: no such file']);
		const malformed = loadDbTargets({ env: {}, argv: ['--db-config=/x.json'], readFile: () => '{"databases": 3}' });
		expect(malformed.errors).toEqual(['/x.json: expected {"databases": [...]} or an array']);
	});

	it('configures nothing when nothing is set', () => {
		expect(loadDbTargets({ env: { HOME: '/root' } })).toEqual({ targets: [], errors: [] });
	});
});

describe('scrubSecrets', () => {
	it('removes the password and DSN credentials from driver messages', () => {
		const target = { credentials: { user: 'app', password: 's3cr3t!' } };
		expect(scrubSecrets('auth failed for s3cr3t! at mysql://app:s3cr3t!@h/db', target)).toBe('auth failed for *** at mysql://***@h/db');
		expect(scrubSecrets('password authentication failed for user "app"', target)).toBe('password authentication failed for user "app"');
	});
});

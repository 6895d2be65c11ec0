import { describe, expect, it } from 'vitest';
import { businessIssueCodes } from '../domain/business/validate';
import { importIssueCodes } from '../domain/docs/board-io';
import { catalogues } from './catalogue';

describe('business messages', () => {
	it('has English and Korean text for every issue code the business and import checks give', () => {
		for (const code of [...businessIssueCodes, ...importIssueCodes, 'docs.sync.offline', 'docs.sync.unauthorized', 'docs.sync.http', 'docs.sync.protocol']) {
			expect(catalogues.en, code).toHaveProperty([code]);
			expect(catalogues.ko, code).toHaveProperty([code]);
		}
	});
});

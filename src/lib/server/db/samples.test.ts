import { describe, expect, it } from 'vitest';
import { SampleStore } from './samples';

describe('SampleStore', () => {
	it('keeps a literal sample over a later placeholder text, and a newer literal over an older one', () => {
		const store = new SampleStore();
		store.offer('d', 'SELECT * FROM t WHERE id = ?');
		expect(store.get('d')).toMatchObject({ generic: true });
		store.offer('d', 'SELECT * FROM t WHERE id = 5', 'bank');
		store.offer('d', 'SELECT * FROM t WHERE id = $1');
		expect(store.get('d')).toEqual({ digest: 'd', text: 'SELECT * FROM t WHERE id = 5', namespace: 'bank', generic: false });
		store.offer('d', 'SELECT * FROM t WHERE id = 6');
		expect(store.get('d')?.text).toBe('SELECT * FROM t WHERE id = 6');
		expect(store.hasLiteral('d')).toBe(true);
	});

	it('masks secrets and stays within its bound, dropping the least recently offered', () => {
		const store = new SampleStore(2);
		store.offer('a', "ALTER USER app IDENTIFIED BY 'hunter2'");
		expect(store.get('a')?.text).not.toContain('hunter2');
		store.offer('b', 'SELECT 1');
		store.offer('a', 'SELECT 2');
		store.offer('c', 'SELECT 3');
		expect(store.size).toBe(2);
		expect(store.get('b')).toBeUndefined();
		expect(store.get('a')?.text).toBe('SELECT 2');
	});
});

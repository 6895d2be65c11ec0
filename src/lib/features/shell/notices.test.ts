import { describe, expect, it } from 'vitest';
import type { StorageNotice } from '$lib/domain/telemetry/types';
import { bannerNotice } from './notices';

function notice(kind: StorageNotice['kind'], atMs: number): StorageNotice {
	return {
		kind,
		atMs,
		removed: { spanChunks: 1, spans: 1_000, metricChunks: 0, logChunks: 0, rollupWindows: 0 },
		oldestSpanMs: 0
	};
}

describe('bannerNotice', () => {
	it('shows the newest unrequested loss and hides routine retention', () => {
		const notices = [notice('retention', 50), notice('quota', 20), notice('budget', 30)];
		expect(bannerNotice(notices, 0)?.kind).toBe('budget');
		expect(bannerNotice([notice('retention', 50)], 0)).toBeUndefined();
	});

	it('stays hidden once dismissed until a newer notice arrives', () => {
		const notices = [notice('quota', 20)];
		expect(bannerNotice(notices, 20)).toBeUndefined();
		expect(bannerNotice([...notices, notice('quota', 21)], 20)?.atMs).toBe(21);
	});
});

/**
 * Seeded pseudo-random numbers (mulberry32): the partitioner's visiting orders come from
 * here, so a proposal is the same for the same input and seed on every machine.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(items: { [index: number]: T; length: number }, random: Random): void {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		const swap = items[i];
		items[i] = items[j];
		items[j] = swap;
	}
}

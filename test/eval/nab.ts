/** NAB evaluation: stream every file through a detector and score it per profile. */
import { loadNab, loadProfiles, type NabFile } from './nab-data';
import { scoreProfile, type ProfileResult } from './nab-score';

export interface StreamingScorer {
	update(value: number, timeMs: number): number;
}

export interface NabRun {
	detector: string;
	profiles: Record<string, ProfileResult>;
	files: number;
	windows: number;
	/** Rows streamed per second of wall time (printed, never asserted). */
	pointsPerSecond: number;
}

export function streamScores(file: NabFile, make: () => StreamingScorer): Float64Array {
	const detector = make();
	const scores = new Float64Array(file.values.length);
	// No look-ahead: row i's score is computed before row i + 1 is read.
	for (let i = 0; i < file.values.length; i++) scores[i] = detector.update(file.values[i], file.timesMs[i]);
	return scores;
}

export function evaluateNab(dir: string, detectors: Record<string, () => StreamingScorer>): NabRun[] {
	const files = loadNab(dir);
	const profiles = loadProfiles(dir);
	const runs: NabRun[] = [];
	const rows = files.reduce((n, f) => n + f.values.length, 0);
	for (const [name, make] of Object.entries(detectors)) {
		const startMs = performance.now();
		const scored = files.map((f) => ({ key: f.key, scores: streamScores(f, make), windows: f.windows }));
		const elapsedMs = performance.now() - startMs;
		const results: Record<string, ProfileResult> = {};
		for (const [profileName, profile] of Object.entries(profiles)) results[profileName] = scoreProfile(scored, profile);
		runs.push({ detector: name, profiles: results, files: files.length, windows: files.reduce((s, f) => s + f.windows.length, 0), pointsPerSecond: (1000 * rows) / Math.max(elapsedMs, 1e-3) });
	}
	return runs;
}

/**
 * The offline model check: the shipped model's output on a recorded input against the
 * numbers PyTorch gave at export (static/models/meridian-patchtst/model-check.json). A value
 * matches within `absoluteTolerance + relativeTolerance x |expected|`.
 */
export interface ModelCheckFixture {
	input: number[];
	expected: number[];
	relativeTolerance: number;
	absoluteTolerance: number;
}

export interface ModelCheckResult {
	ok: boolean;
	compared: number;
	maxAbsDiff: number;
	output: number[];
}

export function isModelCheckFixture(v: unknown): v is ModelCheckFixture {
	const o = v as ModelCheckFixture;
	return (
		typeof o === 'object' && o !== null &&
		Array.isArray(o.input) && o.input.every(Number.isFinite) &&
		Array.isArray(o.expected) && o.expected.length > 0 && o.expected.every(Number.isFinite) &&
		Number.isFinite(o.relativeTolerance) && Number.isFinite(o.absoluteTolerance)
	);
}

export function compareModelOutput(output: ArrayLike<number>, fixture: ModelCheckFixture): ModelCheckResult {
	let ok = output.length >= fixture.expected.length;
	let maxAbsDiff = 0;
	fixture.expected.forEach((e, i) => {
		const d = Math.abs((output[i] ?? NaN) - e);
		if (!(d <= fixture.absoluteTolerance + fixture.relativeTolerance * Math.abs(e))) ok = false;
		maxAbsDiff = Math.max(maxAbsDiff, Number.isFinite(d) ? d : Infinity);
	});
	return { ok, compared: fixture.expected.length, maxAbsDiff, output: Array.from(output).slice(0, fixture.expected.length) };
}

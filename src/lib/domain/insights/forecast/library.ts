/**
 * The forecaster set Meridian backtests per series. With a neural forecaster (the shipped
 * PatchTST through src/lib/io) it joins the set and the median ensembles; without one
 * (model not loaded yet, or failed) the statistical set still works.
 */
import { holtWinters, medianEnsemble, recentMean, recentMedian, seasonalMean, seasonalNaive, seasonalNaiveCycles } from './statistical';
import type { Forecaster } from './types';

export function standardForecasters(neural?: Forecaster): Forecaster[] {
	const weekly = seasonalNaiveCycles(7, 'weekly-naive');
	const recent = recentMean();
	const median = recentMedian();
	const members = neural ? [holtWinters, neural, median] : [holtWinters, seasonalMean(4), median];
	const weeklyMembers = neural ? [weekly, neural, holtWinters] : [weekly, seasonalMean(4), holtWinters];
	return [
		seasonalNaive,
		weekly,
		seasonalMean(4),
		holtWinters,
		recent,
		median,
		...(neural ? [neural] : []),
		medianEnsemble(members, 'ensemble'),
		medianEnsemble(weeklyMembers, 'ensemble-weekly')
	];
}

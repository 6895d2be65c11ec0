/**
 * Expected demand per service (requests per caller second) from the load shape, the channel
 * mix, surges and each transaction's visits: what the autoscaler and the queueing model see.
 * Follow-up loan steps are counted at the current application rate (their lag is ignored).
 */
import { SERVICES, type ServiceName } from './catalogue';
import { expectedTps, localTime, monthEndFactor } from './load';
import { CHANNELS, CHANNEL_MIX, CHANNEL_SHARE, LOAN_FLOW, visits, type BizTransaction, type Channel } from './transactions';

/** Transfers and deposits take a larger share of the mix on salary day and at month end. */
export function mixWeights(channel: Channel, scenarioMs: number): [BizTransaction, number][] {
	const boost = monthEndFactor(localTime(scenarioMs));
	return (Object.entries(CHANNEL_MIX[channel]) as [BizTransaction, number][]).map(([tx, w]) => [
		tx,
		tx === 'account.transfer' || tx === 'deposit' ? w * boost : w
	]);
}

/** Arrivals per caller second for a channel. */
export function channelRate(channel: Channel, scenarioMs: number, load: number, multiplier: number): number {
	return expectedTps(scenarioMs, load) * CHANNEL_SHARE[channel] * multiplier;
}

export function serviceDemand(scenarioMs: number, load: number, multiplier: (c: Channel) => number): Map<ServiceName, number> {
	const out = new Map<ServiceName, number>(SERVICES.map((s) => [s.name, 0]));
	const add = (tx: BizTransaction, channel: Channel, rate: number) => {
		for (const [svc, v] of Object.entries(visits(tx, channel)) as [ServiceName, number][]) out.set(svc, (out.get(svc) ?? 0) + rate * v);
	};
	let applications = 0;
	for (const channel of CHANNELS) {
		const rate = channelRate(channel, scenarioMs, load, multiplier(channel));
		const weights = mixWeights(channel, scenarioMs);
		const total = weights.reduce((n, [, w]) => n + w, 0);
		for (const [tx, w] of weights) {
			const r = (rate * w) / total;
			add(tx, channel, r);
			if (tx === 'loan.application') applications += r;
		}
	}
	const approvals = applications * LOAN_FLOW.reviewShare;
	add('loan.approval', 'branch', approvals);
	add('loan.execution', 'branch', approvals * LOAN_FLOW.approvedShare * LOAN_FLOW.executionShare);
	return out;
}

import { MemoryTelemetryStore } from './memory-store';
import { runTelemetryStoreContract, type ContractHarness } from './telemetry-store.contract';
import { runTransactionsContract } from './transactions.contract';

const create = async (): Promise<ContractHarness> => {
	let fault: 'quota' | 'cursor' | undefined;
	let now = Date.now();
	const store = new MemoryTelemetryStore({
		clock: { now: () => now },
		beforeWrite: () => {
			if (!fault) return;
			const kind = fault;
			fault = undefined;
			throw kind === 'quota' ? new DOMException('The quota has been exceeded.', 'QuotaExceededError') : new Error('cursor write failed');
		}
	});
	return {
		store,
		reopen: async () => store,
		arm: (f) => (fault = f),
		setNow: (ms) => (now = ms),
		dispose: async () => store.close()
	};
};

runTelemetryStoreContract('MemoryTelemetryStore', create);
runTransactionsContract('MemoryTelemetryStore', create);

import type { CsvSummary } from '$lib/domain/advisor/calls-csv';
import type { GraphSummary } from '$lib/domain/advisor/decompose';
import type { AdvisorClient, CsvProgress } from '$lib/workers/advisor-client';

/**
 * The dropped call-record CSV: parsed in the advisor worker (the file is handed over by
 * reference, never read on the main thread), which keeps its call graph for decompositions.
 * `loads` counts files loaded, so a proposal knows which file it answers.
 */
export class CsvState {
	status = $state<'none' | 'reading' | 'ready' | 'error' | 'cancelled'>('none');
	name = $state('');
	progress = $state.raw<CsvProgress | null>(null);
	summary = $state.raw<CsvSummary | null>(null);
	graph = $state.raw<GraphSummary | null>(null);
	error = $state<string | null>(null);
	loads = $state(0);
	#client: AdvisorClient;

	constructor(client: AdvisorClient) {
		this.#client = client;
	}

	async load(file: File): Promise<void> {
		const load = this.loads + 1;
		this.loads = load;
		this.status = 'reading';
		this.name = file.name;
		this.progress = null;
		this.summary = null;
		this.graph = null;
		this.error = null;
		const reply = await this.#client.loadCsv(file, (progress) => {
			if (this.loads === load) this.progress = progress;
		});
		if (this.loads !== load) return;
		if (reply.status === 'done') {
			this.summary = reply.csv;
			this.graph = reply.graph;
			this.status = 'ready';
		} else if (reply.status === 'failed') {
			this.error = reply.message;
			this.status = 'error';
		} else {
			this.status = 'cancelled';
		}
	}
}

import type { Decomposition } from '$lib/domain/advisor/decompose';
import type { ProposalDrawing } from '$lib/domain/advisor/drawing';
import type { Layout } from '$lib/domain/layout/types';
import type { AdvisorClient, CallSource } from '$lib/workers/advisor-client';
import { toLayoutGraph } from './proposal-graph';

/**
 * The proposal on screen: the worker's decomposition of the chosen call graph at K (0 =
 * sweep), then its drawing laid out by ELK in the layout worker. Tables show as soon as the
 * decomposition arrives; the graph follows. Only the newest request's answers are kept.
 */
export class ProposalState {
	status = $state<'idle' | 'decomposing' | 'ready' | 'missing' | 'error'>('idle');
	decomposition = $state.raw<Decomposition | null>(null);
	drawing = $state.raw<ProposalDrawing | null>(null);
	layout = $state.raw<Layout | null>(null);
	layoutStatus = $state<'idle' | 'running' | 'ready' | 'error'>('idle');
	error = $state<string | null>(null);
	layoutError = $state<string | null>(null);
	#client: AdvisorClient;
	#key = '';

	constructor(client: AdvisorClient) {
		this.#client = client;
	}

	/** `sourceKey` names the input (a window read and service, or a CSV load): same key and K, no new work. */
	async load(source: CallSource, sourceKey: string, k: number): Promise<void> {
		const key = `${sourceKey}|${k}`;
		if (key === this.#key && this.status !== 'error') return;
		this.#key = key;
		this.status = 'decomposing';
		this.error = null;
		const reply = await this.#client.decompose(source, k > 0 ? { k } : {});
		if (key !== this.#key || reply.status === 'superseded') return;
		if (reply.status === 'missing') {
			this.status = 'missing';
			return;
		}
		if (reply.status === 'failed') {
			this.status = 'error';
			this.error = reply.message;
			return;
		}
		this.decomposition = reply.decomposition;
		this.drawing = reply.drawing;
		this.layout = null;
		this.status = 'ready';
		if (!reply.drawing || reply.drawing.nodes.length === 0) {
			this.layoutStatus = 'idle';
			return;
		}
		this.layoutStatus = 'running';
		this.layoutError = null;
		const laid = await this.#client.layout(toLayoutGraph(reply.drawing));
		if (key !== this.#key || laid.status === 'superseded') return;
		if (laid.status === 'failed') {
			this.layoutStatus = 'error';
			this.layoutError = laid.message;
			return;
		}
		this.layout = laid.layout;
		this.layoutStatus = 'ready';
	}

	clear(): void {
		this.#key = '';
		this.status = 'idle';
		this.decomposition = null;
		this.drawing = null;
		this.layout = null;
		this.layoutStatus = 'idle';
	}
}

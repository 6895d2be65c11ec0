/**
 * Page state of the Insights screen that is not the host's snapshot: the incident history
 * read from the insights store, the offline import (through the page's own insight worker),
 * and the offline model check. Worker answers overtaken by newer requests are dropped.
 */
import type { SeriesAnalysis } from '$lib/domain/insights/live/analyse-series';
import type { AnomalyRecord } from '$lib/domain/insights/live/incidents';
import type { IncidentView } from '$lib/domain/insights/live/snapshot';
import type { InsightHistoryStore } from '$lib/io/insights/history-store';
import type { ImportSummary, InsightPageClient, ModelCheckOutcome } from '$lib/workers/insight-client';

type Status = 'idle' | 'loading' | 'ready' | 'error';

export class IncidentHistory {
	incidents = $state.raw<IncidentView[]>([]);
	anomalies = $state.raw<AnomalyRecord[]>([]);
	status = $state<Status>('idle');
	error = $state<string | null>(null);
	#issued = 0;

	async load(store: InsightHistoryStore, incidentId: string): Promise<void> {
		const id = ++this.#issued;
		if (this.status === 'idle') this.status = 'loading';
		try {
			const incidents = await store.incidents({ limit: 50 });
			const chosen = incidentId || incidents[0]?.id || '';
			const anomalies = chosen ? await store.anomalies({ incidentId: chosen, limit: 100 }) : [];
			if (id !== this.#issued) return;
			this.incidents = incidents;
			this.anomalies = anomalies;
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			if (id !== this.#issued) return;
			this.status = 'error';
			this.error = error instanceof Error ? error.message : String(error);
		}
	}
}

/** Largest file read from a drop (text in memory; the worker refuses more). */
export const maxDropBytes = 64 * 1024 * 1024;

export class ImportState {
	summary = $state.raw<ImportSummary | null>(null);
	analysis = $state.raw<SeriesAnalysis | null>(null);
	selected = $state(-1);
	status = $state<'idle' | 'reading' | 'analysing' | 'ready' | 'error'>('idle');
	error = $state<string | null>(null);

	constructor(private readonly client: InsightPageClient) {}

	async readFile(file: File): Promise<void> {
		if (file.size > maxDropBytes) {
			this.status = 'error';
			this.error = `${file.name}: ${Math.round(file.size / 1024 / 1024)} MiB is more than ${maxDropBytes / 1024 / 1024} MiB`;
			return;
		}
		this.status = 'reading';
		let text: string;
		try {
			text = await file.text();
		} catch (error) {
			this.status = 'error';
			this.error = error instanceof Error ? error.message : String(error);
			return;
		}
		await this.#take(await this.client.importFile(file.name, text));
	}

	async sample(): Promise<void> {
		this.status = 'reading';
		await this.#take(await this.client.importSample());
	}

	async #take(reply: Awaited<ReturnType<InsightPageClient['importFile']>>): Promise<void> {
		if (reply.status === 'superseded') return;
		if (reply.status === 'failed') {
			this.status = 'error';
			this.error = reply.message;
			return;
		}
		this.summary = reply.value;
		this.analysis = null;
		this.selected = -1;
		this.status = 'ready';
		this.error = null;
		if (reply.value.series.length > 0) await this.analyse(0);
	}

	async analyse(index: number): Promise<void> {
		this.selected = index;
		this.status = 'analysing';
		const reply = await this.client.analyseImported(index);
		if (reply.status === 'superseded') return;
		if (reply.status === 'failed') {
			this.status = 'error';
			this.error = reply.message;
			return;
		}
		this.analysis = reply.value;
		this.status = 'ready';
		this.error = null;
	}
}

export class ModelCheckState {
	result = $state.raw<ModelCheckOutcome | null>(null);
	running = $state(false);

	constructor(private readonly client: InsightPageClient) {}

	async run(): Promise<void> {
		this.running = true;
		const reply = await this.client.checkModel();
		if (reply.status === 'superseded') return;
		this.running = false;
		this.result = reply.status === 'done' ? reply.value : { status: 'failed', message: reply.message };
	}
}

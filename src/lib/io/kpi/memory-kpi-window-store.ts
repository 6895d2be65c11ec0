/** The in-memory twin of DexieKpiWindowStore (same contract), for tests and when IndexedDB is unavailable. */
import { mergeKpiWindows, replaceTargets, type KpiWindowRecord } from '../../domain/business/windows';
import { isStoredLevel, kpiRetentionMs, ruleRowsRetentionMs, storedKpiLevels, type KpiWindowState, type KpiWindowStore, type RowKind, type StoredKpiLevel, type StoredRuleRows } from './kpi-window-store';

export class MemoryKpiWindowStore implements KpiWindowStore {
	private readonly byLevel = new Map<StoredKpiLevel, Map<number, KpiWindowRecord>>(storedKpiLevels.map((l) => [l, new Map()]));
	private state: KpiWindowState | undefined;
	private readonly rows = new Map<number, StoredRuleRows>();
	private nextRowsId = 1;

	async windows(level: StoredKpiLevel, fromMs: number, toMs: number): Promise<KpiWindowRecord[]> {
		const out = [...(this.byLevel.get(level)?.values() ?? [])].filter((w) => w.startMs >= fromMs && w.startMs < toMs);
		return structuredClone(out.sort((a, b) => a.startMs - b.startMs));
	}

	async merge(deltas: readonly KpiWindowRecord[], state: KpiWindowState, nowMs: number, rows: readonly StoredRuleRows[] = []): Promise<number[]> {
		for (const d of deltas) {
			if (!isStoredLevel(d.level)) continue;
			const map = this.byLevel.get(d.level)!;
			const current = map.get(d.startMs);
			map.set(d.startMs, structuredClone(current ? mergeKpiWindows(current, d) : d));
		}
		this.state = structuredClone(state);
		for (const level of storedKpiLevels) {
			const cutoff = nowMs - kpiRetentionMs[level];
			for (const start of this.byLevel.get(level)!.keys()) if (start < cutoff) this.byLevel.get(level)!.delete(start);
		}
		const ids = await this.putRows(rows);
		for (const [id, record] of this.rows) if (record.toMs < nowMs - ruleRowsRetentionMs) this.rows.delete(id);
		return ids;
	}

	async putRows(rows: readonly StoredRuleRows[]): Promise<number[]> {
		return rows.map((record) => {
			const id = record.id ?? this.nextRowsId++;
			this.nextRowsId = Math.max(this.nextRowsId, id + 1);
			this.rows.set(id, structuredClone({ ...record, id }));
			return id;
		});
	}

	async *ruleRows(kinds: readonly RowKind[], fromMs: number): AsyncIterable<StoredRuleRows> {
		const records = [...this.rows.values()].filter((r) => kinds.includes(r.kind) && r.toMs >= fromMs).sort((a, b) => a.toMs - b.toMs || a.id! - b.id!);
		for (const record of records) yield structuredClone(record);
	}

	async clearRows(): Promise<void> {
		this.rows.clear();
	}

	async replace(options: Parameters<KpiWindowStore['replace']>[0]): Promise<void> {
		for (const level of storedKpiLevels) {
			const fresh = options.fresh[level];
			if (!fresh) continue;
			const map = this.byLevel.get(level)!;
			const stored = [...map.values()].filter((w) => w.startMs >= options.fromMs && w.startMs < options.toMs);
			for (const w of stored) map.delete(w.startMs);
			const inRange = fresh.filter((w) => w.startMs >= options.fromMs && w.startMs < options.toMs);
			const next = options.affected ? replaceTargets(stored, inRange, options.affected) : inRange;
			for (const w of next) map.set(w.startMs, structuredClone(w));
		}
		this.state = structuredClone(options.state);
	}

	async readState(): Promise<KpiWindowState | undefined> {
		return structuredClone(this.state);
	}

	async clear(): Promise<void> {
		for (const map of this.byLevel.values()) map.clear();
		this.rows.clear();
		this.state = undefined;
	}

	close(): void {}
}

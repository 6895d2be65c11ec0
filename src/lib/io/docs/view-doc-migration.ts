/**
 * Moves user edits kept before synced documents existed out of the telemetry store's meta
 * table (`TelemetryStore` view documents) into documents, once per device:
 *
 *   topology.pins.<grouping>  → layout `topology-pins.<grouping>`  (domain/docs/pins.ts)
 *   cloud-links               → cloud-links `cloud-links`          (domain/docs/cloud-links.ts)
 *   instances                 → preferences `preferences`          (domain/docs/preferences.ts)
 *
 * A value the document already holds (saved on any device) wins over the old local one.
 * An old entry is emptied (written null) only after its document edit is committed, so a
 * failure loses nothing: it is reported and tried again at the next start. The map's last
 * layout (`topology.layout.<grouping>`) is a cache of computed positions and stays local.
 */
import type { DocType, Json } from '../../protocol/sync';
import { cloudLinksDocId, cloudLinksDocType, migratedCloudLinksPatch } from '../../domain/docs/cloud-links';
import { migratedPinsPatch, pinsDocId, pinsDocState, pinsDocType } from '../../domain/docs/pins';
import { migratedInstancesPatch, preferencesDocId, preferencesDocType } from '../../domain/docs/preferences';
import type { DocRecord } from '../../protocol/sync';
import type { TelemetryStore } from '../telemetry-store';
import type { Documents } from './documents';

export type ViewDocStore = Pick<TelemetryStore, 'readViewDoc' | 'writeViewDoc'>;

/** The groupings the map kept pins for (topology-view.ts `groupModes`; '' = ungrouped). */
export const legacyPinGroups = ['', 'domain', 'namespace', 'k8sNamespace', 'cloudRegion'] as const;

export const legacyViewDocKeys = {
	pins: (group: string) => `topology.pins.${group || 'none'}`,
	cloudLinks: 'cloud-links',
	instances: 'instances'
} as const;

export interface MigrationReport {
	/** Old keys whose values are now in documents (and emptied). */
	moved: string[];
	failed: { key: string; reason: string }[];
}

interface Step {
	key: string;
	id: string;
	type: DocType;
	patch: (legacy: unknown, record: DocRecord | undefined) => Record<string, Json> | undefined;
}

const steps: Step[] = [
	...legacyPinGroups.map(
		(group): Step => ({
			key: legacyViewDocKeys.pins(group),
			id: pinsDocId('topology', group),
			type: pinsDocType,
			patch: (legacy, record) => migratedPinsPatch({ view: 'topology', group, legacy, state: pinsDocState(record) })
		})
	),
	{ key: legacyViewDocKeys.cloudLinks, id: cloudLinksDocId, type: cloudLinksDocType, patch: migratedCloudLinksPatch },
	{ key: legacyViewDocKeys.instances, id: preferencesDocId, type: preferencesDocType, patch: migratedInstancesPatch }
];

export async function migrateViewDocs(store: ViewDocStore, docs: Documents): Promise<MigrationReport> {
	const report: MigrationReport = { moved: [], failed: [] };
	for (const step of steps) {
		try {
			const legacy = await store.readViewDoc<unknown>(step.key);
			if (legacy === undefined || legacy === null) continue;
			const patch = step.patch(legacy, await docs.store.get(step.id));
			if (patch) await docs.edit(step.id, step.type, patch);
			await store.writeViewDoc(step.key, null);
			report.moved.push(step.key);
		} catch (error) {
			report.failed.push({ key: step.key, reason: error instanceof Error ? error.message : String(error) });
		}
	}
	return report;
}

const runs = new WeakMap<Documents, Promise<MigrationReport>>();

/**
 * The migration run once per documents session (every screen that reads these documents
 * awaits it, so none reads before the old values are in). Without a telemetry store there
 * is nothing to move.
 */
export function migrateViewDocsOnce(store: ViewDocStore | null, docs: Documents): Promise<MigrationReport> {
	if (!store) return Promise.resolve({ moved: [], failed: [] });
	let run = runs.get(docs);
	if (!run) runs.set(docs, (run = migrateViewDocs(store, docs)));
	return run;
}

export { createSyncHandler, defaultSyncLimits, type SyncHandler, type SyncLimits } from './handler';
export { defaultDocStoreLimits, type DocStore, type DocStoreLimits, type MergeResult, type StoreRefusal } from './doc-store';
export { MemoryDocStore } from './memory-doc-store';

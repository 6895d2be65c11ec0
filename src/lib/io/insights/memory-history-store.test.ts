import { runHistoryStoreContract } from './history-store.contract';
import { MemoryInsightHistoryStore } from './memory-history-store';

runHistoryStoreContract('MemoryInsightHistoryStore', async (bounds) => ({ store: new MemoryInsightHistoryStore({ bounds }) }));

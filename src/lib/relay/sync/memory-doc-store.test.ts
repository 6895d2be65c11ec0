import { runDocStoreContract } from './doc-store.contract';
import { MemoryDocStore } from './memory-doc-store';

runDocStoreContract('MemoryDocStore', async (limits) => ({ store: new MemoryDocStore({ limits }) }));

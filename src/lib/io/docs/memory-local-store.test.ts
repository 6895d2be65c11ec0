import { runLocalDocStoreContract } from './local-store.contract';
import { MemoryLocalDocStore } from './memory-local-store';

runLocalDocStoreContract('MemoryLocalDocStore', async (options) => ({ store: new MemoryLocalDocStore(options?.maxOutbox) }));

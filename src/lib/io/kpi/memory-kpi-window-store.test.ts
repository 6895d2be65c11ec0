import { runKpiWindowStoreContract } from './kpi-window-store.contract';
import { MemoryKpiWindowStore } from './memory-kpi-window-store';

runKpiWindowStoreContract('MemoryKpiWindowStore', async () => ({ store: new MemoryKpiWindowStore() }));

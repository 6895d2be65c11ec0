/** Service-map layout off the main thread: ELK layered, stable incremental placement, pins (layout-api.ts). */
import * as Comlink from 'comlink';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkEngine } from '../src/lib/domain/layout/types';
import { createLayoutApi } from './layout-api';

// elk.bundled.js claims `self.onmessage` for its own worker protocol when loaded in a worker;
// ELK runs in-thread here (its fake worker), so give the message port back to comlink alone.
self.onmessage = null;

const api = createLayoutApi(new ELK() as unknown as ElkEngine);
Comlink.expose(api);
export type { LayoutApi } from './layout-api';

/** Business mapping off the main thread: rule preview, KPI history re-evaluation with progress, live KPI windows (business-api.ts). */
import * as Comlink from 'comlink';
import { createBusinessApi } from './business-api';

Comlink.expose(createBusinessApi());
export type { BusinessApi } from './business-api';

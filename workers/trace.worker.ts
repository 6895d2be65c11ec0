/** Trace analysis off the main thread: tree, critical path, breakdown, comparison, search (trace-api.ts). */
import * as Comlink from 'comlink';
import { traceApi } from './trace-api';

Comlink.expose(traceApi);
export type { TraceApi } from './trace-api';

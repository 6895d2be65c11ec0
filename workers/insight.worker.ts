/** Insight algorithms off the main thread (insight-api.ts): bands, anomalies, forecasts, breaches, patterns, causes, rules, the insights host. */
import * as Comlink from 'comlink';
// The ONNX runtime files this worker's bundle already ships (one copy of the ~27 MB wasm):
// transformers.js would otherwise fetch them from a public CDN.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { createInsightApi } from './insight-api';
import { browserDeps } from './insight-runtime';

const wasmPaths = { mjs: new URL(ortMjsUrl, self.location.href).href, wasm: new URL(ortWasmUrl, self.location.href).href };

Comlink.expose(createInsightApi(browserDeps(), wasmPaths));
export type { InsightApi } from './insight-api';

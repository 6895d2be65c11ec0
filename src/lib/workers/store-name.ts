/**
 * The IndexedDB database the data path opens (telemetry-client.ts's default). Workers open
 * the same store by this name to read spans themselves instead of receiving them.
 */
export const telemetryDbName = 'meridian';

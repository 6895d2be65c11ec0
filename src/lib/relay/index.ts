export { createRelay, type Relay, type RelayOptions, type RouteHandler } from './relay';
export {
	ReplayLog,
	LogBusyError,
	memoryPersistence,
	defaultLogLimits,
	freshEpoch,
	type LogLimits,
	type LogPersistence,
	type StoredBatch,
	type RecordSet
} from './replay-log';
export { defaultBodyLimits, type BodyLimits } from './body';
export { defaultStreamLimits, type StreamLimits } from './stream';
export { HttpError } from './http';

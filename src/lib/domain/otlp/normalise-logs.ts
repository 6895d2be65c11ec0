import type { LogRecord } from '../../protocol/records';
import { flattenAttributes, toPlain } from './attributes';
import { Collector, isSpanId, isTraceId, type NormaliseOptions, type NormaliseResult } from './normalise-common';
import { nanosToMicros } from './time';
import type { AnyValue, ExportLogsServiceRequest, OtlpLogRecord } from './types';

/**
 * OTLP log records → LogRecords. Time is `timeUnixNano`, else `observedTimeUnixNano`, else
 * the relay's clock. A record is rejected (counted with its reason) when its trace id or
 * span id is present but malformed. Severity outside 0..24 becomes 0 (unspecified).
 */
export function normaliseLogs(request: ExportLogsServiceRequest, options: NormaliseOptions): NormaliseResult {
	const c = new Collector(options);
	const nowUs = Math.floor(options.nowMs * 1000);
	for (const rl of request.resourceLogs ?? []) {
		const count = (rl.scopeLogs ?? []).reduce((n, sl) => n + (sl.logRecords?.length ?? 0), 0);
		if (count === 0) continue;
		const resource = c.resource(rl.resource);
		for (const sl of rl.scopeLogs ?? []) {
			const scope = sl.scope?.name || undefined;
			for (const log of sl.logRecords ?? []) {
				const record = toLogRecord(log, nowUs, c);
				if (!record) continue;
				record.resourceId = resource.id;
				record.service = resource.service;
				record.instance = resource.instance;
				if (scope) record.scope = scope;
				c.result.logs.push(record);
			}
		}
	}
	return c.finish();
}

function toLogRecord(log: OtlpLogRecord, nowUs: number, c: Collector): LogRecord | undefined {
	let traceId = log.traceId ?? '';
	if (/^0*$/.test(traceId)) traceId = '';
	else if (!isTraceId(traceId)) return void c.reject('logRecords', 'invalid traceId (expected 32 hex digits or empty)');
	let spanId = log.spanId ?? '';
	if (/^0*$/.test(spanId)) spanId = '';
	else if (!isSpanId(spanId)) return void c.reject('logRecords', 'invalid spanId (expected 16 hex digits or empty)');
	const severity = log.severityNumber !== undefined && log.severityNumber >= 0 && log.severityNumber <= 24 ? log.severityNumber : 0;
	const record: LogRecord = {
		resourceId: '',
		service: '',
		instance: '',
		timeUs: nanosToMicros(log.timeUnixNano) || nanosToMicros(log.observedTimeUnixNano) || nowUs,
		severity,
		body: bodyText(log.body, c),
		attrs: flattenAttributes(log.attributes, c.stats, c.limits),
		traceId,
		spanId
	};
	if (log.severityText) record.severityText = log.severityText.slice(0, 64);
	if (log.eventName) record.eventName = log.eventName.slice(0, c.limits.maxKeyChars);
	return record;
}

function bodyText(body: AnyValue | undefined, c: Collector): string {
	if (!body) return '';
	let text = body.stringValue;
	if (text === undefined) {
		const plain = toPlain(body, c.limits.maxArrayItems);
		text = plain === null ? '' : typeof plain === 'string' ? plain : JSON.stringify(plain);
	}
	if (text.length <= c.limits.maxBodyChars) return text;
	c.stats.truncatedValues++;
	return text.slice(0, c.limits.maxBodyChars);
}

/**
 * Rollup series identities. A key is a plain string so that it can be a property name in a
 * stored window record and a Map key without allocation:
 *
 *   overall                        every transaction
 *   svc|<service>                  transactions of one service
 *   ep|<service>|<endpoint>        one endpoint of a service (see endpointName)
 *   inst|<service>|<instance>      one instance (pod, process) of a service
 *
 * `|` inside a name is escaped as `%7C` (and `%` as `%25`) so keys always split cleanly.
 * Per service, at most `maxEndpointsPerService` endpoints and `maxInstancesPerService`
 * instances get their own series; the rest roll into the reserved name `OVERFLOW_NAME`.
 */

export type SeriesKind = 'overall' | 'service' | 'endpoint' | 'instance';
export type SeriesKey = string;

export interface SeriesId {
	kind: SeriesKind;
	/** Absent for `overall`. */
	service?: string;
	/** For `endpoint` series. */
	endpoint?: string;
	/** For `instance` series. */
	instance?: string;
}

/** Name of the series that collects endpoints or instances past the per-service bound. */
export const OVERFLOW_NAME = '~other';
export const OVERALL_KEY: SeriesKey = 'overall';

function escapePart(part: string): string {
	if (part.indexOf('|') < 0 && part.indexOf('%') < 0) return part;
	return part.replace(/%/g, '%25').replace(/\|/g, '%7C');
}

function unescapePart(part: string): string {
	if (part.indexOf('%') < 0) return part;
	return part.replace(/%7C/g, '|').replace(/%25/g, '%');
}

export function serviceKey(service: string): SeriesKey {
	return 'svc|' + escapePart(service);
}

export function endpointKey(service: string, endpoint: string): SeriesKey {
	return 'ep|' + escapePart(service) + '|' + escapePart(endpoint);
}

export function instanceKey(service: string, instance: string): SeriesKey {
	return 'inst|' + escapePart(service) + '|' + escapePart(instance);
}

export function seriesKey(id: SeriesId): SeriesKey {
	switch (id.kind) {
		case 'overall':
			return OVERALL_KEY;
		case 'service':
			return serviceKey(id.service ?? '');
		case 'endpoint':
			return endpointKey(id.service ?? '', id.endpoint ?? '');
		case 'instance':
			return instanceKey(id.service ?? '', id.instance ?? '');
	}
}

/** Inverse of `seriesKey`; undefined for a string that is not a series key. */
export function parseSeriesKey(key: SeriesKey): SeriesId | undefined {
	if (key === OVERALL_KEY) return { kind: 'overall' };
	const parts = key.split('|');
	if (parts[0] === 'svc' && parts.length === 2) {
		return { kind: 'service', service: unescapePart(parts[1]) };
	}
	if (parts[0] === 'ep' && parts.length === 3) {
		return { kind: 'endpoint', service: unescapePart(parts[1]), endpoint: unescapePart(parts[2]) };
	}
	if (parts[0] === 'inst' && parts.length === 3) {
		return { kind: 'instance', service: unescapePart(parts[1]), instance: unescapePart(parts[2]) };
	}
	return undefined;
}

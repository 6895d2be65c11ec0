/**
 * Deep-link URL templates into cloud consoles, built from resource attributes.
 *
 * Syntax: literal text with placeholders `{name}` (see placeholders.ts for the names). A value
 * is always URL-encoded (encodeURIComponent); `{name|aws}` encodes it the way the AWS console
 * expects inside a `#` fragment (encoded twice, `%` written as `$`: `/ecs/a` → `$252Fecs$252Fa`).
 * `{{` and `}}` are literal braces. A template must start with `http://` or `https://` as
 * literal text, so no value can change where a link goes.
 *
 * A link is offered for a resource only when every placeholder of its template has a value.
 */
import type { Attrs } from '../../protocol/records';
import { knownPlaceholders, placeholderValues } from './placeholders';

export interface CloudLinkTemplate {
	/** Stable identifier (defaults keep theirs, so their labels can be translated). */
	id: string;
	/** User's label; empty for a default template (the UI shows its translated name). */
	label: string;
	url: string;
	/** Off: kept and editable, but no link is offered. */
	enabled: boolean;
}

export type TemplatePart = { text: string } | { key: string; filter: 'url' | 'aws' };

export type TemplateProblem =
	| { code: 'empty' }
	| { code: 'too-long'; maxChars: number }
	| { code: 'unclosed-brace'; at: number }
	| { code: 'stray-brace'; at: number }
	| { code: 'empty-placeholder'; at: number }
	| { code: 'unknown-placeholder'; key: string }
	| { code: 'unknown-filter'; filter: string }
	| { code: 'not-http' }
	| { code: 'not-a-url' };

export const maxTemplateChars = 2_000;
export const maxTemplates = 50;
const maxLabelChars = 80;
const maxIdChars = 64;

export interface ParsedTemplate {
	parts: TemplatePart[];
	/** Placeholder names in order of first use. */
	keys: string[];
	problems: TemplateProblem[];
}

/** Splits a template into literal text and placeholders, and reports every problem found. */
export function parseTemplate(url: string): ParsedTemplate {
	const parts: TemplatePart[] = [];
	const problems: TemplateProblem[] = [];
	const keys: string[] = [];
	if (url.trim() === '') return { parts, keys, problems: [{ code: 'empty' }] };
	if (url.length > maxTemplateChars) problems.push({ code: 'too-long', maxChars: maxTemplateChars });
	let text = '';
	for (let i = 0; i < url.length; i++) {
		const c = url[i];
		if ((c === '{' || c === '}') && url[i + 1] === c) {
			text += c;
			i++;
			continue;
		}
		if (c === '}') {
			problems.push({ code: 'stray-brace', at: i });
			continue;
		}
		if (c !== '{') {
			text += c;
			continue;
		}
		const end = url.indexOf('}', i + 1);
		const nextOpen = url.indexOf('{', i + 1);
		if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
			problems.push({ code: 'unclosed-brace', at: i });
			continue;
		}
		const [rawKey, rawFilter] = url.slice(i + 1, end).split('|', 2).map((s) => s.trim());
		i = end;
		if (!rawKey) {
			problems.push({ code: 'empty-placeholder', at: end });
			continue;
		}
		if (!knownPlaceholders.has(rawKey)) problems.push({ code: 'unknown-placeholder', key: rawKey });
		const filter = rawFilter === undefined || rawFilter === '' ? 'url' : rawFilter;
		if (filter !== 'url' && filter !== 'aws') problems.push({ code: 'unknown-filter', filter });
		if (text) parts.push({ text });
		text = '';
		parts.push({ key: rawKey, filter: filter === 'aws' ? 'aws' : 'url' });
		if (!keys.includes(rawKey)) keys.push(rawKey);
	}
	if (text) parts.push({ text });
	const lead = parts[0];
	if (!lead || !('text' in lead) || !/^https?:\/\//i.test(lead.text)) problems.push({ code: 'not-http' });
	else if (!isHttpUrl(render(parts, () => 'x'))) problems.push({ code: 'not-a-url' });
	return { parts, keys, problems };
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** `%` of an encoded value written as `$`, after encoding twice: the AWS console's fragment form. */
function awsFragmentEncode(value: string): string {
	return encodeURIComponent(encodeURIComponent(value)).replace(/%/g, '$');
}

function render(parts: readonly TemplatePart[], value: (key: string) => string): string {
	let out = '';
	for (const part of parts) {
		if ('text' in part) out += part.text;
		else out += part.filter === 'aws' ? awsFragmentEncode(value(part.key)) : encodeURIComponent(value(part.key));
	}
	return out;
}

export interface CloudLink {
	id: string;
	label: string;
	url: string;
}

/**
 * Links of every valid template whose placeholders all have a value in `attrs`, in
 * template order. Invalid templates give nothing (the editor shows why).
 */
export function buildLinks(templates: readonly CloudLinkTemplate[], attrs: Attrs): CloudLink[] {
	const values = placeholderValues(attrs);
	const links: CloudLink[] = [];
	for (const template of templates) {
		if (!template.enabled) continue;
		const parsed = parseTemplate(template.url);
		if (parsed.problems.length > 0) continue;
		if (!parsed.keys.every((key) => values[key] !== undefined)) continue;
		links.push({ id: template.id, label: template.label, url: render(parsed.parts, (key) => values[key]) });
	}
	return links;
}

/** Placeholders of `template` that `attrs` cannot fill (why a link is not offered). */
export function missingPlaceholders(template: CloudLinkTemplate, attrs: Attrs): string[] {
	const values = placeholderValues(attrs);
	return parseTemplate(template.url).keys.filter((key) => values[key] === undefined);
}

/**
 * Templates from any stored value (the old local `{ templates }` value, moved into the synced
 * document by domain/docs/cloud-links.ts): anything unreadable gives the defaults; entries
 * that are not objects with string fields are dropped; ids are made unique; at most
 * `maxTemplates` entries. Template problems are kept (the editor flags them; links skip them).
 */
export function normaliseTemplates(raw: unknown): CloudLinkTemplate[] {
	const list = typeof raw === 'object' && raw !== null && Array.isArray((raw as { templates?: unknown }).templates) ? (raw as { templates: unknown[] }).templates : undefined;
	if (!list) return defaultTemplates.map((t) => ({ ...t }));
	const out: CloudLinkTemplate[] = [];
	const ids = new Set<string>();
	for (const item of list) {
		if (out.length >= maxTemplates) break;
		if (typeof item !== 'object' || item === null) continue;
		const { id, label, url, enabled } = item as Record<string, unknown>;
		if (typeof id !== 'string' || typeof url !== 'string' || (label !== undefined && typeof label !== 'string')) continue;
		let unique = id.trim().slice(0, maxIdChars) || 'link';
		for (let n = 2; ids.has(unique); n++) unique = `${id.slice(0, maxIdChars - 4)}-${n}`;
		ids.add(unique);
		out.push({ id: unique, label: (label ?? '').slice(0, maxLabelChars), url: url.slice(0, maxTemplateChars + 1), enabled: enabled !== false });
	}
	return out;
}

const awsConsole = 'https://{cloud.region}.console.aws.amazon.com';
const kubectlProxyDashboard = 'http://localhost:8001/api/v1/namespaces/kubernetes-dashboard/services/https:kubernetes-dashboard:/proxy/#';
const openShiftConsole = 'https://console-openshift-console.apps.{k8s.cluster.name}.example.com';

/**
 * Shipped templates. The Kubernetes dashboard ones use the address `kubectl proxy` serves it
 * on; the OpenShift ones need the cluster's base domain in place of `example.com`, so they
 * ship switched off.
 */
export const defaultTemplates: readonly CloudLinkTemplate[] = Object.freeze([
	{ id: 'aws-ec2-instance', label: '', url: `${awsConsole}/ec2/home?region={cloud.region}#InstanceDetails:instanceId={host.id}`, enabled: true },
	{ id: 'aws-ecs-task', label: '', url: `${awsConsole}/ecs/v2/clusters/{aws.ecs.cluster.name}/tasks/{aws.ecs.task.id}/configuration?region={cloud.region}`, enabled: true },
	{ id: 'aws-ecs-service', label: '', url: `${awsConsole}/ecs/v2/clusters/{aws.ecs.cluster.name}/services/{aws.ecs.service.name}/health?region={cloud.region}`, enabled: true },
	{ id: 'aws-cloudwatch-logs', label: '', url: `${awsConsole}/cloudwatch/home?region={cloud.region}#logsV2:log-groups/log-group/{aws.log.group.name|aws}`, enabled: true },
	{ id: 'aws-rds', label: '', url: `${awsConsole}/rds/home?region={cloud.region}#database:id={aws.rds.resource.id};is-cluster={aws.rds.is_cluster}`, enabled: true },
	{ id: 'k8s-dashboard-pod', label: '', url: `${kubectlProxyDashboard}/pod/{k8s.namespace.name}/{k8s.pod.name}?namespace={k8s.namespace.name}`, enabled: true },
	{ id: 'k8s-dashboard-deployment', label: '', url: `${kubectlProxyDashboard}/deployment/{k8s.namespace.name}/{k8s.deployment.name}?namespace={k8s.namespace.name}`, enabled: true },
	{ id: 'openshift-pod', label: '', url: `${openShiftConsole}/k8s/ns/{k8s.namespace.name}/pods/{k8s.pod.name}`, enabled: false },
	{ id: 'openshift-deployment', label: '', url: `${openShiftConsole}/k8s/ns/{k8s.namespace.name}/deployments/{k8s.deployment.name}`, enabled: false }
]) as readonly CloudLinkTemplate[];

/** Ids of the shipped templates, for translated labels. */
export const defaultTemplateIds: readonly string[] = defaultTemplates.map((t) => t.id);

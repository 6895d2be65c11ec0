/**
 * Relay ingest: OTLP protobuf decode + normalise + append to the replay log (the append
 * serialises the batch to its SSE frame once), spans per second on one core, for requests
 * of 1,000 spans with 15 attributes each, made by the official OpenTelemetry JS SDK and
 * serialised by its ProtobufTraceSerializer.
 *
 * Baseline, same payload, same run: protobufjs (the generic reflection-based decoder, with
 * its runtime-generated code) decoding ExportTraceServiceRequest from the OTLP schema, i.e.
 * what a generic protobuf decode alone costs before any normalisation or fan-out.
 * Measured in a child process started with the relay's own heap setting
 * (`--max-semi-space-size=64`, as `npm start` runs it); the same figure with Node's default
 * heap is printed too, from the same child code.
 * Run alone: `npx tsx test/bench/relay.bench.ts`.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeTraceRequest, normaliseTraces, parseOtlpJson } from '../../src/lib/domain/otlp/index';
import { ReplayLog } from '../../src/lib/relay/replay-log';
import { printResults } from './median-timing';
import type { BenchResult } from './types';

const spansPerRequest = 1000;
/** Distinct requests cycled through in each timed call. */
const requestsPerRun = 8;

function makeSpans(seed: number): ReadableSpan[] {
	const exporter = new InMemorySpanExporter();
	const provider = new BasicTracerProvider({
		resource: resourceFromAttributes({
			'service.name': 'deposit-service',
			'service.namespace': 'deposits',
			'service.version': '2.3.1',
			'service.instance.id': 'deposit-service-6c5d8f7b9-x2x7k',
			'deployment.environment.name': 'production',
			'k8s.namespace.name': 'bank',
			'k8s.pod.name': 'deposit-service-6c5d8f7b9-x2x7k',
			'k8s.node.name': 'ip-10-0-3-21.ap-northeast-2.compute.internal',
			'cloud.provider': 'aws',
			'cloud.region': 'ap-northeast-2',
			'host.name': 'deposit-service-6c5d8f7b9-x2x7k',
			'telemetry.sdk.language': 'nodejs'
		}),
		spanProcessors: [new SimpleSpanProcessor(exporter)]
	});
	const tracer = provider.getTracer('bench');
	const baseMs = Date.UTC(2024, 2, 1, 12) + seed * 1000;
	const routes = ['/accounts/{id}', '/transfers', '/deposits', '/withdrawals', '/accounts/{id}/history'];
	for (let i = 0; i < spansPerRequest; i++) {
		const route = routes[i % routes.length];
		const db = i % 3 === 1;
		const span = tracer.startSpan(db ? `SELECT deposits.accounts` : `POST ${route}`, {
			kind: db ? SpanKind.CLIENT : SpanKind.SERVER,
			startTime: baseMs + i,
			attributes: db
				? {
						'db.system': 'mysql',
						'db.namespace': 'deposits',
						'db.collection.name': 'accounts',
						'db.operation.name': 'SELECT',
						'db.query.text': 'SELECT id, balance, currency, status FROM accounts WHERE id = ? FOR UPDATE',
						'server.address': 'deposits-db.bank.svc.cluster.local',
						'server.port': 3306,
						'network.peer.address': '10.0.7.12',
						'db.response.returned_rows': 1,
						'code.function.name': 'AccountRepository.lockForUpdate',
						'code.namespace': 'com.bank.deposits.repository',
						'thread.name': `http-nio-8080-exec-${i % 16}`,
						'biz.channel': i % 2 ? 'mobile' : 'internet',
						'biz.customer_segment': 'retail',
						'db.client.connection.pool.name': 'hikari-deposits'
					}
				: {
						'http.request.method': 'POST',
						'http.route': route,
						'http.response.status_code': i % 50 === 0 ? 500 : 200,
						'url.path': route.replace('{id}', String(100000 + i)),
						'url.scheme': 'https',
						'server.address': 'api.bank.example',
						'server.port': 443,
						'client.address': `10.1.${i % 255}.${(i * 7) % 255}`,
						'user_agent.original': 'BankApp/5.2.0 (iPhone; iOS 17.4)',
						'network.protocol.version': '1.1',
						'biz.transaction': 'deposit',
						'biz.amount_krw': 10_000 * ((i % 97) + 1),
						'biz.product': 'savings-plus',
						'biz.channel': i % 2 ? 'mobile' : 'internet',
						'biz.customer_segment': i % 10 === 0 ? 'premium' : 'retail'
					}
		});
		if (i % 50 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
		span.end(baseMs + i + 2 + (i % 40));
	}
	return exporter.getFinishedSpans();
}

/** The OTLP trace schema for protobufjs (field numbers from opentelemetry-proto). */
function genericDecoder(): protobuf.Type {
	const kv = (id: number) => ({ rule: 'repeated', type: 'KeyValue', id });
	const root = protobuf.Root.fromJSON({
		nested: {
			AnyValue: {
				oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
				fields: {
					stringValue: { type: 'string', id: 1 },
					boolValue: { type: 'bool', id: 2 },
					intValue: { type: 'int64', id: 3 },
					doubleValue: { type: 'double', id: 4 },
					arrayValue: { type: 'ArrayValue', id: 5 },
					kvlistValue: { type: 'KeyValueList', id: 6 },
					bytesValue: { type: 'bytes', id: 7 }
				}
			},
			ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
			KeyValueList: { fields: { values: kv(1) } },
			KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
			Resource: { fields: { attributes: kv(1), droppedAttributesCount: { type: 'uint32', id: 2 } } },
			InstrumentationScope: {
				fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 }, attributes: kv(3), droppedAttributesCount: { type: 'uint32', id: 4 } }
			},
			Status: { fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } } },
			Event: {
				fields: { timeUnixNano: { type: 'fixed64', id: 1 }, name: { type: 'string', id: 2 }, attributes: kv(3), droppedAttributesCount: { type: 'uint32', id: 4 } }
			},
			Link: {
				fields: {
					traceId: { type: 'bytes', id: 1 },
					spanId: { type: 'bytes', id: 2 },
					traceState: { type: 'string', id: 3 },
					attributes: kv(4),
					droppedAttributesCount: { type: 'uint32', id: 5 },
					flags: { type: 'fixed32', id: 6 }
				}
			},
			Span: {
				fields: {
					traceId: { type: 'bytes', id: 1 },
					spanId: { type: 'bytes', id: 2 },
					traceState: { type: 'string', id: 3 },
					parentSpanId: { type: 'bytes', id: 4 },
					name: { type: 'string', id: 5 },
					kind: { type: 'int32', id: 6 },
					startTimeUnixNano: { type: 'fixed64', id: 7 },
					endTimeUnixNano: { type: 'fixed64', id: 8 },
					attributes: kv(9),
					droppedAttributesCount: { type: 'uint32', id: 10 },
					events: { rule: 'repeated', type: 'Event', id: 11 },
					droppedEventsCount: { type: 'uint32', id: 12 },
					links: { rule: 'repeated', type: 'Link', id: 13 },
					droppedLinksCount: { type: 'uint32', id: 14 },
					status: { type: 'Status', id: 15 },
					flags: { type: 'fixed32', id: 16 }
				}
			},
			ScopeSpans: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, spans: { rule: 'repeated', type: 'Span', id: 2 }, schemaUrl: { type: 'string', id: 3 } } },
			ResourceSpans: { fields: { resource: { type: 'Resource', id: 1 }, scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 }, schemaUrl: { type: 'string', id: 3 } } },
			ExportTraceServiceRequest: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } }
		}
	});
	return root.lookupType('ExportTraceServiceRequest');
}

/**
 * Spans per second of CPU time (user + system of this process, GC threads included) and of
 * wall time: median of 3 rounds of at least 0.5 s CPU each, after a warm-up. CPU time is the
 * "one core" figure and holds steady on a machine shared with other work; wall time does not.
 */
function throughput(fn: () => void, spansPerCall: number): { cpu: number; wall: number } {
	for (let i = 0; i < 5; i++) fn();
	const cpuRates: number[] = [];
	const wallRates: number[] = [];
	for (let round = 0; round < 3; round++) {
		const cpu0 = process.cpuUsage();
		const wall0 = performance.now();
		let calls = 0;
		let cpuUs = 0;
		while (cpuUs < 500_000) {
			fn();
			calls++;
			const d = process.cpuUsage(cpu0);
			cpuUs = d.user + d.system;
		}
		cpuRates.push((calls * spansPerCall) / (cpuUs / 1e6));
		wallRates.push((calls * spansPerCall) / ((performance.now() - wall0) / 1000));
	}
	const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	return { cpu: median(cpuRates), wall: median(wallRates) };
}

async function measure(ingestOnly: boolean): Promise<BenchResult[]> {
	const payloads = Array.from({ length: requestsPerRun }, (_, i) => makeSpans(i));
	const protobufBodies = payloads.map((spans) => ProtobufTraceSerializer.serializeRequest(spans)!);
	const jsonTexts = payloads.map((spans) => new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!));
	const generic = genericDecoder();
	// sanity: both decoders see every span
	const check = generic.decode(protobufBodies[0]) as unknown as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
	if (check.resourceSpans[0].scopeSpans[0].spans.length !== spansPerRequest) throw new Error('generic decode lost spans');
	if (normaliseTraces(decodeTraceRequest(protobufBodies[0]), { nowMs: 0 }).spans.length !== spansPerRequest) {
		throw new Error('relay decode lost spans');
	}

	// the log is bounded as in production (64 MiB here) so eviction is part of the cost
	const log = ReplayLog.inMemory({ limits: { maxBytes: 64 * 1024 * 1024 } });
	const nowMs = Date.now();
	const perCall = requestsPerRun * spansPerRequest;
	const generic_ = throughput(() => protobufBodies.forEach((b) => generic.decode(b)), perCall);
	const ingest = throughput(
		() => protobufBodies.forEach((b) => log.append(normaliseTraces(decodeTraceRequest(b), { nowMs }))),
		perCall
	);
	const bytesPerRequest = Math.round(protobufBodies.reduce((n, b) => n + b.length, 0) / protobufBodies.length);
	const wallNote = (r: { wall: number }, b: { wall: number }) =>
		`wall clock: ${Math.round(r.wall).toLocaleString('en')} vs ${Math.round(b.wall).toLocaleString('en')} spans/s`;
	const headline: BenchResult = {
		name: 'protobuf decode + normalise + append (1,000 spans × 15 attrs per request), per CPU second',
		value: ingest.cpu,
		unit: 'spans/s',
		baseline: generic_.cpu,
		baselineName: 'protobufjs decode only',
		ratio: ingest.cpu / generic_.cpu,
		target: 100_000,
		better: 'higher',
		note: `${bytesPerRequest.toLocaleString('en')} bytes per request; ${wallNote(ingest, generic_)}`
	};
	if (ingestOnly) return [headline];
	const decode = throughput(() => protobufBodies.forEach((b) => decodeTraceRequest(b)), perCall);
	const jsonParse = throughput(() => jsonTexts.forEach((t) => JSON.parse(t)), perCall);
	const jsonIngest = throughput(
		() => jsonTexts.forEach((t) => log.append(normaliseTraces(parseOtlpJson('traces', t), { nowMs }))),
		perCall
	);
	return [
		headline,
		{
			name: 'protobuf decode only (hand-written reader), per CPU second',
			value: decode.cpu,
			unit: 'spans/s',
			baseline: generic_.cpu,
			baselineName: 'protobufjs decode only',
			ratio: decode.cpu / generic_.cpu,
			better: 'higher',
			note: wallNote(decode, generic_)
		},
		{
			name: 'OTLP/JSON parse + validate + normalise + append, per CPU second',
			value: jsonIngest.cpu,
			unit: 'spans/s',
			baseline: jsonParse.cpu,
			baselineName: 'JSON.parse only',
			ratio: jsonIngest.cpu / jsonParse.cpu,
			better: 'higher',
			note: wallNote(jsonIngest, jsonParse)
		}
	];
}

/** The figures of a child process running `measure()` with the given V8 flags. */
function measureInChild(flags: string[], ingestOnly: boolean): BenchResult[] {
	const tsxLoader = import.meta.resolve('tsx');
	const child = spawnSync(process.execPath, [...flags, '--import', tsxLoader, fileURLToPath(import.meta.url), ingestOnly ? '--child=ingest' : '--child'], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 300_000
	});
	if (child.status !== 0) throw new Error(`relay bench child exited with ${child.status}`);
	return JSON.parse(child.stdout.trim().split('\n').pop()!) as BenchResult[];
}

export async function run(): Promise<BenchResult[]> {
	const tuned = measureInChild(['--max-semi-space-size=64'], false);
	const [defaultHeap] = measureInChild([], true);
	return [
		...tuned,
		{
			...defaultHeap,
			name: `${defaultHeap.name}, Node's default heap`,
			note: 'the relay runs with --max-semi-space-size=64 (npm start); this is without it'
		}
	];
}

const childArg = process.argv.find((a) => a.startsWith('--child'));
if (childArg) {
	process.stdout.write(JSON.stringify(await measure(childArg === '--child=ingest')) + '\n');
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	printResults(await run());
}

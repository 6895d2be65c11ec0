/** The static service catalogue, for tests and evaluations (users only see telemetry). */
import { CACHE, CREDIT_BUREAU, DATABASES, KAFKA, SERVICES, SMS_GATEWAY, type ServiceName } from './catalogue';
import { DB_LABELS } from './db-telemetry';
import { CALLS } from './dependencies';
import { MONOLITH_CLASSES } from './monolith';
import { TX_DOMAIN, type BizTransaction } from './transactions';

export interface BankTopology {
	services: {
		name: ServiceName;
		namespace?: string;
		platform: 'eks' | 'ecs' | 'ec2';
		runtime: 'java' | 'nodejs';
		version: string;
		minReplicas: number;
		maxReplicas: number;
		calls: readonly ServiceName[];
		databases: string[];
	}[];
	databases: { id: string; label: string; system: string; namespace: string; address: string; port: number }[];
	externals: { peerService: string; address: string }[];
	cache: { system: string; address: string };
	queues: { system: 'kafka'; topic: string; consumerGroup: string; consumer: ServiceName }[];
	monolith: { service: ServiceName; classes: string[]; sharedTables: string[] };
	transactions: { name: BizTransaction; domain: string }[];
}

export function bankTopology(): BankTopology {
	return {
		services: SERVICES.map((s) => ({
			name: s.name,
			namespace: s.namespace,
			platform: s.platform,
			runtime: s.runtime,
			version: s.version,
			minReplicas: s.minReplicas,
			maxReplicas: s.maxReplicas,
			calls: CALLS[s.name],
			databases: s.pools.map((p) => p.db)
		})),
		databases: DATABASES.map((d) => ({ id: d.id, label: DB_LABELS[d.id], system: d.system, namespace: d.namespace, address: d.address, port: d.port })),
		externals: [CREDIT_BUREAU, SMS_GATEWAY].map((e) => ({ peerService: e.peerService, address: e.address })),
		cache: { system: CACHE.system, address: CACHE.address },
		queues: [{ system: 'kafka', topic: KAFKA.notificationTopic, consumerGroup: KAFKA.consumerGroup, consumer: 'notification' }],
		monolith: { service: 'core-banking', classes: Object.values(MONOLITH_CLASSES), sharedTables: ['CUSTOMER', 'ACCOUNT', 'LEDGER'] },
		transactions: (Object.keys(TX_DOMAIN) as BizTransaction[]).map((name) => ({ name, domain: TX_DOMAIN[name] }))
	};
}

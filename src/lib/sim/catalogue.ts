/**
 * The demo bank's static service catalogue: services, databases, caches, queues and
 * external hosts. Everything here is constant; pods and instance ids live in scaling.ts.
 */

export type ServiceName =
	| 'api-gateway'
	| 'internet-banking'
	| 'mobile-banking'
	| 'auth'
	| 'accounts'
	| 'deposit-withdrawal'
	| 'transfer'
	| 'loan-application'
	| 'credit-scoring'
	| 'loan-execution'
	| 'product-catalogue'
	| 'product-subscription'
	| 'notification'
	| 'core-banking';

export type Platform = 'eks' | 'ecs' | 'ec2';
export type Runtime = 'java' | 'nodejs';

export interface ServiceDef {
	name: ServiceName;
	/** service.namespace: the business domain where one applies. */
	namespace?: string;
	version: string;
	runtime: Runtime;
	platform: Platform;
	/** k8s.namespace.name on EKS. */
	k8sNamespace?: string;
	/** Requests per caller second one instance serves at 100 % utilisation. */
	capacityRps: number;
	minReplicas: number;
	maxReplicas: number;
	/** Heap limit (jvm.memory.limit summed over heap pools, or the V8 heap limit), MiB. */
	heapLimitMb: number;
	/** Live heap after a full collection at normal load, MiB. */
	heapBaseMb: number;
	/** Connection pools to databases (db ids from DATABASES). */
	pools: readonly { db: DatabaseId; max: number }[];
	/** Unexplained server errors (HTTP 500) per request in normal operation. */
	baseErrorRate: number;
	/** Java main class simple name, for start-up logs. */
	appClass: string;
}

export const SERVICES: readonly ServiceDef[] = [
	{ name: 'api-gateway', version: '3.2.1', runtime: 'java', platform: 'eks', k8sNamespace: 'edge', capacityRps: 14, minReplicas: 2, maxReplicas: 24, heapLimitMb: 1024, heapBaseMb: 260, pools: [], baseErrorRate: 0.0003, appClass: 'GatewayApplication' },
	{ name: 'internet-banking', namespace: 'ebanking', version: '5.8.0', runtime: 'nodejs', platform: 'eks', k8sNamespace: 'ebanking', capacityRps: 9, minReplicas: 2, maxReplicas: 8, heapLimitMb: 768, heapBaseMb: 140, pools: [], baseErrorRate: 0.0005, appClass: 'server.js' },
	{ name: 'mobile-banking', namespace: 'ebanking', version: '7.1.3', runtime: 'nodejs', platform: 'eks', k8sNamespace: 'ebanking', capacityRps: 9, minReplicas: 2, maxReplicas: 30, heapLimitMb: 768, heapBaseMb: 150, pools: [], baseErrorRate: 0.0005, appClass: 'server.js' },
	{ name: 'auth', namespace: 'ebanking', version: '2.6.4', runtime: 'java', platform: 'eks', k8sNamespace: 'ebanking', capacityRps: 16, minReplicas: 2, maxReplicas: 10, heapLimitMb: 1024, heapBaseMb: 300, pools: [{ db: 'auth-db', max: 10 }], baseErrorRate: 0.0003, appClass: 'AuthApplication' },
	{ name: 'accounts', namespace: 'deposits', version: '4.12.0', runtime: 'java', platform: 'eks', k8sNamespace: 'deposits', capacityRps: 12, minReplicas: 2, maxReplicas: 18, heapLimitMb: 1536, heapBaseMb: 420, pools: [{ db: 'deposits-db', max: 10 }], baseErrorRate: 0.0004, appClass: 'AccountsApplication' },
	{ name: 'deposit-withdrawal', namespace: 'deposits', version: '3.4.2', runtime: 'java', platform: 'eks', k8sNamespace: 'deposits', capacityRps: 6, minReplicas: 1, maxReplicas: 6, heapLimitMb: 1024, heapBaseMb: 310, pools: [{ db: 'deposits-db', max: 10 }], baseErrorRate: 0.0005, appClass: 'DepositWithdrawalApplication' },
	{ name: 'transfer', namespace: 'deposits', version: '6.0.3', runtime: 'java', platform: 'eks', k8sNamespace: 'deposits', capacityRps: 5, minReplicas: 2, maxReplicas: 14, heapLimitMb: 1536, heapBaseMb: 450, pools: [{ db: 'deposits-db', max: 10 }], baseErrorRate: 0.0005, appClass: 'TransferApplication' },
	{ name: 'loan-application', namespace: 'lending', version: '2.9.1', runtime: 'java', platform: 'eks', k8sNamespace: 'lending', capacityRps: 4, minReplicas: 1, maxReplicas: 6, heapLimitMb: 1024, heapBaseMb: 330, pools: [{ db: 'lending-db', max: 8 }], baseErrorRate: 0.0008, appClass: 'LoanApplicationApplication' },
	{ name: 'credit-scoring', namespace: 'lending', version: '1.14.0', runtime: 'java', platform: 'ecs', capacityRps: 4, minReplicas: 1, maxReplicas: 5, heapLimitMb: 2048, heapBaseMb: 700, pools: [{ db: 'lending-db', max: 8 }], baseErrorRate: 0.0008, appClass: 'CreditScoringApplication' },
	{ name: 'loan-execution', namespace: 'lending', version: '2.2.7', runtime: 'java', platform: 'eks', k8sNamespace: 'lending', capacityRps: 3, minReplicas: 1, maxReplicas: 3, heapLimitMb: 1024, heapBaseMb: 290, pools: [{ db: 'lending-db', max: 8 }], baseErrorRate: 0.0008, appClass: 'LoanExecutionApplication' },
	{ name: 'product-catalogue', namespace: 'products', version: '2.4.0', runtime: 'java', platform: 'ecs', capacityRps: 8, minReplicas: 1, maxReplicas: 10, heapLimitMb: 1024, heapBaseMb: 280, pools: [{ db: 'products-db', max: 10 }], baseErrorRate: 0.0004, appClass: 'ProductCatalogueApplication' },
	{ name: 'product-subscription', namespace: 'products', version: '1.8.5', runtime: 'java', platform: 'ecs', capacityRps: 3, minReplicas: 1, maxReplicas: 4, heapLimitMb: 1024, heapBaseMb: 300, pools: [{ db: 'products-db', max: 10 }], baseErrorRate: 0.0006, appClass: 'ProductSubscriptionApplication' },
	{ name: 'notification', version: '1.3.2', runtime: 'java', platform: 'eks', k8sNamespace: 'platform', capacityRps: 10, minReplicas: 1, maxReplicas: 12, heapLimitMb: 768, heapBaseMb: 220, pools: [], baseErrorRate: 0.0003, appClass: 'NotificationApplication' },
	{ name: 'core-banking', namespace: 'core', version: '11.7.2', runtime: 'java', platform: 'ec2', capacityRps: 60, minReplicas: 2, maxReplicas: 2, heapLimitMb: 8192, heapBaseMb: 3100, pools: [{ db: 'core-db', max: 40 }], baseErrorRate: 0.0002, appClass: 'CoreBankingServer' }
];

export function serviceDef(name: ServiceName): ServiceDef {
	const def = SERVICES.find((s) => s.name === name);
	if (!def) throw new Error(`unknown demo bank service ${name}`);
	return def;
}

export type DatabaseId = 'deposits-db' | 'lending-db' | 'products-db' | 'auth-db' | 'core-db';

export interface DatabaseDef {
	id: DatabaseId;
	/** db.system.name (and the older db.system). */
	system: 'mysql' | 'postgresql';
	/** db.namespace. */
	namespace: string;
	/** server.address. */
	address: string;
	port: number;
	version: string;
}

export const DATABASES: readonly DatabaseDef[] = [
	{ id: 'deposits-db', system: 'mysql', namespace: 'deposits', address: 'deposits-db.cluster-c7x2k9.ap-northeast-2.rds.amazonaws.com', port: 3306, version: '8.0.39' },
	{ id: 'products-db', system: 'mysql', namespace: 'products', address: 'products-db.cluster-c7x2k9.ap-northeast-2.rds.amazonaws.com', port: 3306, version: '8.0.39' },
	{ id: 'lending-db', system: 'postgresql', namespace: 'lending', address: 'lending-db.c7x2k9.ap-northeast-2.rds.amazonaws.com', port: 5432, version: '16.4' },
	{ id: 'auth-db', system: 'postgresql', namespace: 'auth', address: 'auth-db.c7x2k9.ap-northeast-2.rds.amazonaws.com', port: 5432, version: '16.4' },
	{ id: 'core-db', system: 'postgresql', namespace: 'corebank', address: 'cbs-db-01.corp.meridianbank.internal', port: 5432, version: '15.8' }
];

export function databaseDef(id: DatabaseId): DatabaseDef {
	const def = DATABASES.find((d) => d.id === id);
	if (!def) throw new Error(`unknown demo bank database ${id}`);
	return def;
}

export const CACHE = {
	system: 'redis',
	address: 'bank-cache.x8k2pq.ng.0001.apn2.cache.amazonaws.com',
	port: 6379
} as const;

export const KAFKA = {
	brokers: 'b-1.bank-events.k3m9x2.c3.kafka.ap-northeast-2.amazonaws.com',
	port: 9092,
	notificationTopic: 'notification.requested',
	consumerGroup: 'notification-dispatcher',
	partitions: 6
} as const;

export interface ExternalDef {
	/** peer.service */
	peerService: string;
	/** server.address */
	address: string;
	port: number;
	/** Client timeout, ms. */
	timeoutMs: number;
	medianMs: number;
	sigma: number;
}

export const CREDIT_BUREAU: ExternalDef = {
	peerService: 'credit-bureau',
	address: 'api.kcb-credit.example.co.kr',
	port: 443,
	timeoutMs: 3000,
	medianMs: 180,
	sigma: 0.35
};

export const SMS_GATEWAY: ExternalDef = {
	peerService: 'sms-gateway',
	address: 'sms.msg-hub.example.co.kr',
	port: 443,
	timeoutMs: 5000,
	medianMs: 45,
	sigma: 0.4
};

export const CLOUD = {
	provider: 'aws',
	region: 'ap-northeast-2',
	zones: ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'],
	accountId: '318274650912',
	clusterName: 'meridian-bank-prod',
	ecsCluster: 'bank-fargate-prod',
	environment: 'production'
} as const;

/** The migration advisor off the main thread: findings, class call graph, decompositions (advisor-api.ts). */
import * as Comlink from 'comlink';
import { createAdvisorApi } from './advisor-api';

Comlink.expose(createAdvisorApi());
export type { AdvisorApi } from './advisor-api';

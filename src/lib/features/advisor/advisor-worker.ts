import { createAdvisorClient, type AdvisorClient } from '$lib/workers/advisor-client';

let client: AdvisorClient | undefined;

/**
 * The area's one advisor client, started on first use and kept for the session: both pages
 * share it, so going from the findings to the advisor with the same window reads nothing again.
 */
export function advisorClient(): AdvisorClient {
	client ??= createAdvisorClient();
	return client;
}

/**
 * Plumbing shared by the worker clients: a worker started on first use, and latest-wins
 * request numbers per kind of request.
 *
 * Latest-wins: each call of a kind takes the next request number of that kind (the worker
 * gets it, so it can stop overtaken work itself), and an answer arriving after a newer
 * request of the same kind was made comes back as `superseded`, whatever it was. A worker
 * that failed to load or threw answers `failed` with its message instead of rejecting.
 */
import * as Comlink from 'comlink';

export type Superseded = { status: 'superseded' };
export type Failed = { status: 'failed'; message: string };
/** A worker answer of type T, or why there is none. */
export type Outcome<T> = ({ status: 'done' } & T) | Superseded | Failed;

/** A comlink-wrapped worker that starts on first use; `terminate()` stops it, and the next use starts a new one. */
export class LazyWorker<Api> {
	#worker: Worker | undefined;
	#api: Comlink.Remote<Api> | undefined;

	constructor(private readonly start: () => Worker) {}

	/** The worker's API, starting the worker if it is not running. */
	get api(): Comlink.Remote<Api> {
		if (!this.#api) {
			this.#worker = this.start();
			this.#api = Comlink.wrap<Api>(this.#worker);
		}
		return this.#api;
	}

	/** The API of the running worker, or undefined when none runs (nothing is started). */
	get running(): Comlink.Remote<Api> | undefined {
		return this.#api;
	}

	terminate(): void {
		this.#worker?.terminate();
		this.#worker = undefined;
		this.#api = undefined;
	}
}

/** Request numbers per kind; numbers start at 1 and only grow, one counter per kind. */
export class LatestWins<Kind extends string> {
	#latest = new Map<Kind, number>();

	/** Takes the next request number of `kind`, overtaking every earlier request of that kind. */
	next(kind: Kind): number {
		const request = (this.#latest.get(kind) ?? 0) + 1;
		this.#latest.set(kind, request);
		return request;
	}

	isLatest(kind: Kind, request: number): boolean {
		return this.#latest.get(kind) === request;
	}

	/** Runs `run` with the next request number of `kind`; see the module comment for what comes back. */
	async call<Pending extends PromiseLike<unknown>>(kind: Kind, run: (request: number) => Pending): Promise<Awaited<Pending> | Superseded | Failed> {
		const request = this.next(kind);
		let reply: Awaited<Pending> | Failed;
		try {
			reply = await run(request);
		} catch (error) {
			reply = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
		}
		return this.isLatest(kind, request) ? reply : { status: 'superseded' };
	}
}

/**
 * A worker reply without its status when done; undefined when the worker found it overtaken
 * (for clients whose callers treat an overtaken answer as nothing to show).
 */
export function whenDone<Reply extends { status: string }>(reply: Reply): Omit<Extract<Reply, { status: 'done' }>, 'status'> | undefined {
	if (reply.status !== 'done') return undefined;
	const { status: _status, ...answer } = reply;
	return answer as Omit<Extract<Reply, { status: 'done' }>, 'status'>;
}

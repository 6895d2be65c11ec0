import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { LatestWins, LazyWorker, whenDone } from './latest-wins';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

describe('LatestWins', () => {
	it('answers superseded to a request overtaken by a newer one of its kind, whatever order the answers arrive in', async () => {
		const requests = new LatestWins<'read' | 'layout'>();
		const first = deferred<{ status: 'done'; value: number }>();
		const second = deferred<{ status: 'done'; value: number }>();
		const seen: number[] = [];
		const older = requests.call('read', (request) => (seen.push(request), first.promise));
		const newer = requests.call('read', (request) => (seen.push(request), second.promise));
		const otherKind = requests.call('layout', async (request) => ({ status: 'done' as const, value: request }));
		second.resolve({ status: 'done', value: 2 });
		first.resolve({ status: 'done', value: 1 });
		expect(await older).toEqual({ status: 'superseded' });
		expect(await newer).toEqual({ status: 'done', value: 2 });
		expect(await otherKind).toEqual({ status: 'done', value: 1 });
		expect(seen).toEqual([1, 2]);
	});

	it('answers a failure in words instead of rejecting, and supersedes an overtaken failure too', async () => {
		const requests = new LatestWins<'read'>();
		expect(await requests.call('read', () => Promise.reject(new Error('out of memory')))).toEqual({ status: 'failed', message: 'out of memory' });
		expect(await requests.call('read', () => Promise.reject('plain text'))).toEqual({ status: 'failed', message: 'plain text' });
		const slow = deferred<never>();
		const overtaken = requests.call('read', () => slow.promise);
		expect(requests.next('read')).toBe(4);
		slow.reject(new Error('late'));
		expect(await overtaken).toEqual({ status: 'superseded' });
		expect(requests.isLatest('read', 4)).toBe(true);
	});
});

describe('LazyWorker', () => {
	it('starts the worker on first use only, and a new one after terminate', async () => {
		const started: string[] = [];
		const closed: string[] = [];
		const start = () => {
			const name = `w${started.length + 1}`;
			started.push(name);
			const { port1, port2 } = new MessageChannel();
			Comlink.expose({ name: () => name }, port2);
			return Object.assign(port1, { terminate: () => (closed.push(name), port1.close()) }) as unknown as Worker;
		};
		const worker = new LazyWorker<{ name(): string }>(start);
		expect(worker.running).toBeUndefined();
		expect(started).toEqual([]);
		expect(await worker.api.name()).toBe('w1');
		expect(await worker.api.name()).toBe('w1');
		expect(worker.running).toBeDefined();
		worker.terminate();
		expect(closed).toEqual(['w1']);
		expect(worker.running).toBeUndefined();
		expect(await worker.api.name()).toBe('w2');
		worker.terminate();
		worker.terminate();
		expect(closed).toEqual(['w1', 'w2']);
	});
});

describe('whenDone', () => {
	it('gives the answer without its status when done, and nothing when overtaken', () => {
		type Reply = { status: 'done'; rows: number[]; total: number } | { status: 'superseded' };
		const done: Reply = { status: 'done', rows: [3, 1], total: 2 };
		const overtaken: Reply = { status: 'superseded' };
		expect(whenDone(done)).toEqual({ rows: [3, 1], total: 2 });
		expect(whenDone(overtaken)).toBeUndefined();
	});
});

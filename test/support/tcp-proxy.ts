import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy the browser talks to instead of the real server, so a test can take
 * the network away (every open connection dropped, new ones refused) and give it back, or
 * point the same address at another server.
 */
export interface TcpProxy {
	url: string;
	port: number;
	/** Drops every open connection and refuses new ones until `restore()`. */
	cut(): void;
	restore(): void;
	/** Sends new connections to another target port (open ones are dropped). */
	retarget(targetPort: number): void;
	close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
	let target = targetPort;
	let down = false;
	const open = new Set<Socket>();
	const dropAll = () => {
		for (const socket of open) socket.destroy();
		open.clear();
	};
	const server: Server = createServer((client) => {
		if (down) {
			client.destroy();
			return;
		}
		const upstream = connect(target, '127.0.0.1');
		open.add(client);
		open.add(upstream);
		const close = () => {
			client.destroy();
			upstream.destroy();
			open.delete(client);
			open.delete(upstream);
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
		client.pipe(upstream);
		upstream.pipe(client);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		cut() {
			down = true;
			dropAll();
		},
		restore() {
			down = false;
		},
		retarget(next) {
			target = next;
			dropAll();
		},
		close: () =>
			new Promise((resolve) => {
				dropAll();
				server.close(() => resolve());
			})
	};
}

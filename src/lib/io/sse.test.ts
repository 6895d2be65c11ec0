import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse';

function parse(chunks: string[]): { events: SseEvent[]; comments: string[] } {
	const events: SseEvent[] = [];
	const comments: string[] = [];
	const parser = new SseParser((e) => events.push(e), (c) => comments.push(c));
	for (const chunk of chunks) parser.push(chunk);
	return { events, comments };
}

const stream = 'event: hello\ndata: {"epoch":"e"}\n\n: keepalive\n\nid: 7\nevent: batch\ndata: {"seq":7,\ndata: "x":1}\n\n';

describe('SseParser', () => {
	it('parses events, multi-line data, ids and comments', () => {
		const { events, comments } = parse([stream]);
		expect(events).toEqual([
			{ event: 'hello', data: '{"epoch":"e"}' },
			{ event: 'batch', data: '{"seq":7,\n"x":1}', id: '7' }
		]);
		expect(comments).toEqual(['keepalive']);
	});

	it('gives the same events however the text is split', () => {
		const whole = parse([stream]).events;
		for (let size = 1; size < 12; size++) {
			const chunks: string[] = [];
			for (let i = 0; i < stream.length; i += size) chunks.push(stream.slice(i, i + size));
			expect(parse(chunks).events).toEqual(whole);
		}
	});

	it('accepts CRLF and CR line ends, also when a CRLF is split between chunks', () => {
		const crlf = stream.replace(/\n/g, '\r\n');
		const cr = stream.replace(/\n/g, '\r');
		const expected = parse([stream]).events;
		expect(parse([crlf]).events).toEqual(expected);
		expect(parse([cr]).events).toEqual(expected);
		const splitAt = crlf.indexOf('\r\n') + 1;
		expect(parse([crlf.slice(0, splitAt), crlf.slice(splitAt)]).events).toEqual(expected);
	});

	it('defaults the event type, strips one leading space, reads retry, ignores unknown fields', () => {
		const { events } = parse(['data:  two spaces\nretry: 2500\nfoo: bar\n\ndata\n\n']);
		expect(events).toEqual([
			{ event: 'message', data: ' two spaces', retry: 2500 },
			{ event: 'message', data: '' }
		]);
	});

	it('dispatches nothing for an event without data or an unterminated one', () => {
		expect(parse(['event: hello\n\nid: 3\n\ndata: partial']).events).toEqual([]);
	});

	it('gives the same events for CRLF text split at every size, a line end falling anywhere', () => {
		const crlf = stream.replace(/\n/g, '\r\n');
		const expected = parse([stream]).events;
		for (let size = 1; size < 14; size++) {
			const chunks: string[] = [];
			for (let i = 0; i < crlf.length; i += size) chunks.push(crlf.slice(i, i + size));
			expect(parse(chunks).events).toEqual(expected);
		}
	});

	it('handles a large single-line payload in many small pieces', () => {
		const big = JSON.stringify({ spans: Array.from({ length: 5_000 }, (_, i) => ({ i, name: 'span ' + i })) });
		const text = `id: 1\nevent: batch\ndata: ${big}\n\n`;
		const chunks: string[] = [];
		for (let i = 0; i < text.length; i += 4_096) chunks.push(text.slice(i, i + 4_096));
		const { events } = parse(chunks);
		expect(events).toHaveLength(1);
		expect(JSON.parse(events[0].data).spans).toHaveLength(5_000);
	});
});

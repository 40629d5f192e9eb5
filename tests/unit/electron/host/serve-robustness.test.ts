import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_DEPTH } from '../../../../shared/text/json-depth';
import { connectClient, socketOptions, spawnServe, type ServeClient, type SpawnedServe } from './serve-client';

/**
 * No input kills the server (docs/security.md, "No input kills the server"): malformed frames
 * written as raw bytes after a valid handshake, records and requests nested 10,000 deep, 50 clients
 * at once, and connections that send nothing or stall. A second serve has its timeouts shortened
 * through AGENTMIX_SERVE_LIMITS, so that each close comes soon; it serves only the tests that wait
 * for a close, since on a loaded machine a short heartbeat would also close a slow healthy client.
 */

/** A JSON value nested `depth` arrays deep. */
function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

let root: string;
let serve: SpawnedServe;
let client: ServeClient;
/** The serve with short timeouts. */
let hasty: SpawnedServe;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentmix-serve-robust-')));
  const data = join(root, 'data');
  mkdirSync(data);
  const chat = (id: string, text: string): string => JSON.stringify({ id, conversations: [{ from: 'human', value: text }, { from: 'gpt', value: `An answer to: ${text}` }] });
  // One record nested 10,000 deep and one at the readers' limit (in a field the format does not read), between two good ones.
  const deep = (id: string, depth: number): string => `{"id": "${id}", "conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello"}], "extra": ${nested(depth)}}`;
  const lines = [chat('first', 'What is a list?'), deep('deep', 10_000), deep('edge', MAX_DEPTH - 1), chat('last', 'What is a map?')];
  writeFileSync(join(data, 'chats.jsonl'), `${lines.join('\n')}\n`);
  serve = await spawnServe([join(data, 'chats.jsonl')], { dataDir: data, env: { AGENTMIX_SERVE_LIMITS: JSON.stringify({ maxSockets: 60 }) } });
  hasty = await spawnServe([], {
    dataDir: join(root, 'data'),
    env: { AGENTMIX_SERVE_LIMITS: JSON.stringify({ headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 400, checkIntervalMs: 100, heartbeatMs: 300 }) },
  });
  await serve.waitFor(/Indexed \d+ records from 1 sources/);
  client = await connectClient(serve);
}, 120_000);

afterAll(async () => {
  await client?.close();
  expect(await serve?.stop()).toBe(0);
  expect(await hasty?.stop()).toBe(0);
});

/** Resolves once the server is still answering calls. */
async function stillServing(): Promise<void> {
  expect(serve.alive()).toBe(true);
  const probe = await connectClient(serve);
  await expect(probe.value('app.info', {})).resolves.toMatchObject({ name: 'AgentMix Studio' });
  await probe.close();
}

/** Opens a TCP connection and completes a valid WebSocket handshake by hand; resolves with the raw socket. */
function rawHandshake(): Promise<Socket> {
  const { protocols, options } = socketOptions(serve);
  return new Promise((resolve, reject) => {
    const socket = connectTcp(serve.port, '127.0.0.1', () => {
      socket.write(
        [
          'GET /api HTTP/1.1',
          `Host: 127.0.0.1:${serve.port}`,
          `Origin: ${options.origin}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Protocol: ${protocols.join(', ')}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`the handshake was refused: ${head.split('\r\n')[0]}`));
      else resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** A client frame: FIN, the opcode, masked unless told otherwise, with a payload length that may lie. */
function frame(options: { opcode: number; payload: Buffer; rsv1?: boolean; masked?: boolean; claimedLength?: bigint }): Buffer {
  const { payload } = options;
  const masked = options.masked ?? true;
  const first = 0x80 | (options.rsv1 ? 0x40 : 0) | options.opcode;
  const length = options.claimedLength ?? BigInt(payload.length);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, (masked ? 0x80 : 0) | Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8((masked ? 0x80 : 0) | 126, 1);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8((masked ? 0x80 : 0) | 127, 1);
    header.writeBigUInt64BE(length, 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]));
  return Buffer.concat([header, mask, body]);
}

/** Resolves once the server has closed the socket. */
function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
    socket.on('error', () => undefined);
    socket.resume();
  });
}

const closeCode = (code: number): Buffer => {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code);
  return payload;
};

describe('malformed frames after a valid handshake', () => {
  const cases: [string, Buffer][] = [
    ['invalid UTF-8 in a text frame', frame({ opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })],
    ['an unmasked client frame', frame({ opcode: 0x1, payload: Buffer.from('{}'), masked: false })],
    ['RSV1 set without compression', frame({ opcode: 0x1, payload: Buffer.from('{}'), rsv1: true })],
    ['a reserved opcode', frame({ opcode: 0x3, payload: Buffer.from('{}') })],
    ['a close frame with an invalid code', frame({ opcode: 0x8, payload: closeCode(999) })],
    ['a message claiming to be over the size limit', frame({ opcode: 0x2, payload: Buffer.alloc(0), claimedLength: 1n << 40n })],
  ];
  for (const [name, bytes] of cases) {
    it(`closes the connection on ${name}, and keeps serving`, async () => {
      const socket = await rawHandshake();
      socket.write(bytes);
      await closed(socket);
      await stillServing();
    });
  }
});

describe('deep values', () => {
  it('indexes a record at the depth limit and sends it whole; one past it is a problem on its line, and the others are read', async () => {
    const page = await client.value<{ total: number; rows: { key: string; id: string | null }[] }>('records.page', { offset: 0, limit: 10 });
    expect(page.rows.map((row) => row.id)).toEqual(['first', 'edge', 'last']);
    const sources = await client.value<{ sources: { errors: { line: number; message: string }[] }[] }>('sources.list', {});
    expect(sources.sources[0].errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/4,?096/) })]);
    const edge = page.rows.find((row) => row.id === 'edge') as { key: string };
    const opened = await client.value<{ value: { extra: unknown } }>('records.get', { key: edge.key });
    expect(JSON.stringify(opened.value.extra)).toBe(nested(MAX_DEPTH - 1));
    await stillServing();
  });

  it('refuses a request nested 10,000 deep with a failure, and keeps serving', async () => {
    const line = `{"key": "abcd1234:deep", "decision": "accept", "by": "ana", "at": "2024-05-01T10:00:00Z", "edited": {"conversations": ${nested(10_000)}}}`;
    const result = await client.callText(1_000_000, `{"type": "call", "id": 1000000, "name": "review.write", "request": {"path": "deep.jsonl", "lines": [${line}]}}`);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/nests deeper than/) } });
    await stillServing();
  });
});

describe('pages while a source is indexing', () => {
  it('answers records.page from the open sources only, never from rows still being indexed', async () => {
    const big = join(root, 'data', 'big.jsonl');
    const line = (index: number): string => JSON.stringify({ id: `big-${index}`, conversations: [{ from: 'human', value: `Question number ${index} about sorting lists` }, { from: 'gpt', value: `Answer number ${index}: use sorted().` }] });
    writeFileSync(big, `${Array.from({ length: 20_000 }, (_, index) => line(index)).join('\n')}\n`);
    const before = await client.value<{ total: number }>('records.page', { offset: 0, limit: 1 });
    let indexing = true;
    const opened = client.value('sources.open', { paths: [big] }).finally(() => (indexing = false));
    const pages: { ok: boolean; total?: number }[] = [];
    while (indexing) {
      const page = await client.call('records.page', { offset: 0, limit: 50 });
      pages.push(page.ok ? { ok: true, total: (page.value as { total: number }).total } : { ok: false });
    }
    await opened;
    expect(pages.every((page) => page.ok && (page.total === before.total || page.total === before.total + 20_000))).toBe(true);
    expect(serve.output()).not.toMatch(/belongs to no open source/);
  }, 120_000);
});

describe('many connections', () => {
  it('serves 50 clients at once', async () => {
    const clients = await Promise.all(Array.from({ length: 50 }, () => connectClient(serve)));
    const answers = await Promise.all(clients.map((each, index) => each.value<{ total: number }>('records.page', { offset: 0, limit: 1 + (index % 5) })));
    expect(answers.every((answer) => answer.total === answers[0].total)).toBe(true);
    await Promise.all(clients.map((each) => each.close()));
    await stillServing();
  });

  it('refuses a handshake past the connection cap with 503', async () => {
    const clients: ServeClient[] = [];
    let refusal: unknown = null;
    try {
      // The cap is 60 sockets here; the test's client is one (sockets of earlier tests may still be closing).
      for (let attempt = 0; attempt < 70 && refusal === null; attempt++) {
        await connectClient(serve).then(
          (opened) => void clients.push(opened),
          (error: unknown) => (refusal = error),
        );
      }
      expect(String(refusal)).toMatch(/HTTP 503/);
      expect(clients.length).toBeLessThanOrEqual(59);
    } finally {
      await Promise.all(clients.map((each) => each.close()));
    }
    await stillServing();
  });
});

describe('slow and idle connections', () => {
  it('closes a connection that sends nothing', async () => {
    const socket = connectTcp(hasty.port, '127.0.0.1');
    await closed(socket);
  });

  it('closes a connection whose headers never end', async () => {
    const socket = connectTcp(hasty.port, '127.0.0.1', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${hasty.port}\r\nX-Slow: `));
    await closed(socket);
  });

  it('closes a WebSocket that stops answering pings', async () => {
    const { url, protocols, options } = socketOptions(hasty);
    const silent = new WebSocket(url, protocols, { ...options, autoPong: false });
    await new Promise((resolve) => silent.once('open', resolve));
    const code = await new Promise<number>((resolve) => silent.once('close', (value) => resolve(value)));
    expect(code).toBe(1006);
    expect(hasty.alive()).toBe(true);
  });
});

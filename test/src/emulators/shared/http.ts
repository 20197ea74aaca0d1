import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What a handler answers; the server writes it after the simulated latency. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface IncomingCall {
  method: string;
  path: string;
  rawQuery: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type CallHandler = (call: IncomingCall) => Promise<Reply>;

export interface RunningServer {
  server: Server;
  url: string;
  close: () => Promise<void>;
}

// Far above anything a real client sends; keeps a runaway test from exhausting memory.
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();

        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;

  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers['Content-Type'] = reply.contentType ?? 'application/json';
  } else if (reply.text !== undefined) {
    payload = reply.text;
    headers['Content-Type'] = reply.contentType ?? 'text/plain; charset=utf-8';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Starts a node:http server whose every request goes through `handle`; a throw becomes a 500. */
export async function startServer(
  handle: CallHandler,
  port: number,
  host: string,
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    void serve(handle, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return { server, url, close };
}

async function serve(handle: CallHandler, req: IncomingMessage, res: ServerResponse) {
  try {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const reply = await handle({
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      rawQuery: url.search.replace(/^\?/, ''),
      headers: req.headers,
      body,
    });
    if (!res.headersSent) writeReply(res, reply);
  } catch (error) {
    if (res.headersSent || res.destroyed) return;
    writeReply(res, { status: 500, text: `emulator error: ${(error as Error).message}` });
  }
}

export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

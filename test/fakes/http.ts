import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Small helpers shared by the third-party fakes. */

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

/** Start a server on 127.0.0.1 with a free port. */
export async function listen(handler: Handler): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        await handler(req, res, await readBody(req));
      } catch (err) {
        reply(res, 500, JSON.stringify({ fakeError: String(err) }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A webhook request as a receiver sees it, ready for SmsProvider.handleWebhook or for posting. */
export interface FakeWebhookRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** POST a prepared webhook request to its URL. */
export async function deliver(request: FakeWebhookRequest): Promise<{ status: number; body: string }> {
  const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  return { status: res.status, body: await res.text() };
}

/** Failures to inject into the next sends, consumed one per request. */
export class FailureQueue<T> {
  private readonly pending: T[] = [];
  add(count: number, failure: T): void {
    for (let i = 0; i < count; i++) this.pending.push(failure);
  }
  take(): T | undefined {
    return this.pending.shift();
  }
  get size(): number {
    return this.pending.length;
  }
}

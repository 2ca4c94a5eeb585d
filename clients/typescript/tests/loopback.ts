import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A server on 127.0.0.1 whose answers a test scripts, one handler per request in
 * order, recording each request's headers and when it was closed.
 */
export class Loopback {
  readonly requests: { url: string; headers: IncomingMessage["headers"]; closed: Promise<void> }[] = [];
  private readonly server: Server;

  private constructor(handlers: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
    this.server = createServer((req, res) => {
      const closed = new Promise<void>((resolve) => res.on("close", () => resolve()));
      this.requests.push({ url: req.url ?? "", headers: req.headers, closed });
      const handler = handlers[this.requests.length - 1] ?? handlers[handlers.length - 1];
      handler(req, res);
    });
  }

  static async start(...handlers: ((req: IncomingMessage, res: ServerResponse) => void)[]): Promise<Loopback> {
    const loopback = new Loopback(handlers);
    await new Promise<void>((resolve) => loopback.server.listen(0, "127.0.0.1", resolve));
    return loopback;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function stream(res: ServerResponse, ...chunks: string[]): void {
  res.writeHead(200, { "Content-Type": "text/event-stream" });
  for (const chunk of chunks) {
    res.write(chunk);
  }
}

export function problem(res: ServerResponse, status: number, title: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/problem+json", ...headers });
  res.end(JSON.stringify({ type: "about:blank", title, status, detail: `${title} (test)`, instance: "/test" }));
}

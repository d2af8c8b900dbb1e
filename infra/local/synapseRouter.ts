import { createServer, type Server } from "node:http";
import { createProxyServer } from "http-proxy-3";
import type { SynapseTopology } from "../../core/synapse/topology.ts";
import { accessTokenOf, resolveInstance } from "../../core/synapse/topologyRoutes.ts";

/**
 * The local worker mode's router: the routing table (core/synapse/topologyRoutes.ts) applied
 * in front of the Synapse processes, as the ALB does on AWS. http-proxy-3 does the proxying;
 * this module only picks the target. A process that is down (being restarted) answers 502
 * with a Matrix error, which clients retry like any other gateway failure.
 */

export interface SynapseRouter {
  url: string;
  /** Requests sent to each instance since start (what the router did, for diagnostics). */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

export async function startSynapseRouter(o: { host: string; port: number; topology: SynapseTopology; targets: Record<string, string> }): Promise<SynapseRouter> {
  // xfwd: Synapse's listeners trust X-Forwarded-For (x_forwarded: true), so the workers log the client's address, not the router's.
  const proxy = createProxyServer({ xfwd: true, proxyTimeout: 0 });
  const counts: Record<string, number> = {};
  const turn: Record<string, number> = {};
  const pick = (pool: string[]): string => {
    const key = pool.join(",");
    const i = (turn[key] = ((turn[key] ?? -1) + 1) % pool.length);
    return pool[i]!;
  };
  proxy.on("error", (_err, _req, res) => {
    // res is a socket for upgrades (none here) and a ServerResponse otherwise.
    if (!res || !("writeHead" in res) || res.headersSent) {
      res?.destroy();
      return;
    }
    res.writeHead(502, { "content-type": "application/json", "retry-after": "1" });
    res.end(JSON.stringify({ errcode: "M_UNKNOWN", error: "homeserver process unavailable; retry" }));
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://router.invalid");
    const instance = resolveInstance(o.topology, { path: url.pathname, method: req.method ?? "GET", token: accessTokenOf(req.headers, url.searchParams) }, pick);
    counts[instance] = (counts[instance] ?? 0) + 1;
    proxy.web(req, res, { target: o.targets[instance]! });
  });
  // Long-polls (/sync with a timeout) stay open as long as Synapse holds them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    url: `http://${o.host}:${o.port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        proxy.close();
      }),
  };
}

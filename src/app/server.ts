import type { Server } from "node:http";
import type express from "express";

export interface RunningServer {
  url: string;
  /** Stops at once: open connections, in-flight requests included, are dropped. */
  close(): Promise<void>;
  /**
   * Stops accepting connections; requests already being served get their answer (for at most
   * `graceMs`, then their connections are dropped too). Resolves once the server has closed.
   */
  stopAccepting(graceMs: number): Promise<void>;
}

/** Listens and resolves once the port is bound, with the URL it is reachable at. */
export function listen(app: express.Express, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    // Feishu sends small bodies at once; a client that trickles one must not hold a socket for minutes.
    server.requestTimeout = 15_000;
    server.headersTimeout = 10_000;
    server.once("error", reject);
    server.once("listening", () => {
      const address = server.address();
      const boundPort = typeof address === "object" && address ? address.port : port;
      const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
      const closed = new Promise<void>((done) => server.once("close", () => done()));
      resolve({
        url: `http://${shownHost}:${boundPort}`,
        close: () => {
          server.close();
          server.closeAllConnections();
          return closed;
        },
        stopAccepting: async (graceMs) => {
          server.close();
          // Keep-alive connections with no request in flight would otherwise hold the server open.
          server.closeIdleConnections();
          // A connection whose request finishes after this is idle too: sweep until all are gone.
          const sweep = setInterval(() => server.closeIdleConnections(), 50);
          const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
          try {
            await closed;
          } finally {
            clearInterval(sweep);
            clearTimeout(deadline);
          }
        },
      });
    });
  });
}

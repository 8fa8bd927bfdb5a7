import type { Server } from "node:http";
import type express from "express";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
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
      resolve({
        url: `http://${shownHost}:${boundPort}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

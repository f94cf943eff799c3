import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import * as net from 'node:net';
import { ShutdownDrain } from './common/shutdown-drain';

/** Longest wait for requests in flight at shutdown; below Docker's default 10 s stop grace period. */
export const SHUTDOWN_GRACE_MS = 8_000;

/**
 * Stops taking connections, has every response close its connection (ShutdownDrain), lets the
 * requests in flight finish, then closes the application and its database pool. Nest's own close
 * waits for every open connection, and the proxy's kept-alive connections to a busy replica never
 * went idle: the replica served on until it was killed.
 *
 * The listener is closed with net.Server's close, not http.Server's: that one also closes every
 * idle kept-alive connection at once, and a client (nginx) may be sending its next request on one
 * at that moment — it gets a reset, and nginx does not retry a POST. An idle connection is left to
 * its client's idle timeout (nginx's, 4 s in deploy/nginx/upstream.conf) or the server's (5 s); `graceMs`
 * bounds the whole wait.
 */
export async function closeGracefully(app: INestApplication, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  app.get(ShutdownDrain).begin();
  const server = app.getHttpServer() as Server;
  if (server.listening) {
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      net.Server.prototype.close.call(server, () => {
        clearTimeout(deadline);
        resolve();
      });
    });
  }
  await app.close();
}

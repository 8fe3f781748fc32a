import { startCoturn, startTestServer } from '@calling/server/testing';

/**
 * One real server for the run: embedded database, both apps' web builds served at /user/ and /provider/,
 * and Debian's coturn on loopback with short-lived credentials, so relay-only calls can be proven.
 */
export default async function globalSetup() {
  return (await startWorld()).teardown;
}

/** What globalSetup starts, for a setup that wants the server itself (bench/browser). */
export async function startWorld() {
  const coturn = await startCoturn({ secret: 'e2e-turn-secret' });
  const server = await startTestServer({
    db: 'pglite',
    env: {
      RECONNECT_GRACE_S: '5',
      RING_TIMEOUT_S: '30',
      TURN_URLS: coturn.url,
      TURN_SECRET: coturn.secret,
      ...(process.env.E2E_SERVER_ENV ? JSON.parse(process.env.E2E_SERVER_ENV) : {}),
    },
  });
  if (server.server.webApps.length < 2) {
    await server.close();
    await coturn.stop();
    throw new Error('the apps are not built: run `npm run build:apps` first (apps/user/dist, apps/provider/dist)');
  }
  process.env.E2E_SERVER_URL = server.url;
  const teardown = async () => {
    await server.close();
    await coturn.stop();
  };
  return { server, coturn, teardown };
}

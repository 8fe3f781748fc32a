import { startTestServer } from '@calling/server/testing';

/** One real server for the run: embedded database, both apps' web builds served at /user/ and /provider/. */
export default async function globalSetup() {
  const server = await startTestServer({
    db: 'pglite',
    env: {
      RECONNECT_GRACE_S: '5',
      RING_TIMEOUT_S: '30',
      ...(process.env.E2E_SERVER_ENV ? JSON.parse(process.env.E2E_SERVER_ENV) : {}),
    },
  });
  if (server.server.webApps.length < 2) {
    await server.close();
    throw new Error('the apps are not built: run `npm run build:apps` first (apps/user/dist, apps/provider/dist)');
  }
  process.env.E2E_SERVER_URL = server.url;
  return async () => server.close();
}

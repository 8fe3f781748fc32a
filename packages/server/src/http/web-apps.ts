import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The repository this server runs in, found from its sources (src/http/) or its build (dist/) alike. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, '../..');
}
const defaultAppsDir = join(repoRoot(), 'apps');

/** The two apps' web builds, served from the API's own origin: /user/ (customers) and /provider/. */
export async function registerWebApps(app: FastifyInstance, appsDir: string | null) {
  const served: string[] = [];
  for (const name of ['user', 'provider']) {
    const root = appsDir ? resolve(appsDir, name) : join(defaultAppsDir, name, 'dist');
    if (!existsSync(join(root, 'index.html'))) continue;
    await app.register(fastifyStatic, {
      root,
      prefix: `/${name}/`,
      decorateReply: served.length === 0,
      wildcard: true,
      index: ['index.html'],
    });
    served.push(name);
  }
  return {
    served,
    /** Client-side routes (/user/bookings/123) get the app's index.html. */
    fallback(url: string): { root: string } | null {
      const name = served.find((n) => url === `/${n}` || url.startsWith(`/${n}/`));
      if (!name) return null;
      return { root: appsDir ? resolve(appsDir, name) : join(defaultAppsDir, name, 'dist') };
    },
  };
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** The page's files sit beside this module: src/http/dashboard/ in the repository, dist/dashboard/ when built. */
const here = fileURLToPath(new URL('./dashboard/', import.meta.url));
const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

const files: Record<string, { path: string; type: string }> = {
  '': { path: join(here, 'index.html'), type: 'text/html; charset=utf-8' },
  'dashboard.js': { path: join(here, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { path: join(here, 'dashboard.css'), type: 'text/css; charset=utf-8' },
  'chart.umd.min.js': { path: chartJs, type: 'text/javascript; charset=utf-8' },
};

/**
 * The operators' dashboard at /ops/: a static page that reads GET /api/ops/analytics with the operator key
 * the operator types in (the page itself holds no data and needs no key).
 */
export function registerOpsDashboard(app: FastifyInstance) {
  const bodies = Object.fromEntries(Object.entries(files).map(([name, f]) => [name, readFileSync(f.path)]));
  app.get('/ops', (_req, reply) => reply.redirect('/ops/'));
  for (const [name, f] of Object.entries(files)) {
    app.get(`/ops/${name}`, (_req, reply) =>
      reply
        .type(f.type)
        .header('content-security-policy', "default-src 'self'; style-src 'self'; img-src 'self' data:")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-cache')
        .send(bodies[name]),
    );
  }
}

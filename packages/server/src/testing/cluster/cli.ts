import { parseArgs } from 'node:util';
import { type Cluster, startCluster } from './index';

/**
 * `npm run cluster -- --nodes 3 [--port 8080] [--database-url URL] [--redis-url URL]`: N server nodes behind
 * HAProxy on 127.0.0.1, with their own Redis and PostgreSQL unless URLs are given. Every variable of this
 * process's environment is passed on to the nodes (DEMO=on, RING_TIMEOUT_S, ...). Runs until SIGINT/SIGTERM.
 */
const usage = 'usage: npm run cluster -- --nodes 3 [--port 8080] [--database-url URL] [--redis-url URL]';

function parse() {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '3' },
      port: { type: 'string' },
      'database-url': { type: 'string' },
      'redis-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const nodes = Number(values.nodes);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`--nodes must be a positive integer\n${usage}`);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65_536))
    throw new Error(`--port must be a TCP port\n${usage}`);
  return { nodes, port, databaseUrl: values['database-url'], redisUrl: values['redis-url'] };
}

function describe(c: Cluster): string {
  const lines = ['', `  Cluster (HAProxy): ${c.url}`, `    haproxy  pid ${c.haproxy.pid}  log ${c.haproxy.logPath}`];
  for (const n of c.nodes) lines.push(`    ${n.nodeId.padEnd(8)} ${n.url}  pid ${n.pid}  log ${n.logPath}`);
  lines.push(
    c.redis ? `  Redis: ${c.redis.url}  pid ${c.redis.pid}  log ${c.redis.logPath}` : `  Redis: ${c.redisUrl}`,
    c.postgres
      ? `  PostgreSQL: ${c.postgres.url}  pid ${c.postgres.pid}  log ${c.postgres.logPath}`
      : `  PostgreSQL: ${c.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
    `  Logs and data: ${c.dir} (removed on exit)`,
    `  HAProxy runtime API: echo "show stat" | socat - UNIX:${c.haproxy.socketPath}`,
    '  Ctrl-C stops everything.',
    '',
  );
  return lines.join('\n');
}

async function main() {
  const args = parse();
  const env: Record<string, string | undefined> = { ...process.env };
  // The cluster's own values win; say so rather than silently ignore the operator's.
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'NODE_ID'])
    if (env[name]) console.warn(`note: ${name} from the environment is ignored (the cluster sets it per node)`);
  const own = [args.redisUrl ? '' : 'Redis', args.databaseUrl ? '' : 'PostgreSQL'].filter(Boolean);
  console.log(`starting ${[...own, `${args.nodes} node(s)`].join(', ')} and HAProxy ...`);
  const cluster = await startCluster({
    nodes: args.nodes,
    env,
    redis: args.redisUrl ?? 'own',
    postgres: args.databaseUrl ?? 'own',
    ...(args.port ? { port: args.port } : {}),
  });
  console.log(describe(cluster));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the cluster`);
    const force = setTimeout(() => {
      console.error('the cluster did not stop within 30 s');
      process.exit(1);
    }, 30_000);
    try {
      await cluster.stop();
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    } finally {
      clearTimeout(force);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  // Say so when a node dies on its own (HAProxy takes it out of rotation; it is not restarted). The interval
  // also keeps this process up until a signal.
  const reported = new Set<number>();
  setInterval(() => {
    for (const n of cluster.nodes) {
      if (n.running() || stopping || reported.has(n.pid)) continue;
      reported.add(n.pid);
      console.warn(`${n.nodeId} (pid ${n.pid}) exited; see ${n.logPath}`);
    }
  }, 1000);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

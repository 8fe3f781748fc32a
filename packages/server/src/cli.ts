#!/usr/bin/env node
import { startServer } from './app';
import { ConfigError, loadConfig } from './config';

/** `npm start`: the server on the embedded database with demo data, or on DATABASE_URL. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const server = await startServer(config);
  const lines = [
    '',
    `  Private calling server: ${server.url}`,
    `  Database: ${server.db.kind === 'pglite' ? `embedded (${config.dataDir}/pglite)` : 'PostgreSQL'}`,
  ];
  for (const app of server.webApps)
    lines.push(`  ${app === 'user' ? 'Customer' : 'Provider'} app: ${server.url}/${app}/`);
  if (server.demoAccounts) {
    lines.push('  Demo accounts (phone / password):');
    for (const a of server.demoAccounts)
      lines.push(`    ${a.role.padEnd(8)} ${a.name.padEnd(18)} ${a.phone} / ${a.password}`);
  }
  console.log(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

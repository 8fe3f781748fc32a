import { createServer, type Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of the calling server, so a test can cut one device's connections (its
 * signaling socket) while everything else, media included, goes on.
 */
export async function tcpProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let held = false;
  const server: Server = createServer((inbound) => {
    if (held) return void inbound.destroy();
    const outbound = new Socket();
    outbound.connect(Number(target.port), target.hostname);
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Drops every open connection at once, as a phone switching networks does. */
    cut() {
      for (const s of open) s.destroy();
    },
    /** The network vanishes without a word: open connections stay open but carry nothing (no FIN, no RST). */
    freeze() {
      held = true;
      for (const s of open) s.pause();
    },
    /** While held, new connections are refused (the phone has no network yet); release lets them in again. */
    hold(on: boolean) {
      held = on;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

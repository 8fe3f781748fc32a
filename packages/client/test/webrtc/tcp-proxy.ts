import { createServer, type Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of the calling server, so a test can cut one device's connections (its
 * signaling socket) while everything else, media included, goes on.
 */
export async function tcpProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let held = false;
  let trap: string | null = null;
  const server: Server = createServer((inbound) => {
    if (held) return void inbound.destroy();
    const outbound = new Socket();
    outbound.connect(Number(target.port), target.hostname);
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    inbound.on('data', (chunk: Buffer) => {
      outbound.write(chunk);
      if (!trap || !webSocketText(chunk).includes(trap)) return;
      // The request went through; whatever the server answers now is lost with the connection.
      trap = null;
      outbound.unpipe(inbound);
      outbound.pause();
      setTimeout(() => {
        inbound.destroy();
        outbound.destroy();
      }, 200);
    });
    outbound.pipe(inbound);
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
    /**
     * The next WebSocket message the device sends that contains `text` reaches the server, but nothing the
     * server sends after it reaches the device, and the connection drops a moment later: an answer lost with
     * the network (or with a node that died).
     */
    loseAnswerTo(text: string) {
      trap = text;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The text of the first WebSocket frame in a chunk, unmasked (what a client sends is masked). */
function webSocketText(buf: Buffer): string {
  if (buf.length < 2) return '';
  const second = buf[1] ?? 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const key = second & 0x80 ? buf.subarray(offset, offset + 4) : null;
  if (key) offset += 4;
  const body = Buffer.from(buf.subarray(offset, offset + length));
  if (key) for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (key[i % 4] ?? 0);
  return body.toString('utf8');
}

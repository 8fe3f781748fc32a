import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

/**
 * A TURN Allocate (RFC 5766) with long-term credentials, just enough to ask a real coturn whether it accepts
 * a username/credential pair. Returns the success/error class and the error code, if any.
 */
const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const ATTR = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  REALM: 0x0014,
  NONCE: 0x0015,
  REQUESTED_TRANSPORT: 0x0019,
};

function attr(type: number, value: Buffer) {
  const pad = (4 - (value.length % 4)) % 4;
  const b = Buffer.alloc(4 + value.length + pad);
  b.writeUInt16BE(type, 0);
  b.writeUInt16BE(value.length, 2);
  value.copy(b, 4);
  return b;
}
function message(attrs: Buffer[], integrityKey: Buffer | null) {
  const txId = randomBytes(12);
  let body = Buffer.concat(attrs);
  const header = (len: number) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(ALLOCATE, 0);
    h.writeUInt16BE(len, 2);
    h.writeUInt32BE(MAGIC, 4);
    txId.copy(h, 8);
    return h;
  };
  if (integrityKey) {
    const withMi = body.length + 24;
    const hmac = createHmac('sha1', integrityKey)
      .update(Buffer.concat([header(withMi), body]))
      .digest();
    body = Buffer.concat([body, attr(ATTR.MESSAGE_INTEGRITY, hmac)]);
  }
  return Buffer.concat([header(body.length), body]);
}
function parse(buf: Buffer) {
  const type = buf.readUInt16BE(0);
  const attrs = new Map<number, Buffer>();
  let off = 20;
  while (off + 4 <= buf.length) {
    const t = buf.readUInt16BE(off);
    const len = buf.readUInt16BE(off + 2);
    attrs.set(t, buf.subarray(off + 4, off + 4 + len));
    off += 4 + len + ((4 - (len % 4)) % 4);
  }
  const err = attrs.get(ATTR.ERROR_CODE);
  return {
    success: (type & 0x0110) === 0x0100,
    errorCode: err ? (err[2] ?? 0) * 100 + (err[3] ?? 0) : null,
    realm: attrs.get(ATTR.REALM)?.toString(),
    nonce: attrs.get(ATTR.NONCE),
  };
}

export async function turnAllocate(port: number, username: string, credential: string) {
  const sock = createSocket('udp4');
  const send = (msg: Buffer) =>
    new Promise<ReturnType<typeof parse>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no TURN response')), 3000);
      sock.once('message', (m) => {
        clearTimeout(timer);
        resolve(parse(m));
      });
      sock.send(msg, port, '127.0.0.1');
    });
  try {
    const transport = attr(ATTR.REQUESTED_TRANSPORT, Buffer.from([17, 0, 0, 0]));
    const challenge = await send(message([transport], null));
    if (challenge.errorCode !== 401 || !challenge.realm || !challenge.nonce) return challenge;
    const key = createHash('md5').update(`${username}:${challenge.realm}:${credential}`).digest();
    return await send(
      message(
        [
          transport,
          attr(ATTR.USERNAME, Buffer.from(username)),
          attr(ATTR.REALM, Buffer.from(challenge.realm)),
          attr(ATTR.NONCE, challenge.nonce),
        ],
        key,
      ),
    );
  } finally {
    sock.close();
  }
}

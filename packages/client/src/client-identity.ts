/**
 * Who this client is to the server: the person's token (asked again at every connect; the newest one is kept,
 * for a closing page's beacon that cannot wait for an async token) and this device's id.
 */
export class ClientIdentity {
  /** Sent at every handshake: the server binds a call to this device. */
  readonly deviceId: string;
  /** A token function can hand over a fresh token after a refusal; a fixed string cannot. */
  readonly refreshableToken: boolean;
  private last: string | null;
  private readonly ask: () => string | Promise<string>;

  constructor(token: string | (() => string | Promise<string>), deviceId?: string) {
    this.ask = typeof token === 'function' ? token : () => token;
    this.refreshableToken = typeof token === 'function';
    this.last = typeof token === 'string' ? token : null;
    this.deviceId = deviceId ?? randomDeviceId();
  }

  token = async (): Promise<string> => {
    const t = await this.ask();
    this.last = t;
    return t;
  };

  get lastToken(): string | null {
    return this.last;
  }

  /** How a hang-up names this device: its id, and its socket while it has one. */
  device(socketId: string | null) {
    return { deviceId: this.deviceId, ...(socketId ? { socketId } : {}) };
  }
}

/** Not a secret (the token is): it only tells one person's devices apart, so Math.random is enough. */
function randomDeviceId(): string {
  let id = 'd';
  while (id.length < 24) id += Math.random().toString(36).slice(2);
  return id.slice(0, 24);
}

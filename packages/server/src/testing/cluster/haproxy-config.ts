export interface HaproxyBackend {
  /** HAProxy's name for the server, e.g. node-1 (letters, digits, `-`, `_`, `.`). */
  name: string;
  host: string;
  port: number;
}

/** The backend every node is a server of (`show stat` and the runtime API address servers as nodes/<name>). */
export const BACKEND = 'nodes';

/**
 * Health checks every 250 ms; one failed check takes a server out, one passed check puts it back. Used for
 * config-file servers and for servers added at runtime (`add server` ignores `default-server`).
 */
export const SERVER_CHECK = 'check inter 250 fastinter 250 downinter 250 fall 1 rise 1';

export function serverLine(b: HaproxyBackend): string {
  if (!/^[A-Za-z0-9._-]+$/.test(b.name)) throw new Error(`bad HAProxy server name: ${b.name}`);
  return `server ${b.name} ${b.host}:${b.port} ${SERVER_CHECK}`;
}

/** haproxy.cfg: HTTP + WebSocket to the nodes, fast /readyz checks, the runtime API on a unix socket. */
export function renderConfig(opts: { port: number; socketPath: string; backends: HaproxyBackend[] }): string {
  return `# Written by packages/server/src/testing/cluster/haproxy.ts
global
  log stderr format raw local0 info
  stats socket ${opts.socketPath} mode 600 level admin
  stats timeout 10s
  maxconn 4096

defaults
  mode http
  log global
  option httplog
  option dontlognull
  option log-health-checks
  # X-Forwarded-For: the nodes see HAProxy's address as the peer.
  option forwardfor
  # A request whose server is down or refuses the connection goes to another server, up to 3 tries.
  option redispatch
  retries 3
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout http-request 10s
  timeout http-keep-alive 10s
  # A check must answer within 1 s (the connect part stays bounded by timeout connect).
  timeout check 1s
  # After the WebSocket upgrade the connection is a tunnel: Socket.io pings every 25 s; allow long calls.
  timeout tunnel 1h
  timeout client-fin 5s
  timeout server-fin 5s

frontend calling
  bind 127.0.0.1:${opts.port}
  default_backend ${BACKEND}

backend ${BACKEND}
  # leastconn, not roundrobin: a client's Socket.io WebSocket lives as long as the app is open, so the number of
  # open connections is the load. After a node restarts it has none and gets the new ones until it catches up
  # (roundrobin would keep the old imbalance). Between equally loaded servers leastconn rotates like roundrobin,
  # so short REST requests still alternate. No stickiness is needed: clients use the websocket transport only, so
  # one Socket.io session is one TCP connection to one node.
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  # Which node answered (tests and operators can see the balancing).
  http-response set-header X-Calling-Node %[srv_name]
${opts.backends.map((b) => `  ${serverLine(b)}`).join('\n')}
`;
}

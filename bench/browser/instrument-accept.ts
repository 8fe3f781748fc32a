/**
 * Init script for bench/browser/accept-time.bench.ts: runs in every page before the app (after
 * e2e/support/instrument.ts) and timestamps what happens in the page between the Accept tap and audio, in
 * epoch milliseconds (performance.timeOrigin + performance.now(): one clock for every page of the browser).
 * Test-only; the apps know nothing of it. Everything lands in `window.__bench`, read by the bench.
 *
 *  - clicks: a capturing listener on window for pointerdown/click on any [data-testid] element (the dispatch
 *    time in the page, and the event's own timeStamp);
 *  - call-state: a MutationObserver on the document: each change of [data-testid="call-state"]'s text, the
 *    appearance of [data-testid="call-accept"] (the ring shown), with the time of the next animation frame;
 *  - getUserMedia start/end;
 *  - per RTCPeerConnection: setRemote/LocalDescription start/end, createOffer/createAnswer end, first local
 *    candidate, remote candidates added, ICE and connection state changes, the first `track`;
 *  - first inbound audio packet: from construction, getStats() is polled (next poll `pollMs` after the previous
 *    one resolved) until an inbound-rtp audio entry has packetsReceived > 0; that observation's
 *    lastPacketReceivedTimestamp (when the newest packet arrived, a receive-side epoch timestamp, not the
 *    poll's time) is kept with packetsReceived, the report's own timestamp, the newest report before it
 *    (without packets) and the poll's time. Resolution: Chromium hands out the same cached report for ~50 ms
 *    (the distinct report times are kept to show it), so the first report with packets can hold 1–3 of them
 *    (20 ms apart) and the poll period matters little; the first packet arrived after the previous report
 *    and (packets − 1) × 20 ms before lastPacketReceivedTimestamp (accept-report.ts corrects for it);
 *  - the same poll also reads each receiver's getSynchronizationSources() (synchronous, not cached) until it
 *    has an entry: its `timestamp` is when the first audio was delivered to the track (played out);
 *    the poll stops once both are found, at close, or after 60 s;
 *  - the app's own getStats calls (through the instance's method; the poll above uses the original) and the
 *    first one whose result showed inbound audio: when the client could first know media flows;
 *  - socket.io frames: a WebSocket subclass records every frame sent and received on /socket.io/ sockets with
 *    its time and socket.io event name (acks named after the event they answer); engine.io pings and pongs
 *    ("2", "3") are marked so they can be left out of counts.
 */
export type Timed = { start: number; end?: number; type?: string };
export interface PcRecord {
  created: number;
  config: { iceTransportPolicy?: string };
  setRemote: Timed[];
  setLocal: Timed[];
  createOfferEnd: number[];
  createAnswerStart: number[];
  createAnswerEnd: number[];
  localCandidates: { t: number; type: string | null }[];
  remoteCandidates: { t: number; type: string | null }[];
  ice: { t: number; state: string }[];
  conn: { t: number; state: string }[];
  track: number | null;
  firstAudio: {
    lastPacketReceivedTimestamp: number;
    packetsReceived: number;
    observedAt: number;
    reportTimestamp: number;
    /** The newest report before it (no audio yet): the first packet arrived after it was made. */
    previousReportTimestamp: number | null;
  } | null;
  /** The first time getSynchronizationSources() of a receiver had an entry: audio delivered to the track. */
  firstSource: { timestamp: number; observedAt: number } | null;
  poll: {
    count: number;
    /** When each distinct report the poll got was made (Chromium may hand out a cached report). */
    reports: number[];
    stoppedBy: string | null;
    lastAt: number;
  };
  app: { getStatsCalls: number; firstCallAt: number | null; sawAudio: { calledAt: number; resolvedAt: number } | null };
}

/** What `window.__bench` holds (the bench reads it with page.evaluate). */
export interface BenchRecord {
  clicks: { testid: string; type: string; t: number; eventTimeStamp: number }[];
  states: { t: number; raf: number | null; text: string | null }[];
  ringShown: { t: number; raf: number | null }[];
  gum: Timed[];
  pcs: PcRecord[];
  frames: Frame[];
}
export interface Frame {
  t: number;
  dir: 'out' | 'in';
  ping: boolean;
  name: string;
  bytes: number;
}

export function instrumentAcceptTimes(opts: { pollMs: number }) {
  const now = () => performance.timeOrigin + performance.now();
  const MAX = 5000;
  // The call-state text last seen, and the bench's waiters for a state (bench.waitForState).
  let lastText: string | null | undefined;
  const waiters = new Set<(text: string | null) => boolean>();
  const bench = {
    now,
    clicks: [] as BenchRecord['clicks'],
    states: [] as BenchRecord['states'],
    ringShown: [] as BenchRecord['ringShown'],
    gum: [] as Timed[],
    pcs: [] as PcRecord[],
    frames: [] as Frame[],
    /** Forget everything recorded so far (the bench calls it before each call). */
    /**
     * Resolves (true) once the call-state text matches `pattern` (case-insensitive), false after `timeoutMs`:
     * one call from the bench that waits on the MutationObserver, instead of polling the page over CDP.
     */
    waitForState(pattern: string, timeoutMs: number): Promise<boolean> {
      const re = new RegExp(pattern, 'i');
      if (re.test(lastText ?? '')) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const waiter = (text: string | null) => {
          if (!re.test(text ?? '')) return false;
          clearTimeout(timer);
          resolve(true);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(false);
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    reset() {
      bench.clicks.length = 0;
      bench.states.length = 0;
      bench.ringShown.length = 0;
      bench.gum.length = 0;
      bench.pcs.length = 0;
      bench.frames.length = 0;
    },
  };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  const push = <T>(list: T[], item: T) => {
    if (list.length < MAX) list.push(item);
  };

  // --- clicks: dispatch time of pointerdown/click on a testID'd element (react-native-web's onPress is `click`)
  for (const type of ['pointerdown', 'click']) {
    window.addEventListener(
      type,
      (e) => {
        // The control's own testID, not its icon's (`<control>-icon`, which takes the tap inside it).
        const el = (e.target as Element | null)?.closest?.('[data-testid]:not([data-testid$="-icon"])');
        if (!el) return;
        push(bench.clicks, {
          testid: el.getAttribute('data-testid') ?? '',
          type,
          t: now(),
          eventTimeStamp: performance.timeOrigin + e.timeStamp,
        });
      },
      true,
    );
  }

  // --- the screen: call-state text and the ring (Accept button present)
  let accepting = false;
  const afterFrame = (rec: { raf: number | null }) => requestAnimationFrame(() => (rec.raf = now()));
  const look = () => {
    const t = now();
    const text = document.querySelector('[data-testid="call-state"]')?.textContent ?? null;
    if (text !== lastText) {
      lastText = text;
      for (const w of waiters) if (w(text)) waiters.delete(w);
      const rec = { t, raf: null, text };
      push(bench.states, rec);
      afterFrame(rec);
    }
    const ringing = document.querySelector('[data-testid="call-accept"]') !== null;
    if (ringing && !accepting) {
      const rec = { t, raf: null };
      push(bench.ringShown, rec);
      afterFrame(rec);
    }
    accepting = ringing;
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });

  // --- the microphone
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const rec: Timed = { start: now() };
    push(bench.gum, rec);
    try {
      return await gum(constraints);
    } finally {
      rec.end = now();
    }
  };

  // --- peer connections
  const candidateType = (c: string | undefined | null) => / typ (\w+)/.exec(c ?? '')?.[1] ?? null;
  const inboundAudio = (report: RTCStatsReport) => {
    let packets = 0;
    let last = 0;
    let ts = 0;
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        packets += Number(s.packetsReceived ?? 0);
        last = Math.max(last, Number(s.lastPacketReceivedTimestamp ?? 0));
      }
      // Every entry of one report has the same timestamp: when the report was made (it may be a cached one).
      ts = Math.max(ts, Number(s.timestamp ?? 0));
    });
    return { packets, last, ts };
  };
  const Previous = window.RTCPeerConnection;
  const Wrapped = function (this: unknown, config?: RTCConfiguration) {
    const pc = new Previous(config);
    const rec: PcRecord = {
      created: now(),
      config: { iceTransportPolicy: config?.iceTransportPolicy },
      setRemote: [],
      setLocal: [],
      createOfferEnd: [],
      createAnswerStart: [],
      createAnswerEnd: [],
      localCandidates: [],
      remoteCandidates: [],
      ice: [],
      conn: [],
      track: null,
      firstAudio: null,
      firstSource: null,
      poll: { count: 0, reports: [], stoppedBy: null, lastAt: 0 },
      app: { getStatsCalls: 0, firstCallAt: null, sawAudio: null },
    };
    push(bench.pcs, rec);
    const timed = <A extends unknown[], R>(list: Timed[], fn: (...a: A) => Promise<R>, type: (...a: A) => string) =>
      (async (...a: A) => {
        const r: Timed = { start: now(), type: type(...a) };
        push(list, r);
        try {
          return await fn(...a);
        } finally {
          r.end = now();
        }
      }) as (...a: A) => Promise<R>;
    const descType = (d?: RTCSessionDescriptionInit) => d?.type ?? 'implicit';
    type SetDescription = (d?: RTCSessionDescriptionInit) => Promise<void>;
    pc.setRemoteDescription = timed(
      rec.setRemote,
      pc.setRemoteDescription.bind(pc) as SetDescription,
      descType,
    ) as typeof pc.setRemoteDescription;
    pc.setLocalDescription = timed(
      rec.setLocal,
      pc.setLocalDescription.bind(pc) as SetDescription,
      descType,
    ) as typeof pc.setLocalDescription;
    const createOffer = pc.createOffer.bind(pc) as (o?: RTCOfferOptions) => Promise<RTCSessionDescriptionInit>;
    pc.createOffer = (async (o?: RTCOfferOptions) => {
      const d = await createOffer(o);
      push(rec.createOfferEnd, now());
      return d;
    }) as typeof pc.createOffer;
    const createAnswer = pc.createAnswer.bind(pc) as (o?: RTCAnswerOptions) => Promise<RTCSessionDescriptionInit>;
    pc.createAnswer = (async (o?: RTCAnswerOptions) => {
      push(rec.createAnswerStart, now());
      const d = await createAnswer(o);
      push(rec.createAnswerEnd, now());
      return d;
    }) as typeof pc.createAnswer;
    const addIceCandidate = pc.addIceCandidate.bind(pc) as (c?: RTCIceCandidateInit) => Promise<void>;
    pc.addIceCandidate = ((c?: RTCIceCandidateInit) => {
      push(rec.remoteCandidates, { t: now(), type: candidateType(c?.candidate) });
      return addIceCandidate(c);
    }) as typeof pc.addIceCandidate;
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate?.candidate) push(rec.localCandidates, { t: now(), type: candidateType(e.candidate.candidate) });
    });
    pc.addEventListener('iceconnectionstatechange', () => push(rec.ice, { t: now(), state: pc.iceConnectionState }));
    pc.addEventListener('connectionstatechange', () => push(rec.conn, { t: now(), state: pc.connectionState }));
    pc.addEventListener('track', () => {
      if (rec.track === null) rec.track = now();
    });

    // The app's own getStats (the client's 20 ms poll for first audio, later its stall poll).
    const getStats = pc.getStats.bind(pc) as (s?: MediaStreamTrack | null) => Promise<RTCStatsReport>;
    pc.getStats = ((selector?: MediaStreamTrack | null) => {
      const calledAt = now();
      rec.app.getStatsCalls += 1;
      if (rec.app.firstCallAt === null) rec.app.firstCallAt = calledAt;
      const p = getStats(selector);
      void p.then(
        (report) => {
          if (!rec.app.sawAudio && inboundAudio(report).packets > 0) rec.app.sawAudio = { calledAt, resolvedAt: now() };
        },
        () => {},
      );
      return p;
    }) as typeof pc.getStats;

    // The bench's own poll for the first inbound audio packet and the first audio delivered to the track
    // (bounded: both found, closed, or 60 s).
    let previousReport: number | null = null;
    const poll = async () => {
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') {
        rec.poll.stoppedBy = 'closed';
        return;
      }
      if (now() - rec.created > 60_000) {
        rec.poll.stoppedBy = 'time limit';
        return;
      }
      if (!rec.firstSource) {
        for (const receiver of pc.getReceivers()) {
          const source = receiver.getSynchronizationSources()[0];
          if (source && !rec.firstSource) rec.firstSource = { timestamp: source.timestamp, observedAt: now() };
        }
      }
      if (!rec.firstAudio) {
        let audio: ReturnType<typeof inboundAudio>;
        try {
          audio = inboundAudio(await getStats());
        } catch {
          rec.poll.stoppedBy = 'getStats failed';
          return;
        }
        const at = now();
        rec.poll.count += 1;
        rec.poll.lastAt = at;
        const reports = rec.poll.reports;
        if (reports[reports.length - 1] !== audio.ts) push(reports, audio.ts);
        if (audio.packets > 0) {
          rec.firstAudio = {
            lastPacketReceivedTimestamp: audio.last,
            packetsReceived: audio.packets,
            observedAt: at,
            reportTimestamp: audio.ts,
            previousReportTimestamp: previousReport,
          };
        } else previousReport = audio.ts;
      }
      if (rec.firstAudio && rec.firstSource) {
        rec.poll.stoppedBy = 'found';
        return;
      }
      setTimeout(poll, opts.pollMs);
    };
    setTimeout(poll, 0);
    return pc;
  } as unknown as typeof RTCPeerConnection;
  Wrapped.prototype = Previous.prototype;
  Object.defineProperty(Wrapped, 'generateCertificate', { value: Previous.generateCertificate });
  window.RTCPeerConnection = Wrapped;

  // --- socket.io frames
  const OriginalWebSocket = window.WebSocket;
  const record = (ws: WebSocket, pending: Map<string, string>, answered: Map<string, string>) => {
    // engine.io: "2" ping, "3" pong, "4…" a socket.io packet: "2" event / "3" ack, optional "/nsp,", ack id, JSON.
    return (dir: 'out' | 'in', data: unknown) => {
      if (!ws.url.includes('/socket.io/')) return;
      const text = typeof data === 'string' ? data : '';
      const bytes =
        typeof data === 'string'
          ? data.length
          : ((data as Blob | null)?.size ?? (data as ArrayBuffer | null)?.byteLength ?? 0);
      const ping = text === '2' || text === '3';
      let name = ping ? (text === '2' ? 'ping' : 'pong') : `engine.io ${text.slice(0, 1) || 'binary'}`;
      const m = /^4([0-6])(?:\/[^,]*,)?(\d*)([\s\S]*)$/.exec(text);
      if (m) {
        const [, kind, id = '', json = ''] = m;
        if (kind === '2') {
          try {
            name = String((JSON.parse(json) as unknown[])[0]);
          } catch {
            name = 'event';
          }
          // An event that wants an ack: remember its name, so the ack can carry it.
          if (id) (dir === 'out' ? pending : answered).set(id, name);
        } else if (kind === '3') {
          const map = dir === 'in' ? pending : answered;
          name = `ack ${map.get(id) ?? '?'}`;
          map.delete(id);
        } else name = `socket.io ${kind}`;
      }
      push(bench.frames, { t: now(), dir, ping, name, bytes });
    };
  };
  // No class fields: the function runs in the page as Playwright serialized it, with no transpiler helpers.
  const recorders = new WeakMap<WebSocket, (dir: 'out' | 'in', data: unknown) => void>();
  class RecordingWebSocket extends OriginalWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const rec = record(this, new Map(), new Map());
      recorders.set(this, rec);
      this.addEventListener('message', (e) => rec('in', e.data));
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      recorders.get(this)?.('out', data);
      super.send(data);
    }
  }
  window.WebSocket = RecordingWebSocket;
}

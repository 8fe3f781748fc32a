/**
 * The peer's candidates for one connection: added at once when they can be, else held until the remote
 * description is set, or until a ringing receiver's tap (`hold`): until then it must know no address of the
 * caller, so no ICE check can leave.
 */
export class RemoteCandidates {
  private pending: RTCIceCandidateInit[] = [];
  private held = false;

  constructor(private readonly pc: RTCPeerConnection) {}

  /** Held until `release`, these first (a ringing receiver: the candidates that came in the offer's SDP). */
  hold(first: RTCIceCandidateInit[]): void {
    this.held = true;
    this.pending.push(...first);
  }

  async add(c: RTCIceCandidateInit): Promise<void> {
    if (!this.pc.remoteDescription || this.held) {
      this.pending.push(c);
      return;
    }
    await this.pc.addIceCandidate(c).catch(() => {});
  }

  /** What is held goes in, all at once: the connection queues them in order, with no wait for each promise. */
  async release(): Promise<void> {
    this.held = false;
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending.map((c) => this.pc.addIceCandidate(c).catch(() => {})));
  }

  clear(): void {
    this.pending = [];
  }
}

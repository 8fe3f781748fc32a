/**
 * The line under every screen while no call is on, in a person's words: whether calls can reach this device
 * and how the last call ended (or why the last attempt failed). The call phase itself ("idle") is not shown.
 */
export function idleStatusLine({ online, lastCall }: { online: boolean; lastCall: string | null }): string {
  const reach = online ? 'Ready for calls' : 'Connecting to the call service…';
  return lastCall ? `${reach} · Last call: ${lastCall}` : reach;
}

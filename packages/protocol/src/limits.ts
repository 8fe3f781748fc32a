/** Size caps on everything a client may send. */
export const limits = {
  sdpBytes: 16 * 1024,
  candidateBytes: 1024,
  /** One batch of ICE candidates (protocol 3), and what a ringing call holds for devices that ring later. */
  candidatesPerBatch: 16,
  nameChars: 100,
  idChars: 64,
  /** Whole socket.io message; larger frames are dropped by the transport (maxHttpBufferSize). */
  messageBytes: 32 * 1024,
  passwordChars: { min: 8, max: 200 },
  phoneChars: { min: 6, max: 20 },
  historyPageMax: 100,
} as const;

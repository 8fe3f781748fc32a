// A bundled sound file: Metro (and the web bundlers) turn its import into the URL it is served at on the web.
declare module '*.wav' {
  const url: string;
  export default url;
}

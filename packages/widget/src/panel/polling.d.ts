/** engine.io-client transport classes, for socket.io-client's `transports` option (see vite.panel.config.ts). */
declare module 'sportello:polling' {
  export const XHR: abstract new (...args: never[]) => unknown;
  export const WebSocket: abstract new (...args: never[]) => unknown;
}

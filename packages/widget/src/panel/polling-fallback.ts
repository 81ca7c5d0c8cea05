/**
 * HTTP long-polling, for networks where WebSocket connections fail (some proxies and firewalls).
 * Its own chunk, loaded only then: the panel connects over WebSocket alone otherwise (see
 * `transports` in chat-client.ts). `sportello:polling` is provided by vite.panel.config.ts:
 * engine.io-client's XHR polling and WebSocket transports, from socket.io-client's own copy.
 */
export { XHR, WebSocket } from 'sportello:polling';

/**
 * The composition root's entry (the files are in src/app/): the app a
 * command opens, and the webhook sink. The heavier parts are imported from
 * their own files where they are needed (app/sending.ts pulls in the sender
 * and the renderer), so that a command loads only what it uses.
 */
export { openApp, openStoreAt, type App, type AppOptions } from './app/open-app.js';
export { loadAppConfig } from './app/config.js';
export { inboundSink } from './app/inbound-sink.js';
export { checkSending, type SendingCheck } from './app/sending-check.js';

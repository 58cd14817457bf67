export type { Mailbox } from './address.js';
export { domainOf, parseMailbox } from './address.js';
export { composeEml } from './compose.js';
export { unsubscribeMailto } from './list-headers.js';
export type { MessageInput } from './message.js';
export { buildMessage } from './message.js';

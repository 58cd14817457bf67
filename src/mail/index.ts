export type { Mailbox } from '../subscribers/mailbox.js';
export { domainOf, parseMailbox } from '../subscribers/mailbox.js';
export { composeEml } from './compose.js';
export { unsubscribeMailto } from './list-headers.js';
export type { MessageInput } from './message.js';
export { buildMessage } from './message.js';

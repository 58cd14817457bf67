export type { MailTransport, OutgoingMessage, SendResult, TransportFailure } from './types.js';
export { classifySmtpError, classifySmtpFailure, type SmtpErrorClass, type SmtpErrorKind } from './classify.js';
export { createSmtpTransport } from './smtp.js';
export { createOutboxTransport } from './outbox.js';
export { createPreviewInboxTransport } from './preview-inbox.js';

import type { FieldBlock } from './fields.js';

/**
 * Whether a message is an auto-reply (RFC 3834 and what vacation
 * responders write in practice): Auto-Submitted other than "no",
 * X-Autoreply / X-Autorespond, Precedence auto_reply, Microsoft's
 * X-MS-Exchange-Generated-Message-Source or OOF markers, or a subject such
 * as "Out of office" or "Automatic reply". Pure.
 */
const SUBJECT =
  /^\s*(?:auto(?:matic|matische?)?[\s_-]*(?:reply|response|antwort|svar|respuesta)|auto:|autoreply|out[\s-]+of[\s-]+(?:the[\s-]+)?office|ooo\b|away from|on vacation|vacation|abwesen|absence|r[ée]ponse automatique|risposta automatica|automatisch antwoord|respuesta autom[aá]tica|fuera de la oficina|poissa|frånvaro)/i;

export function isAutoReply(headers: FieldBlock, subject: string): boolean {
  const submitted = headers.get('auto-submitted')?.toLowerCase().trim();
  if (submitted !== undefined && submitted !== '' && !submitted.startsWith('no')) return true;
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-autoresponder')) return true;
  if (/auto[_-]?reply/i.test(headers.get('precedence') ?? '')) return true;
  if (headers.has('x-ms-exchange-generated-message-source') && /auto|oof/i.test(headers.get('x-ms-exchange-generated-message-source') ?? '')) return true;
  return SUBJECT.test(subject);
}

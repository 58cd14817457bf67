/**
 * One diagnostic per cause and file, not one per item: a feed whose every
 * item has the same fault gets one line that counts them (at the first such
 * item's line), and a fault of a single item keeps its own line and name.
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic, Severity } from '../../model/diagnostic.js';

export interface ItemFault {
  /** What went wrong, as a key: faults with the same key are counted together. */
  cause: string;
  severity: Severity;
  line: number;
  /** `item 3 ("Its title")` */
  label: string;
  /** The message for one item, after its label: `has no date and is skipped` (or `: "tags" is not a list`). */
  one: string;
  /** The message for several, after `12 items`: `have no date and are skipped`. */
  many: string;
  hint?: string;
}

const LISTED = 5;

/** No space before a message that starts with `:` (`item 3: "tags" is not a list`). */
function gap(message: string): string {
  return message.startsWith(':') ? '' : ' ';
}

export class ItemTally {
  private readonly byCause = new Map<string, ItemFault[]>();

  constructor(private readonly file: string) {}

  add(fault: ItemFault): void {
    const list = this.byCause.get(fault.cause);
    if (list) list.push(fault);
    else this.byCause.set(fault.cause, [fault]);
  }

  /** The diagnostics, one per cause, each at its first item's line. */
  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const faults of this.byCause.values()) {
      const first = faults[0] as ItemFault;
      if (faults.length === 1) {
        out.push(diagnostic(this.file, first.line, `${first.label}${gap(first.one)}${first.one}`, first.hint, first.severity));
        continue;
      }
      const items = faults.slice(0, LISTED).map((f) => /^item \d+/.exec(f.label)?.[0].slice(5) ?? '?');
      const listed = `items ${items.join(', ')}${faults.length > LISTED ? ', …' : ''}`;
      const d = diagnostic(this.file, first.line, `${faults.length} items${gap(first.many)}${first.many} (${listed})`, first.hint, first.severity);
      out.push({ ...d, count: faults.length });
    }
    return out;
  }
}

import type { z } from 'zod';
import { configSchema } from './schema.js';

/** The keys allowed at a path of the config, for "unknown key … allowed: …" messages. */
export function allowedKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = configSchema;
  for (const step of [...path, null]) {
    schema = unwrap(schema);
    if (schema === undefined) return [];
    const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
    if (step === null) return def.shape ? Object.keys(def.shape) : [];
    if (def.type === 'array') schema = def.element;
    else if (def.shape && typeof step === 'string') schema = def.shape[step];
    else return [];
  }
  return [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let s = schema;
  for (let i = 0; s !== undefined && i < 10; i++) {
    const def = s._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return s;
}

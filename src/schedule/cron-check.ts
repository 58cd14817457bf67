import { validateDetailed } from 'node-cron';

/** What is wrong with a cron expression, field by field; null when node-cron accepts it. */
export function cronProblem(expression: string): string | null {
  const result = validateDetailed(expression);
  if (result.valid) return null;
  const problems = result.errors.map((e) => (e.field === 'expression' ? e.message : `${e.field}: ${e.message}`));
  return problems.join('; ') || 'not a cron expression';
}

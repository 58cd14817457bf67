import type { Command } from 'commander';
import type { CommandContext } from './main.js';

// Placeholder: `tidings schedule` is being built (see the open issue); it registers nothing yet.
export function registerSchedule(_program: Command, _ctx: CommandContext): void {}

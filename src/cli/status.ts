import type { Command } from 'commander';
import type { CommandContext } from './main.js';

// Placeholder: `tidings status` is being built (see the open issue); it registers nothing yet.
export function registerStatus(_program: Command, _ctx: CommandContext): void {}

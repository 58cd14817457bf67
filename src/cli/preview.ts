import type { Command } from 'commander';
import type { CommandContext } from './main.js';

// Placeholder: `tidings preview` is being built (see the open issue); it registers nothing yet.
export function registerPreview(_program: Command, _ctx: CommandContext): void {}

// The process entry point: run the CLI with this process's arguments and streams.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));

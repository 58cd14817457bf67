// The process entry point: run the CLI with this process's arguments and streams.
import { boundHeapGrowth } from './heap.js';

boundHeapGrowth();
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));

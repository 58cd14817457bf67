#!/usr/bin/env node
// The installed `tidings` command: runs the compiled CLI (npm ci builds dist/ through the prepare script).
import '../dist/cli/run.js';

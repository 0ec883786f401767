#!/usr/bin/env node
import { runCli } from './cli-run.js';

// process.exit: a backend that never settled may still hold the event loop open.
runCli(process.argv).then((code) => process.exit(code));

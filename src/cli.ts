#!/usr/bin/env node
import { installStopSignals } from './cli/stop-signals.js';

// The npu-watch command. SIGINT/SIGTERM handlers first, before the rest of npu-watch is even loaded (config,
// logger, probes): a Ctrl-C at any moment ends the command the same clean way.
const stop = installStopSignals();
const { runCommandLine } = await import('./cli/main.js');
process.exitCode = await runCommandLine(process.argv.slice(2), stop);

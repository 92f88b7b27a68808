#!/usr/bin/env node
// `npm run bench`: every benchmark, one after another, on the built code (npm run bench builds first).
import { main as decodeOverhead } from './decode-overhead.mjs';

console.log('# decode loop overhead (bench/decode-overhead.mjs)');
const decode = await decodeOverhead();
if (!decode.within_targets) process.exitCode = 1;

#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx registers the loader), so `npx pmwb` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/pmwb.ts');

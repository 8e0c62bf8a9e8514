import { notBuilt } from '../../engine/not-built.ts';
export const pprofHandlers = [notBuilt('pprof'), notBuilt('pprof-text')];

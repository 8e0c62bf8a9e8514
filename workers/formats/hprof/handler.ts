import { notBuilt } from '../../engine/not-built.ts';
export const hprofHandler = notBuilt('hprof');

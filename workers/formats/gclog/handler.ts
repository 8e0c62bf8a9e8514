import { notBuilt } from '../../engine/not-built.ts';
export const gclogHandlers = [notBuilt('go-gctrace'), notBuilt('jvm-gclog'), notBuilt('jstat')];

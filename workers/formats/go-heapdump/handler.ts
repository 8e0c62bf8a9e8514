import { notBuilt } from '../../engine/not-built.ts';
export const goHeapdumpHandler = notBuilt('go-heapdump');

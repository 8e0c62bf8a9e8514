import { notBuilt } from '../../engine/not-built.ts';
export const goroutinesHandler = notBuilt('goroutine-dump');

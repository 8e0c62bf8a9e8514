/**
 * Thrown by a synchronous record parser when the record at hand does not end inside the bytes
 * buffered so far: the caller rewinds to the record's start, buffers up to `until` (an absolute
 * offset in the stream) and parses the record again. An exception rather than a return code,
 * because the shortfall is found deep inside nested field readers; not an Error, because it is
 * control flow (no stack trace to capture) and must never reach a user.
 */
export class NeedMore {
  constructor(readonly until: number) {}
}

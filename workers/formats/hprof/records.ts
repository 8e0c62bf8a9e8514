/** HPROF record tags, sub-record tags and basic types (JAVA PROFILE 1.0.1 / 1.0.2 / Android 1.0.3). */

export const TAG = {
  UTF8: 0x01,
  LOAD_CLASS: 0x02,
  UNLOAD_CLASS: 0x03,
  STACK_FRAME: 0x04,
  STACK_TRACE: 0x05,
  ALLOC_SITES: 0x06,
  HEAP_SUMMARY: 0x07,
  START_THREAD: 0x0a,
  END_THREAD: 0x0b,
  HEAP_DUMP: 0x0c,
  CPU_SAMPLES: 0x0d,
  CONTROL_SETTINGS: 0x0e,
  HEAP_DUMP_SEGMENT: 0x1c,
  HEAP_DUMP_END: 0x2c,
} as const;

export const SUB = {
  ROOT_UNKNOWN: 0xff,
  ROOT_JNI_GLOBAL: 0x01,
  ROOT_JNI_LOCAL: 0x02,
  ROOT_JAVA_FRAME: 0x03,
  ROOT_NATIVE_STACK: 0x04,
  ROOT_STICKY_CLASS: 0x05,
  ROOT_THREAD_BLOCK: 0x06,
  ROOT_MONITOR_USED: 0x07,
  ROOT_THREAD_OBJECT: 0x08,
  CLASS_DUMP: 0x20,
  INSTANCE_DUMP: 0x21,
  OBJECT_ARRAY_DUMP: 0x22,
  PRIMITIVE_ARRAY_DUMP: 0x23,
  // Android extensions
  HEAP_DUMP_INFO: 0xfe,
  ROOT_INTERNED_STRING: 0x89,
  ROOT_FINALIZING: 0x8a,
  ROOT_DEBUGGER: 0x8b,
  ROOT_REFERENCE_CLEANUP: 0x8c,
  ROOT_VM_INTERNAL: 0x8d,
  ROOT_JNI_MONITOR: 0x8e,
  ROOT_UNREACHABLE: 0x90,
  PRIMITIVE_ARRAY_NODATA: 0xc3,
} as const;

/** Root kind names, as MAT and VisualVM show them. */
export const ROOT_KIND_NAMES: Record<number, string> = {
  [SUB.ROOT_UNKNOWN]: 'Unknown',
  [SUB.ROOT_JNI_GLOBAL]: 'JNI global',
  [SUB.ROOT_JNI_LOCAL]: 'JNI local',
  [SUB.ROOT_JAVA_FRAME]: 'Java frame',
  [SUB.ROOT_NATIVE_STACK]: 'Native stack',
  [SUB.ROOT_STICKY_CLASS]: 'System class',
  [SUB.ROOT_THREAD_BLOCK]: 'Thread block',
  [SUB.ROOT_MONITOR_USED]: 'Busy monitor',
  [SUB.ROOT_THREAD_OBJECT]: 'Thread',
  [SUB.ROOT_INTERNED_STRING]: 'Interned string',
  [SUB.ROOT_FINALIZING]: 'Finalizing',
  [SUB.ROOT_DEBUGGER]: 'Debugger',
  [SUB.ROOT_REFERENCE_CLEANUP]: 'Reference cleanup',
  [SUB.ROOT_VM_INTERNAL]: 'VM internal',
  [SUB.ROOT_JNI_MONITOR]: 'JNI monitor',
  [SUB.ROOT_UNREACHABLE]: 'Unreachable',
};

export const T_OBJECT = 2;
export const T_BOOLEAN = 4;
export const T_CHAR = 5;
export const T_FLOAT = 6;
export const T_DOUBLE = 7;
export const T_BYTE = 8;
export const T_SHORT = 9;
export const T_INT = 10;
export const T_LONG = 11;

export const PRIMITIVE_NAMES: Record<number, string> = {
  [T_BOOLEAN]: 'boolean',
  [T_CHAR]: 'char',
  [T_FLOAT]: 'float',
  [T_DOUBLE]: 'double',
  [T_BYTE]: 'byte',
  [T_SHORT]: 'short',
  [T_INT]: 'int',
  [T_LONG]: 'long',
};

/** Size in the file of a value of basic type `t` (objects take the identifier size); 0 when unknown. */
export function valueSize(t: number, idSize: number): number {
  switch (t) {
    case T_OBJECT:
      return idSize;
    case T_BOOLEAN:
    case T_BYTE:
      return 1;
    case T_CHAR:
    case T_SHORT:
      return 2;
    case T_FLOAT:
    case T_INT:
      return 4;
    case T_DOUBLE:
    case T_LONG:
      return 8;
    default:
      return 0;
  }
}

const SIG_PRIMITIVES: Record<string, string> = {
  Z: 'boolean',
  C: 'char',
  F: 'float',
  D: 'double',
  B: 'byte',
  S: 'short',
  I: 'int',
  J: 'long',
};

/** `java/lang/String` → `java.lang.String`, `[Ljava/lang/Object;` → `java.lang.Object[]`, `[[I` → `int[][]`. */
export function javaClassName(vmName: string): string {
  let dims = 0;
  while (vmName[dims] === '[') dims++;
  if (dims === 0) return vmName.replace(/\//g, '.');
  const rest = vmName.slice(dims);
  let base: string;
  if (rest.startsWith('L') && rest.endsWith(';')) base = rest.slice(1, -1).replace(/\//g, '.');
  else base = SIG_PRIMITIVES[rest] ?? rest.replace(/\//g, '.');
  return base + '[]'.repeat(dims);
}

/**
 * UI names of the engine's ids: formats, severities, event kinds, finding kinds
 * (incident and checklist statuses are in the report messages, `workers/report/i18n/`; timeline lane
 * names in `incident/strings.ts`).
 * `FORMAT_LABELS` (contract/inspect.ts) stays English for the CLI and JSON; the UI shows these,
 * keyed `<group>_<id>` so one lookup works for every id of a group (see `labels.ts`).
 */
export const labelsEn = {
  'format_go-heapdump': 'Go heap dump',
  format_hprof: 'Java HPROF heap dump',
  format_pprof: 'pprof profile',
  'format_pprof-text': 'pprof legacy text profile',
  'format_goroutine-dump': 'Goroutine dump',
  'format_go-gctrace': 'Go gctrace log',
  'format_jvm-gclog': 'JVM GC log',
  format_jstat: 'jstat -gc output',
  'format_java-thread-dump': 'Java thread dump',

  'severity_Sev-1': 'Sev-1',
  'severity_Sev-2': 'Sev-2',
  'severity_Sev-3': 'Sev-3',
  'severity_Sev-4': 'Sev-4',

  eventSeverity_info: 'info',
  eventSeverity_warning: 'warning',
  eventSeverity_critical: 'critical',

  eventKind_deploy: 'deploy',
  'eventKind_config-change': 'config change',
  'eventKind_alert-fired': 'alert fired',
  'eventKind_oom-kill': 'OOM kill',
  eventKind_restart: 'restart',
  eventKind_mitigation: 'mitigation',
  eventKind_recovery: 'recovery',
  eventKind_note: 'note',
  eventKind_gc: 'GC',
  'eventKind_gc-full': 'full GC',
  'eventKind_heap-dump': 'heap dump',
  eventKind_profile: 'profile',
  'eventKind_goroutine-dump': 'goroutine dump',
  'eventKind_thread-dump': 'thread dump',
  eventKind_memstats: 'MemStats',
  eventKind_crash: 'crash',
  eventKind_oom: 'OOM',

  'findingKind_heap-growth': 'heap growth',
  'findingKind_gc-threshold': 'GC threshold',
  'findingKind_goroutine-growth': 'goroutine growth',
  'findingKind_projected-oom': 'projected OOM',
  'findingKind_top-retainer': 'top retainer',
  'findingKind_leak-suspect': 'leak suspect',
  'findingKind_unclosed-resource': 'unclosed resource',
  'findingKind_stack-held-memory': 'stack-held memory',
  'findingKind_unreachable-heap': 'mostly unreachable dump',
  findingKind_crash: 'crash',
  findingKind_oom: 'OOM',
  'findingKind_lock-convoy': 'lock convoy',
  findingKind_deadlock: 'deadlock',
} as const;

export type LabelKey = keyof typeof labelsEn;

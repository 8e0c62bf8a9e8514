/**
 * A severity proposed from the evidence, with the reason in one sentence: the team decides, but an
 * incident whose process crashed or ran out of memory should not sit at Sev-4 by default.
 */
import type { Finding, Lang, Severity } from '../incident/model.ts';

export interface SeverityProposal {
  severity: Severity;
  /** Why, naming the finding that decided it. */
  reason: string;
  /** The finding that decided it, when one did. */
  findingId?: string;
}

const TEXT = {
  en: {
    oom: (s: string) => `the process ran out of memory (${s}): an outage, Sev-2 or higher`,
    crash: (s: string) => `the process crashed (${s}): an outage, Sev-2 or higher`,
    projected: 'memory was on course to hit its limit: degradation, Sev-3',
    deadlock: (s: string) => `threads deadlocked (${s}): requests hang, Sev-2 or higher`,
    none: 'no crash, OOM or projected OOM in the evidence: Sev-4 until the impact says otherwise',
  },
  'zh-CN': {
    oom: (s: string) => `进程内存耗尽（${s}）：属于故障，Sev-2 或更高`,
    crash: (s: string) => `进程崩溃（${s}）：属于故障，Sev-2 或更高`,
    projected: '内存将触及上限：服务降级，Sev-3',
    deadlock: (s: string) => `线程死锁（${s}）：请求挂起，Sev-2 或更高`,
    none: '证据中没有崩溃、OOM 或预计 OOM：在影响明确前为 Sev-4',
  },
} as const;

/** The severity the findings call for (the user's choice always wins; this is only a proposal). */
export function proposeSeverity(findings: Finding[], lang: Lang = 'en'): SeverityProposal {
  const t = TEXT[lang];
  const first = (k: Finding['kind']) => findings.find((f) => f.kind === k);
  const oom = first('oom');
  if (oom) return { severity: 'Sev-2', reason: t.oom(oom.subject), findingId: oom.id };
  const crash = first('crash');
  if (crash) return { severity: 'Sev-2', reason: t.crash(crash.subject), findingId: crash.id };
  const dl = first('deadlock');
  if (dl) return { severity: 'Sev-2', reason: t.deadlock(dl.subject), findingId: dl.id };
  const proj = first('projected-oom');
  if (proj) return { severity: 'Sev-3', reason: t.projected, findingId: proj.id };
  return { severity: 'Sev-4', reason: t.none };
}

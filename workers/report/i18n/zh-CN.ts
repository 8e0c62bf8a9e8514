/** 简体中文消息目录（与 en.ts 键一一对应）。 */
import type { Messages } from './en.ts';

export const zhCN = {
  lang: 'zh-CN',
  sections: {
    summary: '概要',
    impact: '影响',
    timeline: '时间线',
    'root-cause': '根因与证据',
    trigger: '触发因素',
    detection: '发现过程',
    resolution: '处置与恢复',
    'code-defect': '代码缺陷',
    'went-well': '做得好的地方',
    'went-wrong': '做得不好的地方',
    'got-lucky': '侥幸之处',
    checklist: '防御清单',
    validation: '修复验证',
    'supporting-information': '附加信息',
  },
  meta: {
    date: '日期',
    authors: '作者',
    status: '状态',
    severity: '级别',
    service: '服务',
    incidentStatus: '事故状态',
    window: '时间范围',
  },
  postmortemStatus: { draft: '草稿', 'in-review': '评审中', final: '定稿' },
  incidentStatus: { investigating: '排查中', mitigated: '已缓解', resolved: '已解决', closed: '已关闭' },
  severity: { 'Sev-1': 'Sev-1', 'Sev-2': 'Sev-2', 'Sev-3': 'Sev-3', 'Sev-4': 'Sev-4' },
  checklistStatus: {
    proposed: '建议',
    committed: '已承诺',
    'in-progress': '进行中',
    done: '已完成',
    'wont-do': '不做',
  },
  checklistColumns: {
    category: '类别',
    action: '措施',
    owner: '负责人',
    due: '截止日期（SLA）',
    status: '状态',
    priority: '优先级',
    link: '证据 / 工单',
    notes: '备注',
    overdue: '已逾期',
  },
  categories: {
    build: '构建',
    runtime: '运行时配置',
    'supply-chain': '供应链',
    observability: '可观测性',
    diagnostics: '诊断',
    code: '代码',
    testing: '测试 / CI',
    alerting: '告警',
    platform: '平台',
    process: '流程',
  },
  timelineColumns: { time: '时间', event: '事件', source: '来源', evidence: '证据' },
  artifactColumns: { file: '文件', format: '格式', size: '大小', sha256: 'SHA-256', anchor: '时间锚点' },
  gcPauses: {
    heading: (file) => `${file} 中按类型统计的 GC 停顿：`,
    columns: { kind: '类型', count: '次数', total: '停顿总计', max: '最长', mean: '平均' },
    kinds: {
      'go-cycle': 'GC 周期',
      young: '年轻代',
      mixed: '混合',
      full: 'Full GC',
      'initial-mark': '初始标记',
      remark: '重新标记',
      cleanup: '清理',
      concurrent: '并发',
    },
  },
  anchor: {
    evidence: '来自证据',
    user: '由团队设定',
    assumed: '推定（文件修改时间）',
    inferred: '推断',
    placed: '推定（就近归组；文件时间不可信）',
    basis: (b) =>
      b.rule === 'beside'
        ? `与 ${b.from} 同目录`
        : b.rule === 'process-start'
          ? `进程启动时间取自 ${b.from}`
          : b.rule === 'after-id'
            ? `按 goroutine 编号排在 ${b.from} 之后`
            : b.rule === 'before-id'
              ? `按 goroutine 编号排在 ${b.from} 之前`
              : `与 ${b.from} 归为一组；其文件时间与证据相差 ${b.gapHours !== undefined && b.gapHours >= 48 ? `${Math.round(b.gapHours / 24)} 天` : `${b.gapHours ?? '?'} 小时`}`,
  },
  missing: '文件缺失',
  unassigned: '未指派',
  yes: '是',
  evidence: '证据',
  colon: '：',
  evidenceList: (links) => `（证据：${links}）`,
  minutes: (n) => `${n} 分钟`,
  seconds: (n) => `${n} 秒`,
  anObject: '对象',
  culprits: {
    goroutines: (fn, growth) => `${fn} 增加 ${growth} 个 goroutine`,
    heapRate: (rate) => `存活堆每分钟增长 ${rate}`,
    sep: '；',
  },
  defaultTitle: (name) => `事故报告：${name}`,
  placeholder: '_待团队补充。_',
  codeDefectHint: '粘贴有缺陷的代码及修复。',
  noFindings: '尚未从工件中计算出任何发现。',
  noStarred: '尚未标星任何事件；请在时间线上为关键事件标星。',
  noChecklist: '暂无防御措施。',
  summary: (n) => `${n.service} 发生了 ${n.severity} 级内存事故（${n.window}）。证据指向：${n.culprits}。`,
  summaryNoFindings: (n) => `${n.service} 发生了 ${n.severity} 级事故，分析尚未确定原因。`,
  impact: (n) =>
    `在 ${n.window} 期间：时间线上记录了 ${n.ooms} 次内存耗尽、${n.crashes} 次崩溃和 ${n.restarts} 次重启。请补充对用户的影响（失败请求数、受影响客户）。`,
  detection: (n) =>
    [
      n.detectable
        ? `从 ${n.detectable} 起即可发现（第一条计算得出的发现）。`
        : '没有计算出的发现能给出可发现的时刻。',
      n.detected ? `实际发现于 ${n.detected}（时间线上的第一条告警）。` : '时间线上尚无告警事件。',
      n.gap ? `间隔：${n.gap}。` : '',
    ]
      .filter(Boolean)
      .join(''),
  resolution: (n) => (n.events ? `缓解与恢复事件：${n.events}。` : '_请在时间线上补充缓解与恢复事件。_'),
  triggerFromDeploy: (n) =>
    `可能的触发因素：${n.at} 的 ${n.label}（第一条告警或严重事件之前的最后一次发布或配置变更）。`,
  findings: {
    heapGrowth: (n) =>
      `存活堆在 ${n.from} 至 ${n.to} 之间从 ${n.start} 增长到 ${n.end}（${n.cycles} 次 GC），约每分钟 ${n.rate}。`,
    projectedOom: (n) => `按此速度，堆将在 ${n.at} 达到 ${n.limit} 上限，即最后一次 GC 之后 ${n.after}。`,
    oomReached: (n) => `存活堆在 ${n.at} 已达到 ${n.limit} 上限。`,
    gcPause: (n) =>
      `GC 停顿在 ${n.at} 超过 ${n.threshold}（${n.pause}）；共 ${n.over} 次超过阈值，最长 ${n.max}。`,
    gcCpu: (n) => `GC CPU 占用在 ${n.at} 超过 ${n.threshold}（${n.percent}；整个日志为 ${n.overall}）。`,
    goroutineGrowth: (n) =>
      `\`${n.fn}\` 中的 goroutine（${n.state}，由 \`${n.createdBy}\` 创建）在 ${n.dumps} 次转储间增长为 ${n.counts}（+${n.growth}${n.perMinute !== undefined ? `，每分钟 ${n.perMinute}` : ''}），且从未结束。`,
    topRetainer: (n) =>
      `最大的持有者是 ${n.subject}${n.type ? `（${n.type}）` : ''}，保留 ${n.retained}（占可达堆的 ${n.percent}）${n.holds ? `，持有 ${n.holds}` : ''}${n.accumulates ? `；内存累积于 \`${n.accumulates}\`` : ''}；到 GC 根的路径：\`${n.pathCode}\`。`,
    gcStorm: (n) => `自 ${n.at} 起 Full GC 接连发生（${n.runs} 轮，共 ${n.collections} 次）：堆已容纳不下。`,
    leakSuspect: (n) =>
      `泄漏嫌疑 ${n.subject}：保留 ${n.retained}（${n.percent}）；${n.description} 路径：\`${n.pathCode}\`。`,
    unclosed: (n) =>
      `${n.count} 个 \`${n.type}\` 实例仍可达（从未关闭）${n.holder ? `，每个 \`${n.holder}\` 持有一个` : ''}；共保留 ${n.retained}。`,
    unreachableHeap: (n) =>
      `\`${n.file}\` 中大部分是垃圾：${n.dump} 中有 ${n.unreachable}（${n.percent}）从 GC 根不可达${n.classes ? `，主要是 ${n.classes}` : ''}；存活的只有 ${n.reachable}。转储前没有做完整 GC（HeapDumpOnOutOfMemoryError、不带 \`live\` 的 \`jmap -dump\`），所以不可达对象中占比大的，是程序在转储前刚分配又丢弃的内容；也可能是转储缺少了部分 GC 根。下文的百分比均相对于存活堆。`,
    stackHeld: (n) => `${n.retained}（${n.subject}）被 goroutine 或线程的栈帧持有：\`${n.rootCode}\`。`,
    crash: (n) =>
      `进程于 ${n.at} 崩溃：\`${n.message}\`${n.fn ? `，位于 \`${n.fn}\`` : ''}（回溯中有 ${n.goroutines} 个 goroutine）。`,
    oom: (n) => `${n.at} 内存耗尽：${n.subject}${n.where ? `，抛出于 \`${n.where}\`` : ''}。`,
    lockConvoy: (n) =>
      `${n.at}，有 ${n.waiters} 个线程处于 BLOCKED，等待 \`${n.owner}\` 持有的 \`${n.monitor}\`。`,
    deadlock: (n) => `${n.at}，线程 \`${n.threads}\` 发生死锁。`,
  },
  charts: {
    heap: '堆内存随时间变化',
    goroutines: '各次转储的 goroutine 数',
    live: '存活堆',
    goal: '堆目标 / 容量',
  },
} satisfies Messages;

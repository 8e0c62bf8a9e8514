/**
 * The built-in, bilingual library of defenses for Go and JVM services (pre-launch checks and OOM
 * defenses), and which defenses each kind of finding suggests. Wording is the product's own;
 * facts follow the sources in the project's reference notes (Go GC guide, goleak, Prometheus, JVM flags).
 */
import type { Finding, Priority } from '../incident/model.ts';

export type Runtime = 'go' | 'jvm' | 'any';

export interface Defense {
  id: string;
  category:
    | 'build'
    | 'runtime'
    | 'supply-chain'
    | 'observability'
    | 'diagnostics'
    | 'code'
    | 'testing'
    | 'alerting'
    | 'platform'
    | 'process';
  runtime: Runtime;
  priority: Priority;
  /** Shown in the library by default (pre-launch baseline) vs only when a finding suggests it. */
  baseline: boolean;
  text: { en: string; 'zh-CN': string };
}

export const DEFENSES: readonly Defense[] = [
  {
    id: 'build-pinned',
    category: 'build',
    runtime: 'go',
    priority: 'P2',
    baseline: true,
    text: {
      en: 'Build reproducibly in CI: pin GOOS/GOARCH and the Go toolchain version, and fail the build when `go mod verify` fails.',
      'zh-CN': '在 CI 中可复现地构建：固定 GOOS/GOARCH 与 Go 工具链版本，`go mod verify` 失败即阻断构建。',
    },
  },
  {
    id: 'gomemlimit',
    category: 'runtime',
    runtime: 'go',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Set `GOMEMLIMIT` to the container memory limit minus 5–10 % headroom (inject it via the Downward API or automemlimit); the runtime does not derive it from cgroups.',
      'zh-CN':
        '将 `GOMEMLIMIT` 设为容器内存上限减去 5–10% 余量（通过 Downward API 或 automemlimit 注入）；Go 运行时不会自动从 cgroup 推导该值。',
    },
  },
  {
    id: 'gomaxprocs',
    category: 'runtime',
    runtime: 'go',
    priority: 'P2',
    baseline: true,
    text: {
      en: 'Match `GOMAXPROCS` to the container CPU quota (automatic from Go 1.25; use automaxprocs on older versions).',
      'zh-CN': '让 `GOMAXPROCS` 与容器 CPU 配额一致（Go 1.25 起自动；更早版本使用 automaxprocs）。',
    },
  },
  {
    id: 'jvm-heapdump-on-oom',
    category: 'runtime',
    runtime: 'jvm',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Run the JVM with `-XX:+HeapDumpOnOutOfMemoryError` and a `-XX:HeapDumpPath` on a volume with room for a full heap.',
      'zh-CN':
        'JVM 启动参数加上 `-XX:+HeapDumpOnOutOfMemoryError`，并将 `-XX:HeapDumpPath` 指向容量足以容纳整堆的卷。',
    },
  },
  {
    id: 'jvm-exit-on-oom',
    category: 'runtime',
    runtime: 'jvm',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Add `-XX:+ExitOnOutOfMemoryError` so a JVM that ran out of memory exits and is restarted instead of limping on.',
      'zh-CN': '加上 `-XX:+ExitOnOutOfMemoryError`，让内存耗尽的 JVM 直接退出并被重启，而不是带病运行。',
    },
  },
  {
    id: 'govulncheck',
    category: 'supply-chain',
    runtime: 'go',
    priority: 'P2',
    baseline: true,
    text: {
      en: 'Run `govulncheck` in CI and block releases on reachable vulnerabilities.',
      'zh-CN': '在 CI 中运行 `govulncheck`，存在可达漏洞时阻断发布。',
    },
  },
  {
    id: 'health-endpoints',
    category: 'observability',
    runtime: 'any',
    priority: 'P2',
    baseline: true,
    text: {
      en: 'Expose liveness and readiness endpoints (`/healthz`, `/readyz`) that reflect real dependencies.',
      'zh-CN': '提供反映真实依赖状态的存活与就绪端点（`/healthz`、`/readyz`）。',
    },
  },
  {
    id: 'structured-logs',
    category: 'observability',
    runtime: 'any',
    priority: 'P3',
    baseline: true,
    text: {
      en: 'Log in a structured format with a fixed field set, and never log secrets (passwords, tokens).',
      'zh-CN': '使用字段固定的结构化日志，禁止输出密码、令牌等敏感信息。',
    },
  },
  {
    id: 'build-info-metric',
    category: 'observability',
    runtime: 'any',
    priority: 'P3',
    baseline: true,
    text: {
      en: 'Publish a build-info metric (commit, runtime version, build time) at startup.',
      'zh-CN': '启动时上报构建信息指标（提交号、运行时版本、构建时间）。',
    },
  },
  {
    id: 'pprof-loopback',
    category: 'diagnostics',
    runtime: 'go',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Serve `net/http/pprof` only on loopback or a separate internal port with a private mux, never on the public listener.',
      'zh-CN': '`net/http/pprof` 只在回环地址或独立的内部端口（私有 mux）上提供，绝不挂在对外监听上。',
    },
  },
  {
    id: 'escape-analysis',
    category: 'code',
    runtime: 'go',
    priority: 'P3',
    baseline: true,
    text: {
      en: 'Review escape analysis (`go build -gcflags=-m`) of hot paths to keep short-lived values off the heap.',
      'zh-CN': '用 `go build -gcflags=-m` 审查热点路径的逃逸分析，让短命对象留在栈上。',
    },
  },
  {
    id: 'sync-pool-reset',
    category: 'code',
    runtime: 'go',
    priority: 'P3',
    baseline: true,
    text: {
      en: 'Reset objects taken from `sync.Pool` before use and never touch them after `Put`.',
      'zh-CN': '从 `sync.Pool` 取出的对象先重置再使用，`Put` 之后不再引用。',
    },
  },
  {
    id: 'goleak-ci',
    category: 'testing',
    runtime: 'go',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Add goroutine-leak tests to CI: `goleak.VerifyTestMain(m)` per package (or `defer goleak.VerifyNone(t)`).',
      'zh-CN':
        '在 CI 中加入 goroutine 泄漏测试：每个包使用 `goleak.VerifyTestMain(m)`（或 `defer goleak.VerifyNone(t)`）。',
    },
  },
  {
    id: 'goroutine-alert',
    category: 'alerting',
    runtime: 'go',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Alert when `go_goroutines` keeps climbing (e.g. above its weekly baseline for 30 min).',
      'zh-CN': '当 `go_goroutines` 持续攀升（例如超过周基线 30 分钟）时告警。',
    },
  },
  {
    id: 'heap-growth-alert',
    category: 'alerting',
    runtime: 'any',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Graph heap metrics and alert on the trend: `predict_linear(container_memory_working_set_bytes[1h], 4*3600) > limit`.',
      'zh-CN':
        '绘制堆内存指标并按趋势告警：`predict_linear(container_memory_working_set_bytes[1h], 4*3600) > limit`。',
    },
  },
  {
    id: 'oomkill-alert',
    category: 'alerting',
    runtime: 'any',
    priority: 'P2',
    baseline: true,
    text: {
      en: 'Alert on containers terminated with reason `OOMKilled` together with restarts.',
      'zh-CN': '对以 `OOMKilled` 原因终止并伴随重启的容器告警。',
    },
  },
  {
    id: 'memory-limits',
    category: 'platform',
    runtime: 'any',
    priority: 'P2',
    baseline: true,
    text: {
      en: 'Set memory requests and limits on every container.',
      'zh-CN': '为每个容器设置内存 request 与 limit。',
    },
  },
  {
    id: 'metric-cardinality',
    category: 'observability',
    runtime: 'any',
    priority: 'P3',
    baseline: true,
    text: {
      en: 'Keep metric labels low-cardinality (handler, method, status code); never label by user or request id.',
      'zh-CN': '指标标签保持低基数（handler、method、状态码），不要以用户或请求 ID 作为标签。',
    },
  },
  {
    id: 'trace-sampling',
    category: 'observability',
    runtime: 'any',
    priority: 'P3',
    baseline: true,
    text: {
      en: 'Configure trace sampling explicitly (parent-based ratio or rate limit) and make it adjustable without a deploy.',
      'zh-CN': '显式配置链路追踪采样（基于父级的比例或限速），并支持无需发布即可调整。',
    },
  },
  {
    id: 'resource-closing',
    category: 'code',
    runtime: 'any',
    priority: 'P1',
    baseline: true,
    text: {
      en: 'Close every resource on every path (`defer Close()` in Go, try-with-resources in Java) and enforce it with a static check in CI.',
      'zh-CN':
        '在所有路径上关闭资源（Go 用 `defer Close()`，Java 用 try-with-resources），并在 CI 中用静态检查强制执行。',
    },
  },
  {
    id: 'heapdump-automation',
    category: 'diagnostics',
    runtime: 'any',
    priority: 'P2',
    baseline: true,
    text: {
      en: 'Automate evidence capture: when memory passes a threshold, save a heap profile / dump and a goroutine or thread dump to durable storage.',
      'zh-CN': '自动采集证据：内存超过阈值时，将堆剖析 / 堆转储及 goroutine 或线程转储保存到持久存储。',
    },
  },
  {
    id: 'review-cadence',
    category: 'process',
    runtime: 'any',
    priority: 'P3',
    baseline: true,
    text: {
      en: 'Review open postmortem actions every two weeks until each is done or explicitly dropped.',
      'zh-CN': '每两周复查一次未完成的复盘措施，直到完成或明确放弃。',
    },
  },
  // Suggested by findings only.
  {
    id: 'bounded-cache',
    category: 'code',
    runtime: 'any',
    priority: 'P0',
    baseline: false,
    text: {
      en: 'Bound the cache: a size or byte cap with eviction (LRU/TTL), plus a metric for its size.',
      'zh-CN': '为缓存设上限：按条数或字节数封顶并带淘汰（LRU/TTL），同时暴露缓存大小指标。',
    },
  },
  {
    id: 'context-cancel',
    category: 'code',
    runtime: 'go',
    priority: 'P0',
    baseline: false,
    text: {
      en: 'Give worker goroutines a context with cancellation/timeout and make sure every channel they wait on is sent to or closed on all paths.',
      'zh-CN':
        '为工作 goroutine 传入可取消 / 带超时的 context，并确保其等待的每个 channel 在所有路径上都会被发送或关闭。',
    },
  },
  {
    id: 'streaming-batching',
    category: 'code',
    runtime: 'any',
    priority: 'P1',
    baseline: false,
    text: {
      en: 'Process large data in streams or bounded batches instead of holding one large slice in a long-lived frame.',
      'zh-CN': '以流式或有界批次处理大数据，避免在长生命周期的栈帧中持有一个大切片。',
    },
  },
  {
    id: 'gc-headroom',
    category: 'runtime',
    runtime: 'go',
    priority: 'P1',
    baseline: false,
    text: {
      en: 'Stop GC thrashing: give the heap headroom under the memory limit (GOMEMLIMIT below the container limit) and cut the allocation rate of the hot path.',
      'zh-CN':
        '消除 GC 抖动：在内存上限之下为堆留出余量（GOMEMLIMIT 低于容器上限），并降低热点路径的分配速率。',
    },
  },
  {
    id: 'jvm-heap-headroom',
    category: 'runtime',
    runtime: 'jvm',
    priority: 'P1',
    baseline: false,
    text: {
      en: 'Size the JVM heap with headroom for the container (`-XX:MaxRAMPercentage`) and alert on old-generation occupancy after Full GC.',
      'zh-CN': '按容器为 JVM 堆留出余量（`-XX:MaxRAMPercentage`），并对 Full GC 后的老年代占用告警。',
    },
  },
  {
    id: 'try-with-resources',
    category: 'code',
    runtime: 'jvm',
    priority: 'P0',
    baseline: false,
    text: {
      en: 'Open streams in try-with-resources so the failure path closes them too; remove manual `close()` calls.',
      'zh-CN': '用 try-with-resources 打开流，使失败路径同样关闭它们；去掉手写的 `close()`。',
    },
  },
  {
    id: 'resource-static-check',
    category: 'testing',
    runtime: 'jvm',
    priority: 'P1',
    baseline: false,
    text: {
      en: 'Fail CI on unclosed resources with a static check (e.g. Sonar rule S2095 or Error Prone).',
      'zh-CN': '用静态检查（如 Sonar 规则 S2095 或 Error Prone）在 CI 中拦截未关闭的资源。',
    },
  },
  {
    id: 'bounded-queue',
    category: 'code',
    runtime: 'any',
    priority: 'P1',
    baseline: false,
    text: {
      en: 'Replace the crash on a full queue with back-pressure or load shedding, and alert on queue depth.',
      'zh-CN': '队列满时以背压或降载代替崩溃，并对队列深度告警。',
    },
  },
  {
    id: 'nil-map-fix',
    category: 'code',
    runtime: 'go',
    priority: 'P0',
    baseline: false,
    text: {
      en: 'Fix the write to a nil map (initialise it with `make` where it is created) and add a test that drives that path.',
      'zh-CN': '修复对 nil map 的写入（在创建处用 `make` 初始化），并补充覆盖该路径的测试。',
    },
  },
  {
    id: 'nil-map-lint',
    category: 'code',
    runtime: 'go',
    priority: 'P1',
    baseline: false,
    text: {
      en: 'Run `go vet` and staticcheck (nilness, SA5000 "assignment to nil map") in CI and fail the build on findings.',
      'zh-CN': '在 CI 中运行 `go vet` 与 staticcheck（nilness、SA5000“向 nil map 赋值”），有问题即阻断构建。',
    },
  },
  {
    id: 'lock-scope',
    category: 'code',
    runtime: 'any',
    priority: 'P0',
    baseline: false,
    text: {
      en: 'Narrow the lock scope: no I/O, sleeps or slow calls while holding the contended lock; measure lock wait (mutex profile / JFR monitor events).',
      'zh-CN':
        '缩小锁的范围：持有争用锁时不做 I/O、休眠或慢调用；度量锁等待（mutex profile / JFR 监视器事件）。',
    },
  },
];

const byId = new Map(DEFENSES.map((d) => [d.id, d]));
export function defense(id: string): Defense | undefined {
  return byId.get(id);
}

/** Defense ids a finding suggests (ordered by importance). */
export function suggestionsFor(f: Finding, runtime: Runtime): string[] {
  const go = runtime === 'go';
  const jvm = runtime === 'jvm';
  switch (f.kind) {
    case 'goroutine-growth':
      // goroutines queueing on a mutex are a lock convoy, not (only) a leak
      return /semacquire|mutex|lock/i.test(f.facts?.state ?? '')
        ? ['lock-scope', 'goroutine-alert']
        : ['context-cancel', 'goleak-ci', 'goroutine-alert'];
    case 'lock-convoy':
    case 'deadlock':
      return ['lock-scope'];
    case 'top-retainer':
    case 'leak-suspect':
      // an unbounded map or static collection: bound it, evict, and measure its size
      return f.facts?.cacheLike === 'yes' || f.facts?.staticField
        ? ['bounded-cache', 'heap-growth-alert']
        : ['heap-growth-alert', 'heapdump-automation'];
    case 'heap-growth':
    case 'projected-oom':
      return ['heap-growth-alert', ...(go ? ['gomemlimit'] : []), ...(jvm ? ['jvm-heapdump-on-oom'] : [])];
    case 'stack-held-memory':
      return ['streaming-batching'];
    case 'gc-threshold':
      return go ? ['gc-headroom', 'gomemlimit'] : jvm ? ['jvm-heap-headroom'] : ['heap-growth-alert'];
    case 'unclosed-resource':
      return jvm ? ['try-with-resources', 'resource-static-check'] : ['resource-closing'];
    case 'crash':
      if (/nil map/i.test(f.subject)) return ['nil-map-fix', 'nil-map-lint'];
      return /queue|overflow|full/i.test(f.subject)
        ? ['bounded-queue', 'oomkill-alert']
        : ['oomkill-alert', 'heapdump-automation'];
    case 'oom':
      return jvm
        ? ['jvm-heapdump-on-oom', 'jvm-exit-on-oom', 'oomkill-alert']
        : ['oomkill-alert', 'gomemlimit'];
    default:
      return [];
  }
}

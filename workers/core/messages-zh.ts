import type { MessageKey } from './messages.ts';

/**
 * 简体中文 templates of the engine's sentences (messages.ts has the keys and the English): the
 * renderer's `engine` catalog for zh-CN, and the Chinese postmortem's quotes of engine sentences. Same placeholders as the English (`{name}`, `{name|format}`); a placeholder the
 * English needs only for its grammar (`{s}`, the plural ending) may be left out.
 */
export const MESSAGES_ZH: Record<MessageKey, string> = {
  'goroutines/neverWakesTitle': '{count} 个 goroutine 在 {where} 等待 "{state}"',
  'goroutines/neverWakesExplanation':
    '"{state}" 永远无法完成：{why}。每个这样的 goroutine 及其栈引用的一切都已泄漏{wait}{created}。',
  'goroutines/whySelect': '没有 case 的 select 会永远阻塞',
  'goroutines/whyNilChannel': '任何人都无法向 nil channel 发送或从中接收',
  'goroutines/waitMinutes': '，已等待 {minutes} 分钟',
  'goroutines/createdBy': '，由 {createdBy}（{location}）启动',
  'goroutines/mutexTitle': '{count} 个 goroutine 在 {where} 排队等待互斥锁（"{state}"{lock}）',
  'goroutines/semaphoreTitle': '{count} 个 goroutine 在 {where} 排队等待信号量（"{state}"）',
  'goroutines/blockedTitle': '{count} 个 goroutine 阻塞在 {where}（"{state}"）',
  'goroutines/pileupExplanation':
    '{count} 个 goroutine（占 {total} 个的 {share|pct}）共用同一个栈并等待 "{state}"{wait}{created}。{advice}{stdlib}',
  'goroutines/adviceUnknown': 'debug=1 不记录状态和等待时长；打开 debug=2 的转储才能看到它们在等什么。',
  'goroutines/adviceLock': '锁护航效应：持有者慢了或卡住了，每个新调用者都排在它后面。',
  'goroutines/adviceIo': '大量空闲连接或读取者；检查是否有从不关闭它们的客户端。',
  'goroutines/adviceChannel':
    '堆积在同一个阻塞操作上的 goroutine 是典型的泄漏：某个发送者、接收者或 `Done()` 永远不会到来。',
  'goroutines/adviceStdlib': '（标准库的栈：通常是无害的池化）',
  'goroutines/growing': '{function}（"{state}"）在 {dumps} 个转储间从 {steps}{monotonic}{created}。',
  'goroutines/growingMonotonic': '，每一步都在增长',
  'goroutines/growingCreatedBy': '；由 {createdBy} 启动',

  'gc/reasonFewPoints': '可拟合的堆数据点少于 3 个',
  'gc/reasonNoLimit': '没有上限：请输入一个（GOMEMLIMIT、JVM 的最大堆或容器的内存 limit）',
  'gc/reasonReached': '堆已经达到上限',
  'gc/reasonNotRising': '堆的趋势没有上升',
  'gc/reasonFit':
    '对 {n} 个{basis}堆数据点做最小二乘拟合，R² {r2|fixed2}；外推到拟合时段的 {ahead|fixed1} 倍',
  'gc/basisLive': '存活',
  'gc/basisAfterFull': ' Full GC 之后的',
  'gc/basisAfterGc': '每次 GC 之后的',

  'heap/objectTitle': '{holder} 保留 {bytes|bytes}（可达堆的 {percent} %）',
  'heap/objectDescription': '一个 {type} 对象，从 {root} 持有，使 {bytes|bytes} 无法回收。{accumulation}',
  'heap/objectAccumulation': '内存累积在 {point}，它支配 {kids|count} 个对象（{pointBytes|bytes}）。',
  'heap/groupTitle': '{count|count} 个 {grouping} 为 {group} 的对象保留 {bytes|bytes}（{percent} %）',
  'heap/groupDescription':
    '许多同一 {grouping} 的对象共同使 {bytes|bytes} 无法回收（自身 {shallow|bytes}）。看看是谁持有它们：打开该组并沿到 GC 根的路径查看。',

  'hprof/staticTitle': '静态字段 {holder}（{holderType}）保留 {bytes|bytes}（{percent} %）{what}',
  'hprof/objectTitle': '{holder} 保留 {bytes|bytes}（{percent} %）{what}',
  'hprof/titleWhat': '：{count|count} 个 {type}{values}',
  'hprof/titleValues': '（映射的值）',
  'hprof/descriptionOne':
    '{count|count} 个 `{type}` 实例由 `{holderType}`{where}持有，共占 {bytes|bytes}（{percent} %）。',
  'hprof/descriptionMany':
    '{count|count} 个 `{type}` 实例由 `{holderType}`{where}持有，共占 {bytes|bytes}（{percent} %）。',
  'hprof/descriptionHolder': '一个 `{holderType}`{where} 保留 {bytes|bytes}（{percent} %）。',
  'hprof/whereStatic': '（静态字段 `{field}`）',
  'hprof/whereRoot': '（来自 GC 根 {root}）',
  'hprof/typeGroupTitle': '{count|count} 个类型为 {type} 的对象保留 {bytes|bytes}（{percent} %）',
  'hprof/unreachableTitle': '此转储中 {total|bytes} 里有 {unreachable|bytes}（{percent} %）不可达：{big}',
  'hprof/unreachableDescription':
    '只有 {reachable|bytes} 可从 GC 根到达；其余是下一次 GC 就会释放的垃圾。转储前没有先做一次 Full GC 时就会这样：-XX:+HeapDumpOnOutOfMemoryError、不带 `live` 的 `jmap -dump`、`jcmd GC.heap_dump -all`。不可达对象里占得多的，是程序在转储前刚分配又丢弃的东西（分配压力、过大的缓冲或批次），而不是它保留的东西。如果堆里满是存活数据，那就是转储缺了根（文件被截断，或 JVM 没有把根全部写出）：这时不可达对象才是存活的那些。嫌疑对象的百分比只相对于可达堆。',
  'hprof/unclosedOne':
    '{count|count} 个 `{type}` 仍未关闭，由 `{owner}` 持有：没有任何代码关闭它们（没有 `try-with-resources` / `finally`）。它们占用 {bytes|bytes}。',
  'hprof/unclosedMany':
    '{count|count} 个 `{type}` 仍未关闭，由 `{owner}` 持有：没有任何代码关闭它们（没有 `try-with-resources` / `finally`）。它们占用 {bytes|bytes}。',
  'hprof/convention':
    'VisualVM 的约定：实例 = {instance}；数组 = align8({arrayHeader} + 长度 × 元素大小，引用 {oop} 字节)；类对象 = java.lang.Class 实例的大小',
  'hprof/conventionClassDump': 'CLASS DUMP 记录中的实例大小',
  'hprof/conventionAlign': 'align8({header} 字节对象头 + 字段，引用 {oop} 字节)',

  'goheap/memStatsMatch': 'MemStats 的 HeapObjects 与 HeapAlloc 与转储中的对象完全一致。',
  'goheap/memStatsDiffer':
    'MemStats 统计 {msObjects|count} 个对象 / {msBytes|mib2}（HeapAlloc）；转储中有 {objects|count} 个对象 / {bytes|mib2}。转储按大小级别列出使用中 span 的每个已分配槽位，包括尚未清扫的垃圾；MemStats 在清扫时才更新。',
  'goheap/memStatsUnreachable':
    '{objects|count} 个对象（{bytes|mib2}）从任何根都不可达：上次 GC 以来死去的垃圾（在 WriteHeapDump 之前调用 runtime.GC() 可排除它们）。它们单独列出，不计入持有大小。',

  'gc/warnUnknownLines': '{count} 行不是 GC 输出，例如 {examples}',
  'gc/warnBackToBack': '连续的 Full GC：{runs} 段，最后一段有 {count} 次回收',
  'gc/warnThrashing': 'GC 颠簸：{count} 段时间里 GC 占用超过 40% 的时间',
  'goheap/warnDangling': '{count|count} 个指向堆范围的指针没有指向转储中的任何对象{why}',
  'goheap/danglingTruncated': '（它们的目标在截断位置之后）',
  'goheap/danglingUnswept': '（已释放或未清扫的槽位）',
  'goheap/warnTruncated':
    '转储被截断：它停在第 {at} 字节（共 {size} 字节），位于一条记录中间、转储结束记录之前；读到 {objects|count} 个对象{noRoots}',
  'goheap/truncatedNoRoots': '，但没有根（goroutine、全局变量）——所以每个对象都显示为不可达',
  'hprof/warnDangling': '{count} 个引用指向转储中不存在的对象（已忽略）。',
  'hprof/warnUnresolvedRoots': '{count} 个 GC 根指向转储中不存在的对象。',
  'hprof/warnGzip':
    '转储是 gzip 压缩的：检查器用到的值来自一次额外的解压（保留字符串、线程、流的持有者），其他读取会重新解压。',
  'hprof/warnUnclosed': '未关闭的资源：{description}',
  'hprof/warnTruncated': '转储在字节 {at} 处的{what}中间结束：显示在此之前读到的内容（已截断）。',
  'hprof/inRecordHeader': '记录头',
  'hprof/inRecord': '记录（标签 0x{tag}，{len} 字节）',
  'hprof/inGzip': ' gzip 流',
  'hprof/inPrimitiveArray': '基本类型数组',
  'hprof/inSegment': ' `HEAP DUMP SEGMENT` ',
  'hprof/inSubRecord': '堆转储子记录',
  'hprof/warnMissingClass': '{count} 个实例的类不在转储中；它们的引用未知。',
  'hprof/warnLayoutMismatch': '{count} 个实例的数据大小与其类的字段不符。',
  'goheap/warnEmptyRange': '参数记录给出的堆范围为空；不检查指针是否在范围内',
  'goheap/warnTrailing': '转储结束记录之后的 {bytes} 字节已忽略',
  'goheap/warnNoParams': '转储没有参数记录：假定指针大小为 8、小端字节序',
  'goheap/warnStripped': '{file} 已去除符号（没有 `.symtab`）：全局变量保留其 `data`/`bss` 偏移',
  'goheap/warnOtherRoots': '忽略了 {count} 条 `other root` 记录（Go ≤ 1.4 的运行时）',
  'goheap/warnNoMemStats': '转储没有 MemStats 记录',

  'timeline/oom': '内存耗尽（{cause}）',
  'timeline/gcPause': 'GC 暂停 {pause|ms1}{cause}{live}',
  'timeline/gcFull': '{kind}{cause}，暂停 {pause|ms1}{live}',
  'timeline/kindFull': 'Full GC',
  'timeline/cause': '（{cause}）',
  'timeline/live': '，存活 {bytes|mib1}',
  'timeline/heapDump': '堆转储 {file}：{objects|count} 个对象，可达 {reachable|mib1}{truncated}',
  'timeline/truncated': '（已截断）',
  'timeline/profile': '剖析 {file}（{types}）',
  'timeline/memStats': 'MemStats 快照 {file}{heapAlloc}',
  'timeline/memStatsHeapAlloc': '：HeapAlloc {bytes|mib1}',
  'timeline/crash': '崩溃：{message}（{count} 个 goroutine）',
  'timeline/goroutineDump': 'goroutine 转储 {file}：{count} 个 goroutine',
  'timeline/threadDump': '线程转储 {file}：{count} 个线程{blocked}{deadlocks}',
  'timeline/blocked': '，{count} 个 BLOCKED',
  'timeline/deadlockOne': '，{count} 个死锁',
  'timeline/deadlockMany': '，{count} 个死锁',
  'timeline/seriesLiveHeap': '存活堆（{file}）',
  'timeline/seriesHeapGoal': '堆目标 / 容量（{file}）',
  'timeline/seriesGcPause': 'GC 暂停（{file}）',
  'timeline/seriesMemStats': 'MemStats HeapAlloc（{file}）',
  'timeline/seriesGoroutines': 'goroutine 数',

  'goheap/globalAt': '位于 {segment} 的全局变量',
  'goheap/frame': 'goroutine {goid} 的栈帧 {func}',
  'goheap/goroutine': '第 {goid} 号 goroutine{func}',
  'goheap/goroutineFunc': '（{func}）',
  'goheap/where': '{segment}，地址 {address}',
  'goheap/hintBinary':
    '转储里没有变量名：连同服务的二进制文件一起打开（用它的 ELF 符号表，`pmwb inspect DUMP --binary BIN`，或把二进制文件放在转储旁边）即可给这个全局变量命名。',
  'goheap/andOtherRoots': '{holder}（及其他根）',
  'goheap/title': '{holder}{part} 保留 {bytes|bytes}（可达堆的 {share} %）',
  'goheap/chainTitle':
    '{holder}{part}：{length|count} 个对象的链表（{shape}）保留 {bytes|bytes}（可达堆的 {share} %）',
  'goheap/heldByGlobal': '由全局变量 {global} 持有{others}。',
  'goheap/globalHint': '（{where}）',
  'goheap/globalNamed': '{name}（{where}）',
  'goheap/otherRoots': '，也由其他根持有',
  'goheap/heldBy': '由 {holder} 持有{frame}。',
  'goheap/frameNote': '（该栈帧的局部变量或参数）',
  'goheap/object': '一个 {bytes|count} 字节的对象，地址 {address}（形状 {shape}{site}{type}）',
  'goheap/objectSite': '，分配于 {site}',
  'goheap/objectType': '，类型 {type}',
  'goheap/chainDescription':
    '{length|count} 个对象组成的链表，每个都持有并支配下一个，从 {head} 到地址 {tail} 的对象：一个只增不减的列表或队列。{heldBy}{hint}',
  'goheap/description': '{heldBy}{where}{hint}',
  'goheap/hint': '{hint}',
  'goheap/heldDirectly': '内存直接由 {label} 持有，分布在 {kids|count} 个对象中。',
  'goheap/itself': '内存就是{object}本身。',
  'goheap/accumulates': '内存累积在{object}中，它支配 {kids|count} 个对象（{bytes|bytes}）。',
  'goheap/partOfFinding': '{description}属于这一发现的还有：{q0}{q1}{q2}{q3}{q4}{more}。',
  'goheap/includedGroup': '{sep}{count|count} 个 {grouping} 为 {group} 的对象保留 {bytes|bytes}',
  'goheap/includesMore': '；另有 {count|count} 个',

  'finding/liveHeap': '存活堆',
  'finding/memoryLimit': '内存上限',
  'finding/gcPause': 'GC 暂停',
  'finding/gcCpu': 'GC 的 CPU 占用',
  'finding/backToBackFull': '连续的 Full GC',

  'goroutines/warnTruncated': '已截断：{reason}',
  'goroutines/cutLine': '第 {line} 行被截断（文件末尾没有换行）："{text}"',
  'goroutines/endsMidFrame': 'goroutine {id}（第 {line} 行）在一个栈帧中间结束',
  'goroutines/endsBeforeFrame': 'goroutine {id}（第 {line} 行）在第一个栈帧之前结束',
  'goroutines/endsBeforeTotal': 'goroutine 剖析在达到其总数之前就结束了',
  'goroutines/warnTotal': '剖析声明 `total {declared}`，但各组加起来只有 {total} 个 goroutine',
  'goroutines/warnPartialOne': '{count} 个 goroutine 的栈不完整',
  'goroutines/warnPartialMany': '{count} 个 goroutine 的栈不完整',
  'goroutines/warnNoGoroutine':
    '没有找到 goroutine：应有 `goroutine 1 [running]:` 或 `goroutine profile: total N` 这样的标题行',
  'goroutines/warnUnknownStates': '未知的 goroutine 状态：{q0}{q1}{q2}{q3}{q4}',
  'goroutines/stateAt': '{sep}"{state}"（第 {line} 行）',
  'goroutines/warnStray': '跳过了 goroutine 栈中 {count} 个意外的行（{q0}{q1}{q2}）',
  'goroutines/expectFileLine': '栈帧之后的 `file:line`',
  'goroutines/expectCreatorFile': '`created by` 行的 `file:line`',
  'goroutines/expectFrame': '栈帧、`created by` 或空行',
  'goroutines/expectAncestor': '祖先 goroutine 的栈帧',
  'goroutines/expectPcFrame': '`#\\tpc\\tfunction\\tfile:line` 形式的栈帧',

  'file/sep': '；',
  'file/comma': '、',
  'file/line': '{sep}第 {line} 行："{text}"',
  'file/lineJson': '{sep}第 {line} 行：{text}',
  'file/lineExpected': '{sep}第 {line} 行：应为{expected}，实为 "{text}"',
  'file/warnOutside': '跳过了转储之外的 {count} 行（{q0}{q1}{q2}）',

  'jthreads/warnMoreDumps':
    '此文件包含不止一个线程转储；显示第一个（第 {first} 行），下一个从第 {next} 行开始',
  'jthreads/warnTruncated': '已截断：{reason}',
  'jthreads/cutGzip': 'gzip 流提前结束或已损坏',
  'jthreads/cutLine': '第 {line} 行被截断（文件末尾没有换行）："{text}"',
  'jthreads/cutDeadlock': '死锁报告（第 {line} 行）提前结束',
  'jthreads/cutThread': '线程 "{name}"（第 {line} 行）在其状态行之前结束',
  'jthreads/cutBeforeFirst': '转储在第一个线程之前就结束了',
  'jthreads/cutHistogram': '转储之后的类直方图在其 `Total` 行之前结束',
  'jthreads/cutJni': '转储在 `JNI global refs` 行之前结束，而每个 HotSpot 线程转储都以该行结尾',
  'jthreads/warnNoThread':
    '没有找到线程：应有 `"main" #1 prio=5 os_prio=0 tid=0x… nid=0x… runnable` 这样的标题行',
  'jthreads/warnStray': '跳过了线程栈中 {count} 个意外的行（{q0}{q1}{q2}）',
  'jthreads/expectFrame': '栈帧（`at …`）、锁行（`- locked <0x…>`）或空行',
  'jthreads/expectHeader': '线程标题行（`"name" #N … tid=0x… nid=0x…`）或空行',
  'jthreads/warnPartial': '{count} 个线程没有 `java.lang.Thread.State:` 行',

  'gc/warnRestarts': '此日志中进程重启了 {count} 次',
  'gc/warnRestart': '第 {line} 行：进程重启了（gc {last} 之后是 gc {n}）；时间接着上一次运行继续',
  'gc/warnGzipCut': 'gzip 流提前结束；读取了 {bytes} 字节的日志文本',
  'gc/warnCutLine': '文件在第 {line} 行（字节 {offset}）中间结束；最后一行不完整',
  'gc/warnDuplicates': '跳过了 {count} 个重复的事件行',
  'gc/warnOpenEvent': '日志在一个多行事件中间结束；最后一个事件不完整',
  'gc/warnAllocationStalls': '{count} 次分配停顿：应用线程共等待回收器释放内存 {totalMs|ms}，最长 {maxMs|ms}',
  'gc/warnHeapBlocksOnly':
    '{count} 次回收只能从其前后的堆信息块得知（以 `gc+heap=debug` 记录，未含 `gc` 标签）：日志中没有它们的停顿时间，按 0 计；请用 `-Xlog:gc*` 记录',
  'gc/warnNoClock':
    '各行没有时间（记录时未加 `time` 或 `uptime` 修饰）：所有事件都在 0 处，无法计算速率、吞吐量和预测；请用 `-Xlog:gc*:file=gc.log:time,uptime,level,tags` 记录',
  'jstat/warnGcutil': '第 {line} 行：`jstat -gcutil` 以百分比给出各空间：只有回收次数和暂停时间，没有堆大小',
  'jstat/warnMissingColumns': '第 {line} 行：jstat 标题行缺少 {columns}；这些回收未计入',
  'jstat/warnNoHeader':
    '没有找到 `jstat -gc` 标题行（`S0C S1C S0U S1U EC EU OC OU …`）或 `-gcutil` 标题行（`S0 S1 E O M …`）',
  'jstat/warnNoTimestamp': '没有 `Timestamp` 列（jstat 未加 `-t`）：假定各行相隔 1 秒',

  'applog/warnBackwards':
    '{count} 行的时间倒退超过一秒（第一次在第 {line} 行）：可能有多个进程或时钟写入此文件',
  'applog/warnCut': '文件在第 {line} 行（字节 {offset}）中间结束：文件被截断了',

  'pprof/warnGzipCut': 'gzip 流在字节 {at} 处提前结束：剖析数据被截断了。',
  'pprof/warnProtoCut': '`profile.proto` 消息在字节 {at}{where}处被截断；已解码它之前的 {end} 字节。',
  'pprof/whereDecompressed': '（解压后数据中的偏移）',
  'pprof/warnPrune': '剖析数据中的 `drop_frames`/`keep_frames` 模式在这里无法编译；未裁剪栈帧。',
  'pprof/warnZeroSamples': '跳过了 {count} 个计数为 0 的样本（pprof 拒绝这种样本）。',
  'pprof/warnUnknownLines': '{count} 行无法作为 {kind} 剖析数据解析，例如 {q0}{q1}{q2}。',
  'pprof/zeroCountLine': '{sep}第 {line} 行：{label} 计数为 0，但 {label} 字节数为 {size}',
  'pprof/warnThreadTotal': '标题行说创建了 {declared} 个线程；样本加起来是 {sum} 个。',
  'pprof/warnNoTrailer': 'CPU 剖析数据在字节 {at} 处没有结尾记录：可能被截断了。',
  'pprof/warnGzipEarly': 'gzip 流在字节 {at} 处提前结束。',
  'pprof/warnLastLine': '最后一行（字节 {at}）没有换行：剖析数据看起来在那里被截断了。',
  'pprof/warnLastLineSamples':
    '最后一行（字节 {at}）没有换行：剖析数据看起来在那里被截断了；显示它之前的 {count} 个样本。',
  'pprof/warnSkippedTypes': '只在一个剖析数据中出现的样本类型不做比较：{types}。',
};

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CliContext</name>
    <message>
        <source>%1 in / %2 out per Mtok</source>
        <translation>每 Mtok：输入 %1 / 输出 %2</translation>
    </message>
    <message>
        <source>%1 per Mtok</source>
        <translation>每 Mtok %1</translation>
    </message>
    <message>
        <source>%1 %2/image</source>
        <translation>%1 %2/张</translation>
    </message>
    <message>
        <source>%1 %2/s</source>
        <translation>%1 %2/秒</translation>
    </message>
    <message>
        <source>%1 per search of up to %2 documents</source>
        <translation>每次搜索（最多 %2 个文档）%1</translation>
    </message>
    <message>
        <source> (estimated)</source>
        <translation>（预估）</translation>
    </message>
    <message>
        <source>Only models with this capability (e.g. vision).</source>
        <translation>仅显示具备此能力的模型（如 vision）。</translation>
    </message>
    <message>
        <source>Only models of this family.</source>
        <translation>仅显示此系列的模型。</translation>
    </message>
    <message>
        <source>note: the gateway serves no rate card; showing the bundled one</source>
        <translation>注意：网关未提供价目表；显示内置价目表</translation>
    </message>
    <message>
        <source>note: the rate card does not parse (%1); printing it as is</source>
        <translation>注意：无法解析价目表（%1）；按原样输出</translation>
    </message>
    <message>
        <source>Rate card of %1 (%2), in %3</source>
        <translation>%1（%2）的价目表，单位 %3</translation>
    </message>
    <message>
        <source>(%1 credits)</source>
        <translation>（%1 积分）</translation>
    </message>
    <message>
        <source>remaining</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>spent</source>
        <translation>已花费</translation>
    </message>
    <message>
        <source>At most N rows (default 20).</source>
        <translation>最多 N 行（默认 20）。</translation>
    </message>
    <message>
        <source>Rows after this request id (paging).</source>
        <translation>此请求 ID 之后的行（分页）。</translation>
    </message>
    <message>
        <source>%1+%2 tok</source>
        <translation>%1+%2 tok</translation>
    </message>
    <message>
        <source>%1 units</source>
        <translation>%1 单位</translation>
    </message>
    <message>
        <source>more rows: --after %1</source>
        <translation>更多行：--after %1</translation>
    </message>
    <message>
        <source>List the models the gateway serves.</source>
        <translation>列出网关提供的模型。</translation>
    </message>
    <message>
        <source>Show the rate card.</source>
        <translation>显示价目表。</translation>
    </message>
    <message>
        <source>Show the wallet: remaining, reserved, spent.</source>
        <translation>显示钱包：剩余、已预留、已花费。</translation>
    </message>
    <message>
        <source>Text model (default claude-sonnet-4-5).</source>
        <translation>文本模型（默认 claude-sonnet-4-5）。</translation>
    </message>
    <message>
        <source>System prompt.</source>
        <translation>系统提示词。</translation>
    </message>
    <message>
        <source>Most output tokens (default 1024).</source>
        <translation>最大输出 token 数（默认 1024）。</translation>
    </message>
    <message>
        <source>Sampling temperature, 0 to 1.</source>
        <translation>采样温度，0 到 1。</translation>
    </message>
    <message>
        <source>Attach an image file (PNG, JPEG, GIF, WebP); repeatable.</source>
        <translation>附加图像文件（PNG、JPEG、GIF、WebP）；可重复使用。</translation>
    </message>
    <message>
        <source>Wait for the whole answer instead of streaming it.</source>
        <translation>等待完整回答，而不是流式输出。</translation>
    </message>
    <message>
        <source>The prompt, or - to read it from stdin.</source>
        <translation>提示词，或用 - 从 stdin 读取。</translation>
    </message>
    <message>
        <source>in %1 tok, out %2 tok</source>
        <translation>输入 %1 tok，输出 %2 tok</translation>
    </message>
    <message>
        <source>, ttft %1 ms</source>
        <translation>，ttft %1 ms</translation>
    </message>
    <message>
        <source>, %1 ms</source>
        <translation>，%1 ms</translation>
    </message>
    <message>
        <source>, ≈ %1</source>
        <translation>，≈ %1</translation>
    </message>
    <message>
        <source>, stop %1</source>
        <translation>，停止原因 %1</translation>
    </message>
    <message>
        <source>chat needs a PROMPT (or - for stdin)</source>
        <translation>chat 需要 PROMPT（或用 - 表示 stdin）</translation>
    </message>
    <message>
        <source>the prompt is empty</source>
        <translation>提示词为空</translation>
    </message>
    <message>
        <source>Send a prompt (and images) to a text model; stream the answer.</source>
        <translation>向文本模型发送提示词（及图像）；流式输出回答。</translation>
    </message>
    <message>
        <source>Gateway base URL (default: $BYTESPIKE_BASE_URL, else https://llm.bytespike.ai).</source>
        <translation>网关基础 URL（默认：$BYTESPIKE_BASE_URL，否则为 https://llm.bytespike.ai）。</translation>
    </message>
    <message>
        <source>API key (default: $BYTESPIKE_API_KEY). Never printed.</source>
        <translation>API 密钥（默认：$BYTESPIKE_API_KEY）。不会被打印。</translation>
    </message>
    <message>
        <source>Ask the sandbox gateway for a fault (x-sandbox-fault header).</source>
        <translation>要求沙盒网关模拟故障（x-sandbox-fault 请求头）。</translation>
    </message>
    <message>
        <source>Print JSON instead of human-readable text.</source>
        <translation>输出 JSON 而非易读文本。</translation>
    </message>
    <message>
        <source>Send each request once: no retries on 429, 5xx or network errors.</source>
        <translation>每个请求只发送一次：遇到 429、5xx 或网络错误时不重试。</translation>
    </message>
    <message>
        <source>invalid --base-url %1: expected http(s)://host[:port]</source>
        <translation>无效的 --base-url %1：应为 http(s)://host[:port]</translation>
    </message>
    <message>
        <source>no API key: pass --key KEY or set BYTESPIKE_API_KEY</source>
        <translation>没有 API 密钥：请传入 --key KEY 或设置 BYTESPIKE_API_KEY</translation>
    </message>
    <message>
        <source>--timeout must be a positive number of seconds</source>
        <translation>--timeout 必须是正数秒</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>no answer within the timeout</source>
        <translation>超时内未收到回答</translation>
    </message>
    <message>
        <source>error: cannot reach the gateway at %1: %2</source>
        <translation>错误：无法连接到位于 %1 的网关：%2</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation>--%1 必须是 %2 到 %3 之间的整数</translation>
    </message>
    <message>
        <source>--%1 must be a number from %2 to %3</source>
        <translation>--%1 必须是 %2 到 %3 之间的数字</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>standard input</source>
        <translation>标准输入</translation>
    </message>
    <message>
        <source>image %1: no such file</source>
        <translation>图像 %1：文件不存在</translation>
    </message>
    <message>
        <source>image %1: the file is empty</source>
        <translation>图像 %1：文件为空</translation>
    </message>
    <message>
        <source>image %1: %2 MiB is over the %3 MiB limit</source>
        <translation>图像 %1：%2 MiB 超过了 %3 MiB 的上限</translation>
    </message>
    <message>
        <source>image %1: %2</source>
        <translation>图像 %1：%2</translation>
    </message>
    <message>
        <source>image %1: not a PNG, JPEG, GIF or WebP file</source>
        <translation>图像 %1：不是 PNG、JPEG、GIF 或 WebP 文件</translation>
    </message>
    <message>
        <source>Image model (default gpt-image-2).</source>
        <translation>图像模型（默认 gpt-image-2）。</translation>
    </message>
    <message>
        <source>Image size WxH (default 1024x1024).</source>
        <translation>图像尺寸 WxH（默认 1024x1024）。</translation>
    </message>
    <message>
        <source>How many images, 1 to 8 (default 1).</source>
        <translation>图像数量，1 到 8（默认 1）。</translation>
    </message>
    <message>
        <source>Seed, for repeatable images (sandbox).</source>
        <translation>随机种子，用于生成可复现的图像（沙盒）。</translation>
    </message>
    <message>
        <source>Answer format: url or b64_json (default: the gateway's).</source>
        <translation>返回格式：url 或 b64_json（默认：由网关决定）。</translation>
    </message>
    <message>
        <source>Folder to save the images in (default: the current one).</source>
        <translation>保存图像的文件夹（默认：当前文件夹）。</translation>
    </message>
    <message>
        <source>What to draw.</source>
        <translation>要绘制的内容。</translation>
    </message>
    <message>
        <source>image needs a PROMPT</source>
        <translation>image 需要 PROMPT</translation>
    </message>
    <message>
        <source>--size must look like 1024x1024</source>
        <translation>--size 的格式应类似 1024x1024</translation>
    </message>
    <message>
        <source>--format must be url or b64_json</source>
        <translation>--format 必须是 url 或 b64_json</translation>
    </message>
    <message>
        <source>cannot create folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>image %1 of the answer is not an image</source>
        <translation>回答中的图像 %1 不是有效图像</translation>
    </message>
    <message>
        <source>note: image %1 is %2, saved as is</source>
        <translation>注意：图像 %1 为 %2，按原样保存</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Embedding model (default bge-large-zh-v1.5).</source>
        <translation>嵌入模型（默认 bge-large-zh-v1.5）。</translation>
    </message>
    <message>
        <source>Ask for base64 vectors and print them as base64 (little-endian float32), as the wire carries them.</source>
        <translation>请求 base64 向量，并按传输时的原样以 base64（小端 float32）输出。</translation>
    </message>
    <message>
        <source>Texts, one per line (blank lines skipped); - or none: stdin.</source>
        <translation>文本，每行一条（跳过空行）；- 或不指定：stdin。</translation>
    </message>
    <message>
        <source>embed takes one FILE (or - for stdin)</source>
        <translation>embed 只接受一个 FILE（或用 - 表示 stdin）</translation>
    </message>
    <message>
        <source>no text to embed: the input has no non-blank line</source>
        <translation>没有可嵌入的文本：输入中没有非空行</translation>
    </message>
    <message>
        <source>the batches differ in dimensions</source>
        <translation>各批次的维度不一致</translation>
    </message>
    <message>
        <source>Rerank model (default bge-reranker-v2-m3).</source>
        <translation>重排模型（默认 bge-reranker-v2-m3）。</translation>
    </message>
    <message>
        <source>Return only the N best documents.</source>
        <translation>只返回最相关的 N 个文档。</translation>
    </message>
    <message>
        <source>Documents, one per line (default: stdin).</source>
        <translation>文档，每行一个（默认：stdin）。</translation>
    </message>
    <message>
        <source>The query.</source>
        <translation>查询。</translation>
    </message>
    <message>
        <source>rerank needs a QUERY</source>
        <translation>rerank 需要 QUERY</translation>
    </message>
    <message>
        <source>no documents: give one per line</source>
        <translation>没有文档：请每行提供一个</translation>
    </message>
    <message>
        <source>Generate images and save them as files.</source>
        <translation>生成图像并保存为文件。</translation>
    </message>
    <message>
        <source>Embed texts (one per line) and print the vectors as JSON.</source>
        <translation>嵌入文本（每行一条）并以 JSON 输出向量。</translation>
    </message>
    <message>
        <source>Order documents (one per line) by relevance to a query.</source>
        <translation>按与查询的相关性对文档（每行一个）排序。</translation>
    </message>
    <message>
        <source> %1 s of ~%2 s</source>
        <translation> %1 秒 / 约 %2 秒</translation>
    </message>
    <message>
        <source>expected one %1</source>
        <translation>应提供一个 %1</translation>
    </message>
    <message>
        <source>error: task %1 is %2: nothing to download</source>
        <translation>错误：任务 %1 状态为 %2：没有可下载的内容</translation>
    </message>
    <message>
        <source>saved %1 (%2 bytes)</source>
        <translation>已保存 %1（%2 字节）</translation>
    </message>
    <message>
        <source>Video model (default sora-2).</source>
        <translation>视频模型（默认 sora-2）。</translation>
    </message>
    <message>
        <source>Clip length in seconds (default 5).</source>
        <translation>片段时长，单位秒（默认 5）。</translation>
    </message>
    <message>
        <source>Resolution, e.g. 720p (default 720p).</source>
        <translation>分辨率，如 720p（默认 720p）。</translation>
    </message>
    <message>
        <source>Aspect ratio, e.g. 16:9 (default 16:9).</source>
        <translation>宽高比，如 16:9（默认 16:9）。</translation>
    </message>
    <message>
        <source>Your id for the task (default: a fresh UUID); submitting it again returns the same task.</source>
        <translation>你为任务指定的 ID（默认：新生成的 UUID）；再次提交相同 ID 会返回同一任务。</translation>
    </message>
    <message>
        <source>What the clip shows.</source>
        <translation>片段的内容。</translation>
    </message>
    <message>
        <source>task submit needs a PROMPT</source>
        <translation>task submit 需要 PROMPT</translation>
    </message>
    <message>
        <source>, estimated %1</source>
        <translation>，预估 %1</translation>
    </message>
    <message>
        <source>, ~%1 s</source>
        <translation>，约 %1 秒</translation>
    </message>
    <message>
        <source> (out_task_id %1)</source>
        <translation>（out_task_id %1）</translation>
    </message>
    <message>
        <source>task ID</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <source>Save the clip to FILE when the task completes.</source>
        <translation>任务完成后将片段保存到 FILE。</translation>
    </message>
    <message>
        <source>Poll instead of following the task stream.</source>
        <translation>轮询，而不是跟随任务流。</translation>
    </message>
    <message>
        <source>The task id.</source>
        <translation>任务 ID。</translation>
    </message>
    <message>
        <source>cancelled; the task goes on (stop it with 'task cancel')</source>
        <translation>已取消；任务仍在继续（用 'task cancel' 停止它）</translation>
    </message>
    <message>
        <source>note: no task stream (%1); polling</source>
        <translation>注意：无任务流（%1）；改为轮询</translation>
    </message>
    <message>
        <source>error: task %1 failed: %2</source>
        <translation>错误：任务 %1 失败：%2</translation>
    </message>
    <message>
        <source>error: task %1 was cancelled</source>
        <translation>错误：任务 %1 已被取消</translation>
    </message>
    <message>
        <source>Where to save the clip.</source>
        <translation>片段的保存位置。</translation>
    </message>
    <message>
        <source>task download needs ID and FILE</source>
        <translation>task download 需要 ID 和 FILE</translation>
    </message>
    <message>
        <source>Submit a video task; prints its id.</source>
        <translation>提交视频任务；输出其 ID。</translation>
    </message>
    <message>
        <source>Show a task's state.</source>
        <translation>显示任务状态。</translation>
    </message>
    <message>
        <source>Cancel a task (idempotent).</source>
        <translation>取消任务（幂等）。</translation>
    </message>
    <message>
        <source>Follow a task until it ends; optionally save the clip.</source>
        <translation>跟随任务直到结束；可选择保存片段。</translation>
    </message>
    <message>
        <source>Save a completed task's clip to FILE.</source>
        <translation>将已完成任务的片段保存到 FILE。</translation>
    </message>
    <message>
        <source>List the most recent calls with their cost (--after pages forward from a call).</source>
        <translation>列出最近的调用及其费用（--after 从某次调用起向后翻页）。</translation>
    </message>
    <message>
        <source>the images add up to %1 MiB, over the %2 MiB a request can carry</source>
        <translation>图像总计 %1 MiB，超过了单个请求可承载的 %2 MiB</translation>
    </message>
    <message>
        <source>Give up on a call after S seconds in all, retries and waits included.</source>
        <translation>调用总计超过 S 秒后放弃（含重试和等待）。</translation>
    </message>
    <message>
        <source>%1 is over the %2 MiB limit</source>
        <translation>%1 超过了 %2 MiB 的上限</translation>
    </message>
    <message>
        <source>A text, CSV or JSONL file, or a folder of them (required).</source>
        <translation>文本、CSV 或 JSONL 文件，或包含这些文件的文件夹（必填）。</translation>
    </message>
    <message>
        <source>Folder to write the index and its vector cache to (required).</source>
        <translation>写入索引及其向量缓存的文件夹（必填）。</translation>
    </message>
    <message>
        <source>paragraph (default) or chars:N[:OVERLAP], e.g. chars:500:50.</source>
        <translation>paragraph（按段落，默认）或 chars:N[:OVERLAP]，如 chars:500:50。</translation>
    </message>
    <message>
        <source>auto (by extension), text, csv or jsonl.</source>
        <translation>auto（按扩展名）、text、csv 或 jsonl。</translation>
    </message>
    <message>
        <source>CSV column (name or number) or JSONL field; default text.</source>
        <translation>CSV 列（名称或序号）或 JSONL 字段；默认 text。</translation>
    </message>
    <message>
        <source>Texts per request, 1-256 (default 64).</source>
        <translation>每个请求的文本数，1-256（默认 64）。</translation>
    </message>
    <message>
        <source>Requests at once, 1-16 (default 4).</source>
        <translation>并发请求数，1-16（默认 4）。</translation>
    </message>
    <message>
        <source>--chunk must be paragraph or chars:N[:OVERLAP]</source>
        <translation>--chunk 必须是 paragraph 或 chars:N[:OVERLAP]</translation>
    </message>
    <message>
        <source>--format must be auto, text, csv or jsonl</source>
        <translation>--format 必须是 auto、text、csv 或 jsonl</translation>
    </message>
    <message>
        <source>embedded %1/%2 chunks</source>
        <translation>已嵌入 %1/%2 个分块</translation>
    </message>
    <message>
        <source> (%1 from the cache)</source>
        <translation> （%1 个来自缓存）</translation>
    </message>
    <message>
        <source>, %1 chunks/s</source>
        <translation>，%1 分块/秒</translation>
    </message>
    <message>
        <source>, ETA %1 s</source>
        <translation>，预计剩余 %1 秒</translation>
    </message>
    <message>
        <source>index build needs --corpus PATH and --out DIR</source>
        <translation>index build 需要 --corpus PATH 和 --out DIR</translation>
    </message>
    <message>
        <source>no such file or folder: %1</source>
        <translation>文件或文件夹不存在：%1</translation>
    </message>
    <message>
        <source>%1:%2: skipped: %3</source>
        <translation>%1:%2：已跳过：%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>the corpus has no text to embed</source>
        <translation>语料库中没有可嵌入的文本</translation>
    </message>
    <message>
        <source>cancelled: %1 of %2 chunks are in the cache; run again to resume</source>
        <translation>已取消：%2 个分块中已有 %1 个在缓存中；再次运行即可继续</translation>
    </message>
    <message>
        <source>every chunk was in the cache: nothing was sent</source>
        <translation>所有分块均已在缓存中：未发送任何请求</translation>
    </message>
    <message>
        <source>the cache lost vectors</source>
        <translation>缓存丢失了向量</translation>
    </message>
    <message>
        <source>index: %1 (%2 chunks, %3 dimensions, %4; %5 requests sent)</source>
        <translation>索引：%1（%2 个分块，%3 维，%4；已发送 %5 个请求）</translation>
    </message>
    <message>
        <source>Folder written by 'index build' (required).</source>
        <translation>由 'index build' 写入的文件夹（必填）。</translation>
    </message>
    <message>
        <source>Chunks to recall by cosine, 1-1000 (default 50).</source>
        <translation>按余弦相似度召回的分块数，1-1000（默认 50）。</translation>
    </message>
    <message>
        <source>Chunks to keep after reranking, 0-100 (default 5; 0: no rerank).</source>
        <translation>重排后保留的分块数，0-100（默认 5；0：不重排）。</translation>
    </message>
    <message>
        <source>Recall on int8 vectors, re-scored in float.</source>
        <translation>在 int8 向量上召回，再以浮点数重新评分。</translation>
    </message>
    <message>
        <source>What to look for.</source>
        <translation>要查找的内容。</translation>
    </message>
    <message>
        <source>recall: top %1 by cosine (%2, embed %3 ms, recall %4 ms)</source>
        <translation>召回：按余弦相似度取前 %1（%2，嵌入 %3 ms，召回 %4 ms）</translation>
    </message>
    <message>
        <source>rerank: top %1 by %2 (%3 ms)</source>
        <translation>重排：按 %2 取前 %1（%3 ms）</translation>
    </message>
    <message>
        <source>%1  %2  %3  (recall #%4)  %5</source>
        <translation>%1  %2  %3  (召回 #%4)  %5</translation>
    </message>
    <message>
        <source>search needs --index DIR and a QUERY</source>
        <translation>search 需要 --index DIR 和 QUERY</translation>
    </message>
    <message>
        <source>Chunk a corpus, embed it (with the vector cache) and write an index.</source>
        <translation>将语料库分块并嵌入（使用向量缓存），然后写入索引。</translation>
    </message>
    <message>
        <source>Recall top K from an index by cosine, then rerank to top N.</source>
        <translation>按余弦相似度从索引中召回前 K 个，再重排取前 N 个。</translation>
    </message>
</context>
<context>
    <name>CorpusLoader</name>
    <message>
        <source>no column '%1' in the header (%2)</source>
        <translation>表头中没有列 '%1'（%2）</translation>
    </message>
    <message>
        <source>expected %1 fields, found %2</source>
        <translation>应有 %1 个字段，实际为 %2 个</translation>
    </message>
    <message>
        <source>not valid JSON: %1 at column %2</source>
        <translation>不是有效的 JSON：%1（第 %2 列）</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>no field '%1'</source>
        <translation>没有字段 '%1'</translation>
    </message>
    <message>
        <source>field '%1' is not a string</source>
        <translation>字段 '%1' 不是字符串</translation>
    </message>
    <message>
        <source>a quoted field that starts here is never closed</source>
        <translation>从此处开始的带引号字段没有闭合</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>larger than %1 MB; split it first</source>
        <translation>大于 %1 MB；请先拆分</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>it is not an SQLite database</source>
        <translation>它不是 SQLite 数据库</translation>
    </message>
    <message>
        <source>the integrity check failed</source>
        <translation>完整性检查失败</translation>
    </message>
    <message>
        <source>The data file %1 was damaged (%2). It was kept as %3 and a new, empty one was started, so earlier history and ledger entries are not shown.</source>
        <translation>数据文件 %1 已损坏（%2）。它已保留为 %3，并新建了一个空数据文件，因此不会显示之前的历史记录和账本条目。</translation>
    </message>
</context>
<context>
    <name>EmbedJob</name>
    <message>
        <source>asked for %1 vectors, got %2</source>
        <translation>请求了 %1 个向量，收到 %2 个</translation>
    </message>
    <message>
        <source>the cache holds no vectors</source>
        <translation>缓存中没有向量</translation>
    </message>
    <message>
        <source>a chunk has no vector in the cache</source>
        <translation>某个分块在缓存中没有向量</translation>
    </message>
</context>
<context>
    <name>EmbeddingIndex</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not an index file</source>
        <translation>%1 不是索引文件</translation>
    </message>
    <message>
        <source>the index was built with %1, not %2</source>
        <translation>该索引是用 %1 构建的，而不是 %2</translation>
    </message>
    <message>
        <source>the index has %1 dimensions, not %2</source>
        <translation>该索引为 %1 维，而不是 %2 维</translation>
    </message>
    <message>
        <source>%1 is truncated or has trailing bytes</source>
        <translation>%1 已截断或含有多余的尾部字节</translation>
    </message>
</context>
<context>
    <name>IndexBundle</name>
    <message>
        <source>nothing to save: no index</source>
        <translation>没有可保存的内容：无索引</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>cannot write chunks.jsonl: %1</source>
        <translation>无法写入 chunks.jsonl：%1</translation>
    </message>
    <message>
        <source>cannot write manifest.json: %1</source>
        <translation>无法写入 manifest.json：%1</translation>
    </message>
    <message>
        <source>%1 holds no index (no manifest.json)</source>
        <translation>%1 中没有索引（缺少 manifest.json）</translation>
    </message>
    <message>
        <source>manifest.json in %1 names no model or dimensions</source>
        <translation>%1 中的 manifest.json 未指明模型或维度</translation>
    </message>
    <message>
        <source>the index was built with %1, not %2</source>
        <translation>该索引是用 %1 构建的，而不是 %2</translation>
    </message>
    <message>
        <source>cannot read chunks.jsonl: %1</source>
        <translation>无法读取 chunks.jsonl：%1</translation>
    </message>
    <message>
        <source>chunks.jsonl has %1 chunks; the index has %2 rows</source>
        <translation>chunks.jsonl 有 %1 个分块；索引有 %2 行</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <source>A command-line client for the ByteSpike gateway (text, images, video, embeddings, rerank).</source>
        <translation>ByteSpike 网关的命令行客户端（文本、图像、视频、嵌入、重排）。</translation>
    </message>
    <message>
        <source>One of the commands below.</source>
        <translation>以下命令之一。</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Run 'bytespike-cli &lt;command&gt; --help' for the options of one command.
Exit codes: 0 success, 1 usage error, 2 the gateway answered an error, 3 network error, 130 cancelled.</source>
        <translation>运行 'bytespike-cli &lt;command&gt; --help' 查看某个命令的选项。
退出码：0 成功，1 用法错误，2 网关返回错误，3 网络错误，130 已取消。</translation>
    </message>
</context>
<context>
    <name>Profiles</name>
    <message>
        <source>Sandbox (local)</source>
        <translation>沙盒（本地）</translation>
    </message>
    <message>
        <source>ByteSpike</source>
        <translation>ByteSpike</translation>
    </message>
    <message>
        <source>A profile needs a name.</source>
        <translation>配置需要一个名称。</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// address.</source>
        <translation>基础 URL 必须是 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <source>The base URL must not contain a user name or password.</source>
        <translation>基础 URL 不能包含用户名或密码。</translation>
    </message>
    <message>
        <source>Only custom profiles can be edited.</source>
        <translation>只能编辑自定义配置。</translation>
    </message>
</context>
<context>
    <name>RateCard</name>
    <message>
        <source>Model %1 has no "%2" rate.</source>
        <translation>模型 %1 没有 "%2" 费率。</translation>
    </message>
    <message>
        <source>Model %1: "%2" is not a number.</source>
        <translation>模型 %1："%2" 不是数字。</translation>
    </message>
    <message>
        <source>Model %1: "%2" is negative.</source>
        <translation>模型 %1："%2" 为负数。</translation>
    </message>
    <message>
        <source>Model %1 has no "%2" rates.</source>
        <translation>模型 %1 没有 "%2" 费率。</translation>
    </message>
    <message>
        <source>%1 in / %2 out per Mtok</source>
        <translation>每 Mtok：输入 %1 / 输出 %2</translation>
    </message>
    <message>
        <source>%1 per Mtok</source>
        <translation>每 Mtok %1</translation>
    </message>
    <message>
        <source>per image: %1</source>
        <translation>每张图像：%1</translation>
    </message>
    <message>
        <source>per second: %1</source>
        <translation>每秒：%1</translation>
    </message>
    <message>
        <source>%1 per search of %2 documents</source>
        <translation>每次搜索（%2 个文档）%1</translation>
    </message>
    <message>
        <source>A model entry has no "model" id.</source>
        <translation>某个模型条目缺少 "model" ID。</translation>
    </message>
    <message>
        <source>Model %1 has no "modality".</source>
        <translation>模型 %1 缺少 "modality"。</translation>
    </message>
    <message>
        <source>Model %1 has an unknown modality "%2".</source>
        <translation>模型 %1 的模态 "%2" 未知。</translation>
    </message>
    <message>
        <source>Model %1 has no "unit".</source>
        <translation>模型 %1 缺少 "unit"。</translation>
    </message>
    <message>
        <source>Model %1: a %2 model is billed per "%3", not "%4".</source>
        <translation>模型 %1：%2 模型按 "%3" 计费，而不是 "%4"。</translation>
    </message>
    <message>
        <source>Model %1 has an unknown cancel policy "%2".</source>
        <translation>模型 %1 的取消策略 "%2" 未知。</translation>
    </message>
    <message>
        <source>Model %1: "documents_per_search" must be a positive whole number.</source>
        <translation>模型 %1："documents_per_search" 必须是正整数。</translation>
    </message>
    <message>
        <source>Model %1: "aliases" is not a list.</source>
        <translation>模型 %1："aliases" 不是列表。</translation>
    </message>
    <message>
        <source>Model %1 has an empty alias.</source>
        <translation>模型 %1 有一个空别名。</translation>
    </message>
    <message>
        <source>The rate card is not valid JSON: %1 (at offset %2).</source>
        <translation>价目表不是有效的 JSON：%1（偏移量 %2）。</translation>
    </message>
    <message>
        <source>The rate card is not a JSON object.</source>
        <translation>价目表不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The rate card is in "%1"; only USD is supported.</source>
        <translation>价目表使用 "%1" 计价；仅支持 USD。</translation>
    </message>
    <message>
        <source>The rate card has no "models" list.</source>
        <translation>价目表缺少 "models" 列表。</translation>
    </message>
    <message>
        <source>Entry %1 of "models" is not an object.</source>
        <translation>"models" 的第 %1 项不是对象。</translation>
    </message>
    <message>
        <source>The model name %1 appears more than once.</source>
        <translation>模型名称 %1 出现了多次。</translation>
    </message>
    <message>
        <source>The rate card lists no models.</source>
        <translation>价目表中没有任何模型。</translation>
    </message>
    <message>
        <source>Added %1 (%2): %3.</source>
        <translation>新增 %1（%2）：%3。</translation>
    </message>
    <message>
        <source>Changed %1: %2 → %3.</source>
        <translation>变更 %1：%2 → %3。</translation>
    </message>
    <message>
        <source>Cancel policy: %1 → %2.</source>
        <translation>取消策略：%1 → %2。</translation>
    </message>
    <message>
        <source>Removed %1 (%2).</source>
        <translation>移除 %1（%2）。</translation>
    </message>
</context>
<context>
    <name>VectorCache</name>
    <message>
        <source>cannot create the cache folder %1</source>
        <translation>无法创建缓存文件夹 %1</translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a vector cache file</source>
        <translation>%1 不是向量缓存文件</translation>
    </message>
    <message>
        <source>%1 holds vectors of %2, not %3</source>
        <translation>%1 中的向量来自 %2，而不是 %3</translation>
    </message>
    <message>
        <source>the vector cache is not open</source>
        <translation>向量缓存未打开</translation>
    </message>
    <message>
        <source>the gateway sent %1-dimensional vectors; the cache holds %2</source>
        <translation>网关返回了 %1 维向量；缓存中的为 %2 维</translation>
    </message>
    <message>
        <source>cannot write the vector cache: %1</source>
        <translation>无法写入向量缓存：%1</translation>
    </message>
</context>
<context>
    <name>bsp::ApiError</name>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source> (retry in %1 s)</source>
        <translation>（%1 秒后重试）</translation>
    </message>
    <message>
        <source> — request %1</source>
        <translation> — 请求 %1</translation>
    </message>
    <message>
        <source>the answer passed the %1 MiB limit</source>
        <translation>响应超过了 %1 MiB 的上限</translation>
    </message>
    <message>
        <source>No gateway profile is connected; nothing was sent</source>
        <translation>未连接任何网关配置；未发送任何内容</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Invalid request</source>
        <translation>无效请求</translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation>身份验证失败</translation>
    </message>
    <message>
        <source>Insufficient balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>权限被拒绝</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation>请求过大</translation>
    </message>
    <message>
        <source>Watermark detected</source>
        <translation>检测到水印</translation>
    </message>
    <message>
        <source>Rate limited</source>
        <translation>触发速率限制</translation>
    </message>
    <message>
        <source>Blocked by content policy</source>
        <translation>被内容政策拦截</translation>
    </message>
    <message>
        <source>Server error</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <source>Overloaded</source>
        <translation>服务过载</translation>
    </message>
    <message>
        <source>Stream error</source>
        <translation>流错误</translation>
    </message>
    <message>
        <source>Connection dropped</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>Malformed response</source>
        <translation>响应格式错误</translation>
    </message>
    <message>
        <source>Answer too large</source>
        <translation>响应过大</translation>
    </message>
    <message>
        <source>Cannot save the file</source>
        <translation>无法保存文件</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>bsp::ChatMetrics</name>
    <message>
        <source>in %1 · out %2</source>
        <translation>输入 %1 · 输出 %2</translation>
    </message>
    <message>
        <source>TTFT %1 s</source>
        <translation>TTFT %1 秒</translation>
    </message>
    <message>
        <source>total %1 s</source>
        <translation>总计 %1 秒</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <source>est. %1 · charged %2</source>
        <translation>预估 %1 · 实扣 %2</translation>
    </message>
    <message>
        <source>stop: %1</source>
        <translation>停止原因：%1</translation>
    </message>
    <message>
        <source>≈ %1, up to %2 at max tokens</source>
        <translation>≈ %1，按最大 token 数最多 %2</translation>
    </message>
</context>
<context>
    <name>bsp::ChatStore</name>
    <message>
        <source>interrupted: the app closed mid-stream</source>
        <translation>已中断：应用在流式传输中途关闭</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>System: %1</source>
        <translation>系统：%1</translation>
    </message>
    <message>
        <source>Total cost: %1</source>
        <translation>总费用：%1</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>[image %1, %2 bytes]</source>
        <translation>[图像 %1，%2 字节]</translation>
    </message>
</context>
<context>
    <name>bsp::ChatStream</name>
    <message>
        <source>no gateway client</source>
        <translation>没有网关客户端</translation>
    </message>
</context>
<context>
    <name>bsp::CostService</name>
    <message>
        <source>gateway (/v1/pricing)</source>
        <translation>网关（/v1/pricing）</translation>
    </message>
    <message>
        <source>imported: %1</source>
        <translation>已导入：%1</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>no gateway connected</source>
        <translation>未连接网关</translation>
    </message>
    <message>
        <source>No gateway: using the bundled rate card.</source>
        <translation>无网关：使用内置价目表。</translation>
    </message>
    <message>
        <source>Rate card loaded from the gateway (/v1/pricing).</source>
        <translation>已从网关加载价目表（/v1/pricing）。</translation>
    </message>
    <message>
        <source>the gateway's rate card was rejected: %1</source>
        <translation>网关的价目表被拒绝：%1</translation>
    </message>
    <message>
        <source>this gateway does not serve /v1/pricing</source>
        <translation>此网关不提供 /v1/pricing</translation>
    </message>
    <message>
        <source>/v1/pricing failed: %1</source>
        <translation>/v1/pricing 失败：%1</translation>
    </message>
    <message>
        <source>Kept the imported rate card: %1.</source>
        <translation>保留已导入的价目表：%1。</translation>
    </message>
    <message>
        <source>Using the bundled rate card: %1.</source>
        <translation>使用内置价目表：%1。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2. The current rate card stays.</source>
        <translation>无法读取 %1：%2。保留当前价目表。</translation>
    </message>
    <message>
        <source>Rate card rejected: %1. The current rate card stays.</source>
        <translation>价目表被拒绝：%1。保留当前价目表。</translation>
    </message>
    <message>
        <source>Rate card rejected: it lists no models. The current rate card stays.</source>
        <translation>价目表被拒绝：其中没有任何模型。保留当前价目表。</translation>
    </message>
    <message>
        <source>Rate card imported: no rate changed.</source>
        <translation>价目表已导入：没有费率变化。</translation>
    </message>
    <message numerus="yes">
        <source>Rate card imported: %n change(s).</source>
        <translation>
            <numerusform>价目表已导入：%n 处变更。</numerusform>
        </translation>
    </message>
    <message>
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>%1 — more than your balance (%2)</source>
        <translation>%1 — 超出你的余额（%2）</translation>
    </message>
    <message>
        <source>no gateway or ledger</source>
        <translation>没有网关或账本</translation>
    </message>
    <message>
        <source>≈ %1, up to %2 at max tokens</source>
        <translation>≈ %1，按最大 token 数最多 %2</translation>
    </message>
    <message>
        <source>the ledger could not be updated</source>
        <translation>无法更新账本</translation>
    </message>
</context>
<context>
    <name>bsp::DesktopNotifier</name>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>bsp::GalleryModel</name>
    <message>
        <source>%1 · %2 × %3 px · %4
%5</source>
        <translation>%1 · %2 × %3 px · %4
%5</translation>
    </message>
    <message>
        <source>%1 image: %2</source>
        <translation>%1 图像：%2</translation>
    </message>
</context>
<context>
    <name>bsp::GatewayClient</name>
    <message>
        <source>the answer is not a JSON object (%1)</source>
        <translation>响应不是 JSON 对象（%1）</translation>
    </message>
    <message>
        <source>the stream ended before message_stop</source>
        <translation>流在 message_stop 之前结束</translation>
    </message>
    <message>
        <source>the task stream closed before the task ended</source>
        <translation>任务流在任务结束前关闭</translation>
    </message>
    <message>
        <source>no complete answer within %1 s</source>
        <translation>%1 秒内未收到完整响应</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>the download ended after %1 of %2 bytes</source>
        <translation>下载在收到 %2 字节中的 %1 字节后中断</translation>
    </message>
    <message>
        <source>the reply passed the %1 MiB limit and was stopped</source>
        <translation>响应超过了 %1 MiB 的上限，已停止</translation>
    </message>
</context>
<context>
    <name>bsp::ImageGalleryStore</name>
    <message>
        <source>Cannot create the image folder %1</source>
        <translation>无法创建图像文件夹 %1</translation>
    </message>
    <message>
        <source>The run has no images.</source>
        <translation>此次运行没有图像。</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Cannot copy %1</source>
        <translation>无法复制 %1</translation>
    </message>
</context>
<context>
    <name>bsp::ImageRunModel</name>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Cancelled · not billed</source>
        <translation>已取消 · 未计费</translation>
    </message>
    <message>
        <source>%1
not billed</source>
        <translation>%1
未计费</translation>
    </message>
    <message>
        <source>%1 × %2 px · %3</source>
        <translation>%1 × %2 px · %3</translation>
    </message>
    <message>
        <source>%1 ms · %2</source>
        <translation>%1 ms · %2</translation>
    </message>
    <message>
        <source>cost pending</source>
        <translation>费用待定</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>request %1</source>
        <translation>请求 %1</translation>
    </message>
    <message>
        <source>Messages tool</source>
        <translation>Messages 工具</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Images API</source>
        <translation>Images API</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>bsp::Ledger</name>
    <message>
        <source>the app stopped before the call ended; the gateway's usage (Reconcile) says what it billed</source>
        <translation>应用在调用结束前停止；网关的用量记录（对账）会给出实际计费</translation>
    </message>
</context>
<context>
    <name>bsp::LedgerModel</name>
    <message>
        <source>The gateway's usage record differs from the charge shown.</source>
        <translation>网关的用量记录与所示扣费不一致。</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <source>%1 reserved</source>
        <translation>已预留 %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 (differs)</source>
        <translation>%1（有差异）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>标签页</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>Estimated</source>
        <translation>预估</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>实扣</translation>
    </message>
    <message>
        <source>Reconciled</source>
        <translation>已对账</translation>
    </message>
</context>
<context>
    <name>bsp::RateCard</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Rerank</source>
        <translation>重排</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>bsp::RateCardModel</name>
    <message>
        <source>per million tokens</source>
        <translation>每百万 token</translation>
    </message>
    <message>
        <source>per image (by size)</source>
        <translation>每张图像（按尺寸）</translation>
    </message>
    <message>
        <source>per second (by resolution)</source>
        <translation>每秒（按分辨率）</translation>
    </message>
    <message numerus="yes">
        <source>per search (%n document(s))</source>
        <translation>
            <numerusform>每次搜索（%n 个文档）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in / %2 out</source>
        <translation>输入 %1 / 输出 %2</translation>
    </message>
    <message>
        <source>free</source>
        <translation>免费</translation>
    </message>
    <message>
        <source>bills rendered seconds</source>
        <translation>按已渲染秒数计费</translation>
    </message>
    <message>
        <source>bills in full</source>
        <translation>全额计费</translation>
    </message>
    <message>
        <source>%1 (estimated)</source>
        <translation>%1（预估）</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Also known as: %1</source>
        <translation>别名：%1</translation>
    </message>
    <message>
        <source>Estimated rate: not published by the gateway.</source>
        <translation>预估费率：网关未公布。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Rate (USD)</source>
        <translation>费率（USD）</translation>
    </message>
    <message>
        <source>Rate (credits)</source>
        <translation>费率（积分）</translation>
    </message>
    <message>
        <source>Cancel while running</source>
        <translation>运行中取消</translation>
    </message>
    <message>
        <source>Rate date</source>
        <translation>费率日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>bsp::SecretStore</name>
    <message>
        <source>The system keychain did not answer in time.</source>
        <translation>系统钥匙串未及时响应。</translation>
    </message>
    <message>
        <source>The system keychain is unavailable: %1</source>
        <translation>系统钥匙串不可用：%1</translation>
    </message>
    <message>
        <source>No session bus runs, so no system keychain can be reached.</source>
        <translation>没有运行会话总线，因此无法访问系统钥匙串。</translation>
    </message>
    <message>
        <source>No system keychain service (Secret Service or KWallet) runs.</source>
        <translation>没有运行系统钥匙串服务（Secret Service 或 KWallet）。</translation>
    </message>
</context>
<context>
    <name>bsp::TaskTracker</name>
    <message>
        <source>The clip file is missing: %1</source>
        <translation>片段文件缺失：%1</translation>
    </message>
    <message>
        <source>No task store</source>
        <translation>没有任务存储</translation>
    </message>
    <message>
        <source>The gateway answered %1 and kept the task running.</source>
        <translation>网关返回 %1，任务仍在运行。</translation>
    </message>
    <message>
        <source>The gateway sent no clip URL.</source>
        <translation>网关未返回片段 URL。</translation>
    </message>
</context>
<context>
    <name>bsp::app::AppContext</name>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
</context>
<context>
    <name>bsp::app::InstanceLock</name>
    <message>
        <source>ByteSpike Playground is already open with the data folder %1 (process %2 on %3). Switch to that window, or close it first; to run a second one beside it, start it with --data-dir and another folder.</source>
        <translation>ByteSpike Playground 已使用数据文件夹 %1 打开(%3 上的进程 %2)。请切换到该窗口,或先将其关闭;如需同时再运行一个,请用 --data-dir 指定另一个文件夹启动。</translation>
    </message>
    <message>
        <source>Cannot lock the data folder %1: check that it is writable.</source>
        <translation>无法锁定数据文件夹 %1:请检查它是否可写。</translation>
    </message>
</context>
<context>
    <name>bsp::app::SandboxHost</name>
    <message>
        <source>The sandbox program %1 could not be started: %2</source>
        <translation>无法启动沙盒程序 %1：%2</translation>
    </message>
    <message>
        <source>The sandbox printed an address that is not valid.</source>
        <translation>沙盒输出的地址无效。</translation>
    </message>
    <message>
        <source>The sandbox crashed.</source>
        <translation>沙盒已崩溃。</translation>
    </message>
    <message>
        <source>The sandbox exited with code %1.</source>
        <translation>沙盒已退出，退出码 %1。</translation>
    </message>
</context>
<context>
    <name>bsp::imagedecode</name>
    <message>
        <source>The image does not decode: %1</source>
        <translation>图像无法解码：%1</translation>
    </message>
    <message>
        <source>The file is not an image this app can read.</source>
        <translation>此文件不是本应用可读取的图像。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ChatComposer</name>
    <message>
        <source>Attach image…</source>
        <translation>附加图像…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line; paste or drop images)</source>
        <translation>消息（Enter 发送，Shift+Enter 换行；可粘贴或拖入图像）</translation>
    </message>
    <message>
        <source>Editing a sent message: Send replaces it and the replies after it; Esc cancels.</source>
        <translation>正在编辑已发送的消息：发送将替换它及其后的回复；Esc 取消。</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation>附加图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.gif *.webp)</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>%1 × %2 ✕</source>
        <translation>%1 × %2 ✕</translation>
    </message>
    <message>
        <source>%1 — click to remove</source>
        <translation>%1 — 点击移除</translation>
    </message>
    <message>
        <source>Remove attachment %1</source>
        <translation>移除附件 %1</translation>
    </message>
    <message>
        <source>%1 was not attached. %2</source>
        <translation>%1 未能附加。%2</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ChatController</name>
    <message>
        <source>Compare run</source>
        <translation>对比运行</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>request %1</source>
        <translation>请求 %1</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ChatTab</name>
    <message>
        <source>Could not load the models: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>Pick a model first (the model list has not loaded).</source>
        <translation>请先选择模型（模型列表尚未加载）。</translation>
    </message>
    <message>
        <source>image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Estimate: %1</source>
        <translation>预估：%1</translation>
    </message>
    <message>
        <source>Conversation total: %1</source>
        <translation>对话合计：%1</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <source>New compare</source>
        <translation>新建对比</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>⇆ %1</source>
        <translation>⇆ %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete “%1” and all its messages?</source>
        <translation>删除“%1”及其所有消息？</translation>
    </message>
    <message>
        <source>Export as Markdown</source>
        <translation>导出为 Markdown</translation>
    </message>
    <message>
        <source>Export as JSON</source>
        <translation>导出为 JSON</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <source>Input tokens of the conversation plus an expected reply, and the most it can cost at max tokens, priced with the rate card</source>
        <translation>按价目表计价：对话的输入 token 加上预期回复，以及按最大 token 数计算的最高费用</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Markdown…</source>
        <translation>Markdown…</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ChunkTableModel</name>
    <message>
        <source>%1 (line %2)</source>
        <translation>%1（第 %2 行）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>bsp::ui::CompareColumn</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Collapse or expand this column</source>
        <translation>折叠或展开此列</translation>
    </message>
    <message>
        <source>request %1</source>
        <translation>请求 %1</translation>
    </message>
    <message>
        <source>Model of column %1</source>
        <translation>第 %1 列的模型</translation>
    </message>
    <message>
        <source>Stop column %1</source>
        <translation>停止第 %1 列</translation>
    </message>
    <message>
        <source>Collapse column %1</source>
        <translation>折叠第 %1 列</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ComparePanel</name>
    <message>
        <source>Prompt:</source>
        <translation>提示词：</translation>
    </message>
    <message>
        <source>column %1 (%2)</source>
        <translation>第 %1 列（%2）</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fastest:&lt;/b&gt; %1 &amp;nbsp; &lt;b&gt;First token:&lt;/b&gt; %2 &amp;nbsp; &lt;b&gt;Cheapest:&lt;/b&gt; %3</source>
        <translation>&lt;b&gt;最快：&lt;/b&gt;%1 &amp;nbsp; &lt;b&gt;首 token：&lt;/b&gt;%2 &amp;nbsp; &lt;b&gt;最便宜：&lt;/b&gt;%3</translation>
    </message>
    <message>
        <source>Diff: column %1 → column %2</source>
        <translation>差异：第 %1 列 → 第 %2 列</translation>
    </message>
    <message>
        <source>Red: only in column %1 · green: only in column %2</source>
        <translation>红色：仅在第 %1 列 · 绿色：仅在第 %2 列</translation>
    </message>
</context>
<context>
    <name>bsp::ui::CompareView</name>
    <message>
        <source>Play or pause all</source>
        <translation>全部播放或暂停</translation>
    </message>
    <message>
        <source>Seek all</source>
        <translation>全部跳转</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Loop all</source>
        <translation>全部循环</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Mute all</source>
        <translation>全部静音</translation>
    </message>
    <message>
        <source>%1 · took %2 · %3</source>
        <translation>%1 · 耗时 %2 · %3</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ConnectionController</name>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>离线：%1</translation>
    </message>
    <message>
        <source>Connected to %1 (%2)</source>
        <translation>已连接到 %1（%2）</translation>
    </message>
    <message>
        <source>Key rejected by %1: %2</source>
        <translation>%1 拒绝了密钥：%2</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ConnectionIndicator</name>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ConversationView</name>
    <message>
        <source>Explain how ocean tides work in two short paragraphs.</source>
        <translation>用两段简短的话解释海洋潮汐的原理。</translation>
    </message>
    <message>
        <source>Write a Python function that checks whether a word is a palindrome, with tests.</source>
        <translation>写一个 Python 函数，检查一个单词是否为回文，并附带测试。</translation>
    </message>
    <message>
        <source>Start a conversation</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Pick a model above, type a message below and press Enter. Every reply shows its tokens, speed and cost; failures are free. Or start with an example:</source>
        <translation>在上方选择模型，在下方输入消息并按 Enter。每条回复都会显示 token 数、速度和费用；失败不计费。也可以从示例开始：</translation>
    </message>
    <message>
        <source>On the Sandbox profile, put a fault tag in a message to see how a failure looks (not billed): %1</source>
        <translation>在沙盒配置下，在消息中加入故障标签即可查看失败时的样子（不计费）：%1</translation>
    </message>
</context>
<context>
    <name>bsp::ui::CostPanel</name>
    <message>
        <source>Ledger</source>
        <translation>账本</translation>
    </message>
    <message>
        <source>Rate card</source>
        <translation>价目表</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Reconcile</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Compare every charge with the gateway's usage records</source>
        <translation>将每笔扣费与网关的用量记录进行比对</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>调用次数</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败次数</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>已花费</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>Saved by free failures</source>
        <translation>失败免费节省</translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation>余额：%1</translation>
    </message>
    <message>
        <source>Balance: unknown</source>
        <translation>余额：未知</translation>
    </message>
    <message>
        <source>From the quota headers of the last response</source>
        <translation>来自上次响应的配额响应头</translation>
    </message>
    <message>
        <source>Ledger not open yet</source>
        <translation>账本尚未打开</translation>
    </message>
    <message>
        <source>Session %1 · Today %2</source>
        <translation>本次会话 %1 · 今日 %2</translation>
    </message>
    <message numerus="yes">
        <source> + %n unpriced</source>
        <translation>
            <numerusform> + %n 笔未定价</numerusform>
        </translation>
    </message>
    <message>
        <source>This session</source>
        <translation>本次会话</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Per model (all time)</source>
        <translation>按模型（全部时间）</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>（无模型）</translation>
    </message>
    <message>
        <source>Per modality (all time)</source>
        <translation>按模态（全部时间）</translation>
    </message>
    <message>
        <source>Reconciling with the gateway's usage…</source>
        <translation>正在与网关用量对账…</translation>
    </message>
    <message>
        <source>The ledger is not open.</source>
        <translation>账本未打开。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n call(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 次调用导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export ledger</source>
        <translation>导出账本</translation>
    </message>
    <message>
        <source>Copied request id %1</source>
        <translation>已复制请求 ID %1</translation>
    </message>
    <message>
        <source>Copy request id</source>
        <translation>复制请求 ID</translation>
    </message>
    <message>
        <source>Filter by model, modality, unit…</source>
        <translation>按模型、模态、单位筛选…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Load the gateway's /v1/pricing, or the bundled card</source>
        <translation>加载网关的 /v1/pricing，或内置价目表</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Load an updated rate card from a JSON file</source>
        <translation>从 JSON 文件加载更新的价目表</translation>
    </message>
    <message>
        <source>Changes of the last refresh or import show here.</source>
        <translation>上次刷新或导入的变更将显示在此处。</translation>
    </message>
    <message>
        <source>Import rate card</source>
        <translation>导入价目表</translation>
    </message>
    <message>
        <source>Rate card (*.json)</source>
        <translation>价目表 (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Source: %1 · card dated %2 · %n model(s)</source>
        <translation>
            <numerusform>来源：%1 · 价目表日期 %2 · %n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>No rate changed.</source>
        <translation>没有费率变化。</translation>
    </message>
    <message>
        <source>Refreshing the rate card…</source>
        <translation>正在刷新价目表…</translation>
    </message>
    <message>
        <source>Cost pages</source>
        <translation>费用页面</translation>
    </message>
    <message>
        <source>Ledger of calls</source>
        <translation>调用账本</translation>
    </message>
    <message>
        <source>Cost totals</source>
        <translation>费用汇总</translation>
    </message>
    <message>
        <source>Filter the rate card</source>
        <translation>筛选价目表</translation>
    </message>
    <message>
        <source>Rate card changes</source>
        <translation>价目表变更</translation>
    </message>
    <message>
        <source>The chart cannot be shown: %1</source>
        <translation>无法显示图表：%1</translation>
    </message>
</context>
<context>
    <name>bsp::ui::CostSummary</name>
    <message>
        <source>This session</source>
        <translation>本次会话</translation>
    </message>
    <message>
        <source>Calls:</source>
        <translation>调用次数：</translation>
    </message>
    <message>
        <source>Charged:</source>
        <translation>实扣：</translation>
    </message>
    <message>
        <source>Failures (not billed):</source>
        <translation>失败次数（未计费）：</translation>
    </message>
    <message>
        <source>Opening the ledger…</source>
        <translation>正在打开账本…</translation>
    </message>
    <message>
        <source>Every call is recorded in the ledger; failed calls are never charged.</source>
        <translation>每次调用都会记入账本；失败的调用从不计费。</translation>
    </message>
    <message>
        <source>No ledger: %1</source>
        <translation>无账本：%1</translation>
    </message>
</context>
<context>
    <name>bsp::ui::EmbeddingsController</name>
    <message>
        <source>paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>All %1 chunks were in the cache: nothing was sent.</source>
        <translation>全部 %1 个分块均已在缓存中：未发送任何请求。</translation>
    </message>
    <message>
        <source>Embedded %1 chunks in %2 requests (%3 from the cache).</source>
        <translation>已通过 %2 个请求嵌入 %1 个分块（%3 个来自缓存）。</translation>
    </message>
    <message>
        <source>Cancelled: %1 of %2 chunks are in the cache; Embed resumes from there.</source>
        <translation>已取消：%2 个分块中已有 %1 个在缓存中；再次点击“嵌入”将从此处继续。</translation>
    </message>
    <message>
        <source>Embedding failed.</source>
        <translation>嵌入失败。</translation>
    </message>
    <message>
        <source>Could not open the index: %1</source>
        <translation>无法打开索引：%1</translation>
    </message>
    <message>
        <source>Opened the index in %1 (%2 chunks, %3).</source>
        <translation>已打开 %1 中的索引（%2 个分块，%3）。</translation>
    </message>
    <message>
        <source>There is no index to export yet.</source>
        <translation>尚无可导出的索引。</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>bsp::ui::EmbeddingsTab</name>
    <message>
        <source>Open files…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Open files</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open index…</source>
        <translation>打开索引…</translation>
    </message>
    <message>
        <source>Open index</source>
        <translation>打开索引</translation>
    </message>
    <message>
        <source>Open a folder written by 'bytespike-cli index build'.</source>
        <translation>打开由 'bytespike-cli index build' 写入的文件夹。</translation>
    </message>
    <message>
        <source>Pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <source>…or paste text here (Chinese or English), then Use text.</source>
        <translation>…或在此粘贴文本（中文或英文），然后点击“使用文本”。</translation>
    </message>
    <message>
        <source>Use text</source>
        <translation>使用文本</translation>
    </message>
    <message>
        <source>Use pasted text</source>
        <translation>使用粘贴的文本</translation>
    </message>
    <message>
        <source>File format</source>
        <translation>文件格式</translation>
    </message>
    <message>
        <source>By extension</source>
        <translation>按扩展名</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSONL</source>
        <translation>JSONL</translation>
    </message>
    <message>
        <source>Column or field</source>
        <translation>列或字段</translation>
    </message>
    <message>
        <source>The CSV column (header name or number) or the JSONL field that holds the text.</source>
        <translation>存放文本的 CSV 列（表头名称或序号）或 JSONL 字段。</translation>
    </message>
    <message>
        <source>Chunking</source>
        <translation>分块方式</translation>
    </message>
    <message>
        <source>By paragraph</source>
        <translation>按段落</translation>
    </message>
    <message>
        <source>Every N characters</source>
        <translation>每 N 个字符</translation>
    </message>
    <message>
        <source>Characters per chunk</source>
        <translation>每块字符数</translation>
    </message>
    <message>
        <source>Overlap in characters</source>
        <translation>重叠字符数</translation>
    </message>
    <message>
        <source>overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Column / field</source>
        <translation>列 / 字段</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Skipped lines</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <source>Embed</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>batch </source>
        <translation>每批 </translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>并发请求数</translation>
    </message>
    <message>
        <source>in flight </source>
        <translation>并发 </translation>
    </message>
    <message>
        <source>Embed the corpus</source>
        <translation>嵌入语料库</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel embedding</source>
        <translation>取消嵌入</translation>
    </message>
    <message>
        <source>Embedding progress</source>
        <translation>嵌入进度</translation>
    </message>
    <message>
        <source>%v / %m chunks</source>
        <translation>%v / %m 个分块</translation>
    </message>
    <message>
        <source>Embedding speed</source>
        <translation>嵌入速度</translation>
    </message>
    <message>
        <source>Embedding cost</source>
        <translation>嵌入费用</translation>
    </message>
    <message>
        <source>Embedding status</source>
        <translation>嵌入状态</translation>
    </message>
    <message>
        <source>Export index and cache…</source>
        <translation>导出索引和缓存…</translation>
    </message>
    <message>
        <source>Export index and cache</source>
        <translation>导出索引和缓存</translation>
    </message>
    <message>
        <source>Open corpus files</source>
        <translation>打开语料文件</translation>
    </message>
    <message>
        <source>Text, CSV, JSONL (*.txt *.md *.csv *.jsonl *.ndjson);;All files (*)</source>
        <translation>文本、CSV、JSONL (*.txt *.md *.csv *.jsonl *.ndjson);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a corpus folder</source>
        <translation>打开语料文件夹</translation>
    </message>
    <message>
        <source>Open an index folder</source>
        <translation>打开索引文件夹</translation>
    </message>
    <message>
        <source>%1 chunks/s</source>
        <translation>%1 分块/秒</translation>
    </message>
    <message>
        <source>ETA %1 s</source>
        <translation>预计剩余 %1 秒</translation>
    </message>
    <message>
        <source>%1 from the cache</source>
        <translation>%1 个来自缓存</translation>
    </message>
    <message>
        <source>%1, line %2: %3</source>
        <translation>%1，第 %2 行：%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>…and %1 more</source>
        <translation>…以及另外 %1 项</translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n line(s):</source>
        <translation>
            <numerusform>跳过了 %n 行：</numerusform>
        </translation>
    </message>
    <message>
        <source>All chunks are cached: embedding is free</source>
        <translation>所有分块均已缓存：嵌入免费</translation>
    </message>
    <message numerus="yes">
        <source>Estimated %1 for %n new chunk(s)</source>
        <translation>
            <numerusform>%n 个新分块预估 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Charged %1 over %n call(s) (ledger)</source>
        <translation>
            <numerusform>%n 次调用共实扣 %1（账本）</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the index to a folder</source>
        <translation>将索引导出到文件夹</translation>
    </message>
    <message>
        <source>Exported the index and its cache to %1.</source>
        <translation>已将索引及其缓存导出到 %1。</translation>
    </message>
    <message>
        <source>failed, free</source>
        <translation>失败，免费</translation>
    </message>
    <message>
        <source>Search query</source>
        <translation>搜索查询</translation>
    </message>
    <message>
        <source>Ask the corpus… (Enter searches)</source>
        <translation>向语料库提问…（Enter 搜索）</translation>
    </message>
    <message>
        <source>Recall top K</source>
        <translation>召回前 K 个</translation>
    </message>
    <message>
        <source>recall </source>
        <translation>召回 </translation>
    </message>
    <message>
        <source>Rerank top N</source>
        <translation>重排前 N 个</translation>
    </message>
    <message>
        <source>rerank </source>
        <translation>重排 </translation>
    </message>
    <message>
        <source>0 skips the rerank call.</source>
        <translation>0 表示跳过重排调用。</translation>
    </message>
    <message>
        <source>Rerank model</source>
        <translation>重排模型</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <source>Recall on int8 vectors</source>
        <translation>在 int8 向量上召回</translation>
    </message>
    <message>
        <source>Recall on int8 copies of the vectors, re-scored in float.</source>
        <translation>在向量的 int8 副本上召回，再以浮点数重新评分。</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search stages</source>
        <translation>搜索阶段</translation>
    </message>
    <message>
        <source>Recall ranking</source>
        <translation>召回排名</translation>
    </message>
    <message>
        <source>Rerank ranking</source>
        <translation>重排排名</translation>
    </message>
    <message>
        <source>Recall by cosine</source>
        <translation>按余弦相似度召回</translation>
    </message>
    <message>
        <source>Reranked</source>
        <translation>重排后</translation>
    </message>
    <message>
        <source>Text of the selected hit</source>
        <translation>所选命中结果的文本</translation>
    </message>
    <message>
        <source>Select a hit to read its text.</source>
        <translation>选择一个命中结果以查看其文本。</translation>
    </message>
    <message>
        <source>Results views</source>
        <translation>结果视图</translation>
    </message>
    <message>
        <source>Rankings</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>分布图</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export results as CSV</source>
        <translation>将结果导出为 CSV</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>Export results as JSON</source>
        <translation>将结果导出为 JSON</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Embed query %1 ms · %2</source>
        <translation>嵌入查询 %1 ms · %2</translation>
    </message>
    <message>
        <source>Recall %1 ms · free</source>
        <translation>召回 %1 ms · 免费</translation>
    </message>
    <message>
        <source>Rerank %1 ms · %2</source>
        <translation>重排 %1 ms · %2</translation>
    </message>
    <message>
        <source>The %1 stage failed: %2</source>
        <translation>%1 阶段失败：%2</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>Saved the results to %1.</source>
        <translation>已将结果保存到 %1。</translation>
    </message>
    <message>
        <source>Could not save the results: %1</source>
        <translation>无法保存结果：%1</translation>
    </message>
    <message>
        <source>%1, chunk %2 (line %3)</source>
        <translation>%1，第 %2 块（第 %3 行）</translation>
    </message>
    <message>
        <source>%1, chunk %2</source>
        <translation>%1，第 %2 块</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ImageCanvas</name>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Wheel or +/− zooms at the cursor, 0 fits, 1 shows 100 %, drag or arrows pan</source>
        <translation>滚轮或 +/− 以光标为中心缩放，0 适应窗口，1 显示 100 %，拖动或方向键平移</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ImageController</name>
    <message>
        <source>No image kept (failed or cancelled)</source>
        <translation>未保留图像（失败或已取消）</translation>
    </message>
    <message>
        <source>The gateway sent fewer images.</source>
        <translation>网关返回的图像数量不足。</translation>
    </message>
    <message>
        <source>No image came back.</source>
        <translation>未返回图像。</translation>
    </message>
    <message>
        <source>Image blocked: %1</source>
        <translation>图像被拦截：%1</translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ImageTab</name>
    <message>
        <source>Run and gallery</source>
        <translation>运行与图库</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Describe the image…</source>
        <translation>描述图像…</translation>
    </message>
    <message>
        <source>&amp;Models (tick a route of each to compare)</source>
        <translation>模型（勾选各模型的一个路由进行对比）(&amp;M)</translation>
    </message>
    <message>
        <source>Models and routes</source>
        <translation>模型与路由</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Per image</source>
        <translation>每张单价</translation>
    </message>
    <message>
        <source>OpenAI Images route (/v1/images/generations)</source>
        <translation>OpenAI Images 路由（/v1/images/generations）</translation>
    </message>
    <message>
        <source>The generate_image tool inside a Messages call</source>
        <translation>Messages 调用中的 generate_image 工具</translation>
    </message>
    <message>
        <source>Text model for the Messages tool route</source>
        <translation>Messages 工具路由使用的文本模型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Images per model</source>
        <translation>每个模型的图像数</translation>
    </message>
    <message>
        <source>1–4 on most models; 1–8 on the cheap tiers</source>
        <translation>大多数模型为 1–4；低价档为 1–8</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Use a fixed seed</source>
        <translation>使用固定种子</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Gateway default</source>
        <translation>网关默认</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Base64 (b64_json)</source>
        <translation>Base64 (b64_json)</translation>
    </message>
    <message>
        <source>Answer format</source>
        <translation>返回格式</translation>
    </message>
    <message>
        <source>Messages &amp;via</source>
        <translation>Messages 文本模型(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Size</source>
        <translation>尺寸(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>图像数(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Quality</source>
        <translation>质量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>返回格式(&amp;A)</translation>
    </message>
    <message>
        <source>Source image…</source>
        <translation>源图像…</translation>
    </message>
    <message>
        <source>Choose a source image for image-to-image</source>
        <translation>为图生图选择源图像</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the source image</source>
        <translation>清除源图像</translation>
    </message>
    <message>
        <source>No source: text to image</source>
        <translation>无源图像：文生图</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Save preset…</source>
        <translation>保存预设…</translation>
    </message>
    <message>
        <source>Save the models and parameters as a preset</source>
        <translation>将模型和参数保存为预设</translation>
    </message>
    <message>
        <source>Estimated cost</source>
        <translation>预估费用</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the images that have not arrived</source>
        <translation>取消尚未返回的图像</translation>
    </message>
    <message>
        <source>Source image</source>
        <translation>源图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>预设名称</translation>
    </message>
    <message>
        <source>Could not load the models: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Tick at least one model</source>
        <translation>请至少勾选一个模型</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s): %1</source>
        <translation>
            <numerusform>%n 张图像：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is too big (%2); the limit is %3.</source>
        <translation>%1 过大（%2）；上限为 %3。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 was not sent: %2</source>
        <translation>%1 未发送：%2</translation>
    </message>
    <message>
        <source>Source: %1 · %2 × %3 px · image-to-image on the Images API route</source>
        <translation>源图像：%1 · %2 × %3 px · 通过 Images API 路由图生图</translation>
    </message>
    <message>
        <source>Run results: a column per model</source>
        <translation>运行结果：每个模型一列</translation>
    </message>
    <message>
        <source>Tick models, write a prompt, Generate.</source>
        <translation>勾选模型，输入提示词，然后点击“生成”。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the selected image in the viewer</source>
        <translation>在查看器中打开所选图像</translation>
    </message>
    <message>
        <source>Compare A/B</source>
        <translation>A/B 对比</translation>
    </message>
    <message>
        <source>Compare the two selected images with a wipe</source>
        <translation>用滑动分割线对比所选的两张图像</translation>
    </message>
    <message>
        <source>Export run…</source>
        <translation>导出运行…</translation>
    </message>
    <message>
        <source>Export this run as a folder with a manifest</source>
        <translation>将此次运行导出为带清单的文件夹</translation>
    </message>
    <message>
        <source>Export run to</source>
        <translation>将运行导出到</translation>
    </message>
    <message>
        <source>Export run</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <source>Search prompts and models</source>
        <translation>搜索提示词和模型</translation>
    </message>
    <message>
        <source>Search the gallery</source>
        <translation>搜索图库</translation>
    </message>
    <message>
        <source>Filter the gallery by model</source>
        <translation>按模型筛选图库</translation>
    </message>
    <message>
        <source>Open the selected image</source>
        <translation>打开所选图像</translation>
    </message>
    <message>
        <source>Compare the two selected images</source>
        <translation>对比所选的两张图像</translation>
    </message>
    <message>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <source>Run again with the same parameters</source>
        <translation>以相同参数再次运行</translation>
    </message>
    <message>
        <source>Export the selected image's run</source>
        <translation>导出所选图像所属的运行</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected images and their files</source>
        <translation>删除所选图像及其文件</translation>
    </message>
    <message>
        <source>Send to chat</source>
        <translation>发送到对话</translation>
    </message>
    <message>
        <source>Send the selected image to the chat</source>
        <translation>将所选图像发送到对话</translation>
    </message>
    <message>
        <source>Use as first frame</source>
        <translation>用作首帧</translation>
    </message>
    <message>
        <source>Use the selected image as a video's first frame</source>
        <translation>将所选图像用作视频的首帧</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <source>%1 done · %2 failed (not billed) · %3 cancelled · %4 waiting · charged %5</source>
        <translation>%1 个完成 · %2 个失败（未计费）· %3 个已取消 · %4 个等待中 · 实扣 %5</translation>
    </message>
    <message>
        <source>The source image of this run is gone (%1): it cannot be re-run.</source>
        <translation>这次运行的源图像已不存在（%1）：无法重新运行。</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ImageViewer</name>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>%1 × %2 px · %3%</source>
        <translation>%1 × %2 px · %3%</translation>
    </message>
    <message>
        <source>Save image</source>
        <translation>保存图像</translation>
    </message>
    <message>
        <source>Could not save the image: %1</source>
        <translation>无法保存图像：%1</translation>
    </message>
    <message>
        <source>A/B wipe position</source>
        <translation>A/B 分割线位置</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Zoom to 100 percent</source>
        <translation>缩放到 100%</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>A: %1 · B: %2</source>
        <translation>A：%1 · B：%2</translation>
    </message>
    <message>
        <source>PNG (*.png);;JPEG (*.jpg *.jpeg);;WebP (*.webp)</source>
        <translation>PNG (*.png);;JPEG (*.jpg *.jpeg);;WebP (*.webp)</translation>
    </message>
</context>
<context>
    <name>bsp::ui::LedgerDelegate</name>
    <message>
        <source>not billed</source>
        <translation>未计费</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>有差异</translation>
    </message>
    <message>
        <source>Cancelled before anything was billed: charged $0.</source>
        <translation>在产生任何费用前已取消：扣费 $0。</translation>
    </message>
    <message>
        <source>Failed calls are free: charged $0.</source>
        <translation>失败的调用免费：扣费 $0。</translation>
    </message>
    <message>
        <source>Reason: %1 %2</source>
        <translation>原因：%1 %2</translation>
    </message>
    <message>
        <source>Would have cost %1 at the card's rate.</source>
        <translation>按价目表费率本应花费 %1。</translation>
    </message>
    <message>
        <source>Running task: %1 is held, not spent, until the task ends.</source>
        <translation>运行中的任务：任务结束前，%1 仅为预留，尚未花费。</translation>
    </message>
    <message>
        <source>The gateway's usage says %1, the ledger charged %2.</source>
        <translation>网关用量记录为 %1，账本扣费为 %2。</translation>
    </message>
    <message>
        <source>Request id: %1</source>
        <translation>请求 ID：%1</translation>
    </message>
</context>
<context>
    <name>bsp::ui::MainWindow</name>
    <message>
        <source>ByteSpike Playground</source>
        <translation>ByteSpike Playground</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Profiles…</source>
        <translation>配置(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Show &amp;Cost panel</source>
        <translation>显示费用面板(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ByteSpike Playground</source>
        <translation>关于 ByteSpike Playground(&amp;A)</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>配置：</translation>
    </message>
    <message>
        <source>Edit profiles…</source>
        <translation>编辑配置…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Balance %1</source>
        <translation>余额 %1</translation>
    </message>
    <message>
        <source>Balance —</source>
        <translation>余额 —</translation>
    </message>
    <message>
        <source>About ByteSpike Playground</source>
        <translation>关于 ByteSpike Playground</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ByteSpike Playground %1&lt;/h3&gt;&lt;p&gt;A native playground for the ByteSpike multimodal gateway.&lt;/p&gt;&lt;p&gt;Data folder: &lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ByteSpike Playground %1&lt;/h3&gt;&lt;p&gt;ByteSpike 多模态网关的原生 Playground。&lt;/p&gt;&lt;p&gt;数据文件夹：&lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>沙盒</translation>
    </message>
    <message>
        <source>Starting the sandbox…</source>
        <translation>正在启动沙盒…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>no API key for %1 yet: add one in Settings › Profiles…</source>
        <translation>%1 尚无 API 密钥：请在“设置 › 配置…”中添加</translation>
    </message>
    <message>
        <source>No keychain found: keys are stored in a private file (0600)</source>
        <translation>未找到钥匙串：密钥存储在私有文件中（0600）</translation>
    </message>
    <message>
        <source>%1
File: %2</source>
        <translation>%1
文件：%2</translation>
    </message>
    <message>
        <source>Modalities</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Export ledger…</source>
        <translation>导出账本(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Gateway profile</source>
        <translation>网关配置</translation>
    </message>
    <message>
        <source>The language applies after a restart.</source>
        <translation>语言将在重启后生效。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language applies after a restart of ByteSpike Playground.</source>
        <translation>新语言将在重启 ByteSpike Playground 后生效。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Edit profiles</source>
        <translation>编辑配置</translation>
    </message>
    <message>
        <source>Refresh the connection</source>
        <translation>刷新连接</translation>
    </message>
    <message>
        <source>the sandbox is not running: %1</source>
        <translation>沙盒未在运行：%1</translation>
    </message>
</context>
<context>
    <name>bsp::ui::MapView</name>
    <message>
        <source>Corpus map</source>
        <translation>语料分布图</translation>
    </message>
    <message>
        <source>Every chunk projected to two dimensions (PCA); the query and its hits are marked.</source>
        <translation>每个分块都投影到二维（PCA）；查询及其命中结果已标出。</translation>
    </message>
    <message>
        <source>The map appears once the corpus is embedded.</source>
        <translation>语料库嵌入完成后将显示分布图。</translation>
    </message>
    <message>
        <source>× query   ● recalled (orange)   ● reranked (green)</source>
        <translation>× 查询   ● 已召回（橙色）   ● 已重排（绿色）</translation>
    </message>
</context>
<context>
    <name>bsp::ui::MarkdownBlock</name>
    <message>
        <source>Message text</source>
        <translation>消息文本</translation>
    </message>
</context>
<context>
    <name>bsp::ui::MessageView</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>编辑并重新发送</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Tool %1: %2</source>
        <translation>工具 %1：%2</translation>
    </message>
    <message>
        <source>[%1 block]</source>
        <translation>[%1 块]</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>正在流式输出…</translation>
    </message>
    <message>
        <source>Stopped — partial reply kept.</source>
        <translation>已停止 — 已保留部分回复。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>(partial reply kept)</source>
        <translation>（已保留部分回复）</translation>
    </message>
    <message>
        <source>Image blocked by the gateway — not billed.</source>
        <translation>图像被网关拦截 — 未计费。</translation>
    </message>
    <message>
        <source>Send as context</source>
        <translation>作为上下文发送</translation>
    </message>
    <message>
        <source>A failed reply and the message it answered are not sent with the next message. Tick to send them anyway.</source>
        <translation>失败的回复及其对应的消息不会随下一条消息发送。勾选后仍会发送。</translation>
    </message>
    <message>
        <source>editing in the message box</source>
        <translation>正在消息框中编辑</translation>
    </message>
    <message>
        <source>Not sent as context.</source>
        <translation>不作为上下文发送。</translation>
    </message>
</context>
<context>
    <name>bsp::ui::NotBuiltPage</name>
    <message>
        <source>%1 is not built yet in this version. The gateway connection, the sandbox and the CLI are ready.</source>
        <translation>此版本尚未提供%1。网关连接、沙盒和 CLI 已就绪。</translation>
    </message>
    <message>
        <source>Meanwhile, try the gateway from a terminal with bytespike-cli.</source>
        <translation>在此期间，可以在终端中使用 bytespike-cli 试用网关。</translation>
    </message>
    <message>
        <source>%1 cannot be shown: %2</source>
        <translation>无法显示%1：%2</translation>
    </message>
    <message>
        <source>The media library is installed with the app: reinstalling the package restores it.</source>
        <translation>媒体库随应用一起安装：重新安装软件包即可恢复。</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ParameterPanel</name>
    <message>
        <source>Generate images</source>
        <translation>生成图像</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>e.g. ###, END</source>
        <translation>例如 ###, END</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <source>Allow image generation: the model may call the gateway's generate_image tool (each image is billed)</source>
        <translation>允许生成图像：模型可调用网关的 generate_image 工具（每张图像均计费）</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Image model</source>
        <translation>图像模型</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>Sequences that end the reply when the model writes them, separated by commas (this is not the Stop button)</source>
        <translation>模型输出这些序列时回复即结束，用逗号分隔（这不是“停止”按钮）</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Temperature</source>
        <translation>温度(&amp;T)</translation>
    </message>
    <message>
        <source>Max t&amp;okens</source>
        <translation>最大 token 数(&amp;O)</translation>
    </message>
    <message>
        <source>Stop se&amp;quences</source>
        <translation>停止序列(&amp;Q)</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Compare presets</source>
        <translation>对比预设</translation>
    </message>
    <message>
        <source>Save preset…</source>
        <translation>保存预设…</translation>
    </message>
    <message>
        <source>Diff</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Colu&amp;mns</source>
        <translation>列数(&amp;M)</translation>
    </message>
    <message>
        <source>Column %1 ↔ column %2</source>
        <translation>第 %1 列 ↔ 第 %2 列</translation>
    </message>
</context>
<context>
    <name>bsp::ui::ProfilesDialog</name>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>基础 URL：</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>Paste a key to store or replace it</source>
        <translation>粘贴密钥以存储或替换</translation>
    </message>
    <message>
        <source>Not needed</source>
        <translation>无需填写</translation>
    </message>
    <message>
        <source>The sandbox uses its built-in key.</source>
        <translation>沙盒使用其内置密钥。</translation>
    </message>
    <message>
        <source>Reading the stored key…</source>
        <translation>正在读取已存储的密钥…</translation>
    </message>
    <message>
        <source>Stored key: %1</source>
        <translation>已存储的密钥：%1</translation>
    </message>
    <message>
        <source>No key stored.</source>
        <translation>未存储密钥。</translation>
    </message>
    <message>
        <source>(private file, no keychain)</source>
        <translation>（私有文件，无钥匙串）</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>新配置</translation>
    </message>
    <message>
        <source>Paste the profile's key</source>
        <translation>粘贴此配置的密钥</translation>
    </message>
    <message>
        <source>Enter a name, a base URL and a key, then Save.</source>
        <translation>输入名称、基础 URL 和密钥，然后保存。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>The key could not be stored.</source>
        <translation>无法存储密钥。</translation>
    </message>
    <message>
        <source>The sandbox has not started yet.</source>
        <translation>沙盒尚未启动。</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// address.</source>
        <translation>基础 URL 必须是 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>配置名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
</context>
<context>
    <name>bsp::ui::RankingModel</name>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>▲ %1 (from #%2)</source>
        <translation>▲ %1（原 #%2）</translation>
    </message>
    <message>
        <source>▼ %1 (from #%2)</source>
        <translation>▼ %1（原 #%2）</translation>
    </message>
    <message>
        <source>new (from #%1)</source>
        <translation>新进（原 #%1）</translation>
    </message>
    <message>
        <source>= (#%1)</source>
        <translation>=（#%1）</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>Relevance</source>
        <translation>相关性</translation>
    </message>
    <message>
        <source>Rerank</source>
        <translation>重排</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Chunk</source>
        <translation>分块</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>bsp::ui::RunCellDelegate</name>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>bsp::ui::SpendChart</name>
    <message>
        <source>Spend per day by modality (USD)</source>
        <translation>按模态统计的每日花费（USD）</translation>
    </message>
    <message>
        <source>Spend per model</source>
        <translation>按模型统计的花费</translation>
    </message>
</context>
<context>
    <name>bsp::ui::TaskDelegate</name>
    <message>
        <source>not billed</source>
        <translation>未计费</translation>
    </message>
    <message>
        <source>charged %1</source>
        <translation>实扣 %1</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Cancel requested…</source>
        <translation>已请求取消…</translation>
    </message>
    <message>
        <source>%1 — the gateway refused the cancel: %2</source>
        <translation>%1 — 网关拒绝了取消：%2</translation>
    </message>
    <message>
        <source>%1 — no change for longer than this model takes; checked again, you may cancel</source>
        <translation>%1 — 已超过此模型的通常耗时仍无变化；已重新检查，可以取消</translation>
    </message>
    <message>
        <source>Completed — it finished before the cancel arrived</source>
        <translation>已完成 — 在取消请求到达前已完成</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source> · downloading %1 %…</source>
        <translation> · 正在下载 %1 %…</translation>
    </message>
    <message>
        <source> · download failed: %1</source>
        <translation> · 下载失败：%1</translation>
    </message>
    <message>
        <source> · %1×%2, %3 s</source>
        <translation> · %1×%2，%3 秒</translation>
    </message>
    <message>
        <source>Failed: %1 — %2</source>
        <translation>失败：%1 — %2</translation>
    </message>
    <message>
        <source>Cancelled — confirmed by the gateway, %1</source>
        <translation>已取消 — 已由网关确认，%1</translation>
    </message>
    <message>
        <source>Cancelled, %1</source>
        <translation>已取消，%1</translation>
    </message>
    <message>
        <source>reserved %1</source>
        <translation>已预留 %1</translation>
    </message>
    <message>
        <source>est. %1 %</source>
        <translation>预估 %1 %</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 — on profile %2: switch to it to follow or cancel this task</source>
        <translation>%1 — 在配置 %2 上：切换到该配置即可跟踪或取消此任务</translation>
    </message>
</context>
<context>
    <name>bsp::ui::Thumbnailer</name>
    <message>
        <source>no frame within 10 s</source>
        <translation>10 秒内未获得帧</translation>
    </message>
    <message>
        <source>could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>the clip does not decode</source>
        <translation>片段无法解码</translation>
    </message>
    <message>
        <source>the clip ended before a frame arrived</source>
        <translation>片段在获得帧之前已结束</translation>
    </message>
</context>
<context>
    <name>bsp::ui::VideoForm</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>The image is %1 KB; the gateway takes at most %2 KB.</source>
        <translation>图像为 %1 KB；网关最多接受 %2 KB。</translation>
    </message>
    <message>
        <source>This file is not an image that decodes: %1</source>
        <translation>此文件不是可解码的图像：%1</translation>
    </message>
    <message>
        <source>Use a PNG, JPEG or WebP image (this one is %1).</source>
        <translation>请使用 PNG、JPEG 或 WebP 图像（此图像为 %1）。</translation>
    </message>
    <message>
        <source>The image is %1×%2; use %3 to %4 pixels a side.</source>
        <translation>图像为 %1×%2；每边应为 %3 到 %4 像素。</translation>
    </message>
    <message>
        <source>%1×%2 %3, %4 KB</source>
        <translation>%1×%2 %3，%4 KB</translation>
    </message>
    <message>
        <source>Video model</source>
        <translation>视频模型</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Describe the clip…</source>
        <translation>描述片段…</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>First frame image</source>
        <translation>首帧图像</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose first frame image</source>
        <translation>选择首帧图像</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear first frame image</source>
        <translation>清除首帧图像</translation>
    </message>
    <message>
        <source>Compare 2–4 models</source>
        <translation>对比 2–4 个模型</translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation>对比模型</translation>
    </message>
    <message>
        <source>Models to compare</source>
        <translation>要对比的模型</translation>
    </message>
    <message>
        <source>Estimated cost</source>
        <translation>预估费用</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Submit video task</source>
        <translation>提交视频任务</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Duration</source>
        <translation>时长(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Resolution</source>
        <translation>分辨率(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Aspect ratio</source>
        <translation>宽高比(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;First frame</source>
        <translation>首帧(&amp;F)</translation>
    </message>
    <message>
        <source>The gateway lists no video models.</source>
        <translation>网关未列出任何视频模型。</translation>
    </message>
    <message>
        <source>Could not load the models: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>请选择模型。</translation>
    </message>
    <message>
        <source>Price unknown for this choice.</source>
        <translation>此选项的价格未知。</translation>
    </message>
    <message>
        <source>Estimate %1 — holds a %1 reservation until the task ends; failures are free.</source>
        <translation>预估 %1 — 任务结束前将预留 %1；失败免费。</translation>
    </message>
    <message>
        <source>More than the balance.</source>
        <translation>超出余额。</translation>
    </message>
    <message>
        <source>Tick 2 to 4 models to compare.</source>
        <translation>请勾选 2 到 4 个模型进行对比。</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>请先输入提示词。</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.webp)</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
</context>
<context>
    <name>bsp::ui::VideoPlayer</name>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>播放 / 暂停（Space）</translation>
    </message>
    <message>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>One frame back</source>
        <translation>后退一帧</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>One frame forward</source>
        <translation>前进一帧</translation>
    </message>
    <message>
        <source>Seek</source>
        <translation>跳转</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>This clip could not be decoded: %1</source>
        <translation>此片段无法解码：%1</translation>
    </message>
    <message>
        <source>The clip file is missing: %1</source>
        <translation>片段文件缺失：%1</translation>
    </message>
    <message>
        <source>This clip could not be decoded.</source>
        <translation>此片段无法解码。</translation>
    </message>
</context>
<context>
    <name>bsp::ui::VideoTab</name>
    <message>
        <source>No thumbnail: %1</source>
        <translation>无缩略图：%1</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>所有任务</translation>
    </message>
    <message>
        <source>Queued or running</source>
        <translation>排队中或运行中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Sort tasks</source>
        <translation>任务排序</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新优先</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早优先</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Search prompts and models</source>
        <translation>搜索提示词和模型</translation>
    </message>
    <message>
        <source>Search tasks</source>
        <translation>搜索任务</translation>
    </message>
    <message>
        <source>Video tasks</source>
        <translation>视频任务</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save clip as</source>
        <translation>片段另存为</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Copy clip path</source>
        <translation>复制片段路径</translation>
    </message>
    <message>
        <source>Retry download</source>
        <translation>重试下载</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove task from the list</source>
        <translation>从列表中移除任务</translation>
    </message>
    <message>
        <source>Task %1 · out_task_id %2</source>
        <translation>任务 %1 · out_task_id %2</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>Could not save %1.</source>
        <translation>无法保存 %1。</translation>
    </message>
    <message>
        <source>Video task finished: %1</source>
        <translation>视频任务已完成：%1</translation>
    </message>
    <message>
        <source>ByteSpike Playground</source>
        <translation>ByteSpike Playground</translation>
    </message>
</context>
<context>
    <name>bytespike-cli</name>
    <message>
        <source>no command given</source>
        <translation>未指定命令</translation>
    </message>
    <message>
        <source>unknown command '%1'</source>
        <translation>未知命令 '%1'</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A data file was damaged</source>
        <translation>数据文件已损坏</translation>
    </message>
</context>
<context>
    <name>media</name>
    <message>
        <source>%1 registered no media factory</source>
        <translation>%1 未注册媒体工厂</translation>
    </message>
    <message>
        <source>%1 was not found beside the program or in %2</source>
        <translation>在程序所在目录和 %2 中均未找到 %1</translation>
    </message>
</context>
</TS>
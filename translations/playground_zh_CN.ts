<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
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
        <source>Give up after S seconds without a byte from the gateway.</source>
        <translation>若 S 秒内未从网关收到任何字节则放弃。</translation>
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
        <source>Answer format: url or b64_json (default: the gateway&apos;s).</source>
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
        <source>cancelled; the task goes on (stop it with &apos;task cancel&apos;)</source>
        <translation>已取消；任务仍在继续（用 &apos;task cancel&apos; 停止它）</translation>
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
        <source>Show a task&apos;s state.</source>
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
        <source>Save a completed task&apos;s clip to FILE.</source>
        <translation>将已完成任务的片段保存到 FILE。</translation>
    </message>
    <message>
        <source>List the most recent calls with their cost (--after pages forward from a call).</source>
        <translation>列出最近的调用及其费用（--after 从某次调用起向后翻页）。</translation>
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
        <source>Run &apos;bytespike-cli &lt;command&gt; --help&apos; for the options of one command.
Exit codes: 0 success, 1 usage error, 2 the gateway answered an error, 3 network error, 130 cancelled.</source>
        <translation>运行 &apos;bytespike-cli &lt;command&gt; --help&apos; 查看某个命令的选项。
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
        <source>Model %1 has no &quot;%2&quot; rate.</source>
        <translation>模型 %1 没有 &quot;%2&quot; 费率。</translation>
    </message>
    <message>
        <source>Model %1: &quot;%2&quot; is not a number.</source>
        <translation>模型 %1：&quot;%2&quot; 不是数字。</translation>
    </message>
    <message>
        <source>Model %1: &quot;%2&quot; is negative.</source>
        <translation>模型 %1：&quot;%2&quot; 为负数。</translation>
    </message>
    <message>
        <source>Model %1 has no &quot;%2&quot; rates.</source>
        <translation>模型 %1 没有 &quot;%2&quot; 费率。</translation>
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
        <source>A model entry has no &quot;model&quot; id.</source>
        <translation>某个模型条目缺少 &quot;model&quot; ID。</translation>
    </message>
    <message>
        <source>Model %1 has no &quot;modality&quot;.</source>
        <translation>模型 %1 缺少 &quot;modality&quot;。</translation>
    </message>
    <message>
        <source>Model %1 has an unknown modality &quot;%2&quot;.</source>
        <translation>模型 %1 的模态 &quot;%2&quot; 未知。</translation>
    </message>
    <message>
        <source>Model %1 has no &quot;unit&quot;.</source>
        <translation>模型 %1 缺少 &quot;unit&quot;。</translation>
    </message>
    <message>
        <source>Model %1: a %2 model is billed per &quot;%3&quot;, not &quot;%4&quot;.</source>
        <translation>模型 %1：%2 模型按 &quot;%3&quot; 计费，而不是 &quot;%4&quot;。</translation>
    </message>
    <message>
        <source>Model %1 has an unknown cancel policy &quot;%2&quot;.</source>
        <translation>模型 %1 的取消策略 &quot;%2&quot; 未知。</translation>
    </message>
    <message>
        <source>Model %1: &quot;documents_per_search&quot; must be a positive whole number.</source>
        <translation>模型 %1：&quot;documents_per_search&quot; 必须是正整数。</translation>
    </message>
    <message>
        <source>Model %1: &quot;aliases&quot; is not a list.</source>
        <translation>模型 %1：&quot;aliases&quot; 不是列表。</translation>
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
        <source>The rate card is in &quot;%1&quot;; only USD is supported.</source>
        <translation>价目表使用 &quot;%1&quot; 计价；仅支持 USD。</translation>
    </message>
    <message>
        <source>The rate card has no &quot;models&quot; list.</source>
        <translation>价目表缺少 &quot;models&quot; 列表。</translation>
    </message>
    <message>
        <source>Entry %1 of &quot;models&quot; is not an object.</source>
        <translation>&quot;models&quot; 的第 %1 项不是对象。</translation>
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
        <source>Reconcile failed: %1</source>
        <translation>对账失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Reconciled with %n usage row(s): no differences.</source>
        <translation>
            <numerusform>已与 %n 条用量记录对账：没有差异。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reconciled: %n call(s) charged differently than the gateway&apos;s usage says.</source>
        <translation>
            <numerusform>已对账：%n 次调用的扣费与网关用量记录不一致。</numerusform>
        </translation>
    </message>
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
        <source>the gateway&apos;s rate card was rejected: %1</source>
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
</context>
<context>
    <name>bsp::LedgerModel</name>
    <message>
        <source>The gateway&apos;s usage record differs from the charge shown.</source>
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
</context>
<context>
    <name>bsp::ui::ChatTab</name>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>以逗号分隔</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <source>Allow image generation</source>
        <translation>允许生成图像</translation>
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
        <source>Diff</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列数</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Column %1 ↔ column %2</source>
        <translation>第 %1 列 ↔ 第 %2 列</translation>
    </message>
    <message>
        <source>Could not load the models: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>Compare run</source>
        <translation>对比运行</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Pick a model first (the model list has not loaded).</source>
        <translation>请先选择模型（模型列表尚未加载）。</translation>
    </message>
    <message>
        <source>request %1</source>
        <translation>请求 %1</translation>
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
        <source>Input tokens of the conversation plus max tokens of output, priced with the rate card</source>
        <translation>对话的输入 token 加上最大输出 token，按价目表计价</translation>
    </message>
    <message>
        <source>Conversation total: %1</source>
        <translation>对话合计：%1</translation>
    </message>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line; paste or drop images)</source>
        <translation>消息（Enter 发送，Shift+Enter 换行；可粘贴或拖入图像）</translation>
    </message>
    <message>
        <source>Attach image…</source>
        <translation>附加图像…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
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
        <source>Export Markdown</source>
        <translation>导出 Markdown</translation>
    </message>
    <message>
        <source>Export JSON</source>
        <translation>导出 JSON</translation>
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
        <source>Compare every charge with the gateway&apos;s usage records</source>
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
        <source>Reconciling with the gateway&apos;s usage…</source>
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
        <source>Load the gateway&apos;s /v1/pricing, or the bundled card</source>
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
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.webp *.gif)</translation>
    </message>
    <message>
        <source>Could not save the image: %1</source>
        <translation>无法保存图像：%1</translation>
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
        <source>Would have cost %1 at the card&apos;s rate.</source>
        <translation>按价目表费率本应花费 %1。</translation>
    </message>
    <message>
        <source>Running task: %1 is held, not spent, until the task ends.</source>
        <translation>运行中的任务：任务结束前，%1 仅为预留，尚未花费。</translation>
    </message>
    <message>
        <source>The gateway&apos;s usage says %1, the ledger charged %2.</source>
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
        <source>Profile</source>
        <translation>配置</translation>
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
        <source>The language applies at the next start.</source>
        <translation>语言设置将在下次启动时生效。</translation>
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
        <source>the sandbox did not start: %1</source>
        <translation>沙盒未能启动：%1</translation>
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
</context>
<context>
    <name>bsp::ui::MessageView</name>
    <message>
        <source>[image that does not decode]</source>
        <translation>[无法解码的图像]</translation>
    </message>
    <message>
        <source>%1 × %2 px — click to open, zoom and save</source>
        <translation>%1 × %2 px — 点击打开、缩放和保存</translation>
    </message>
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
        <source>Paste the profile&apos;s key</source>
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
    <name>bytespike-cli</name>
    <message>
        <source>no command given</source>
        <translation>未指定命令</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>未知命令 &apos;%1&apos;</translation>
    </message>
</context>
</TS>

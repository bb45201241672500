<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppState</name>
    <message>
        <source>An attack is already running.</source>
        <extracomment>The run in progress: its records and its replay tape. Every run of the session that left a result, oldest first. Other models&apos; top-1 on the shown run&apos;s adversarial image (TransferController).</extracomment>
        <translation>已有攻击正在运行。</translation>
    </message>
    <message>
        <source>An evaluation is running: stop it in the Evaluate tab first.</source>
        <translation>评估正在运行：请先在“评估”页停止它。</translation>
    </message>
    <message>
        <source>Not ready yet: wait for the model to load.</source>
        <translation>尚未就绪：请等待模型加载完成。</translation>
    </message>
    <message>
        <source>No model is loaded: choose one in the Model box.</source>
        <translation>未加载模型：请在“模型”框中选择一个。</translation>
    </message>
    <message>
        <source>Not ready yet: wait for the image to be classified.</source>
        <translation>尚未就绪：请等待图像分类完成。</translation>
    </message>
    <message>
        <source>Not ready yet: wait for the save to finish.</source>
        <translation>尚未就绪：请等待保存完成。</translation>
    </message>
    <message>
        <source>the target &apos;{name}&apos; ({index}) is already what the model sees; choose another target class</source>
        <translation>目标“{name}”（{index}）已经是模型的预测结果；请选择另一个目标类别</translation>
    </message>
</context>
<context>
    <name>AttackController</name>
    <message>
        <source>out of GPU memory during the attack; choose the CPU as the device, or a smaller model or image</source>
        <extracomment>10 redraws a second: live to the eye, and the GUI thread&apos;s drawing stays far from the attack&apos;s CPU time (at 30 a second it cost ~22 ms of CPU per 43 ms step, 2 cores). The window&apos;s words for running out of memory during a run.</extracomment>
        <translation>攻击过程中 GPU 显存不足；请选择 CPU 作为设备，或换用更小的模型或图像</translation>
    </message>
    <message>
        <source>out of memory during the attack; try a smaller model or image</source>
        <translation>攻击过程中内存不足；请尝试更小的模型或图像</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>无法运行</translation>
    </message>
    <message>
        <source>the image</source>
        <translation>该图像</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>将在当前步完成后停止…</translation>
    </message>
    <message>
        <source>The attack failed</source>
        <translation>攻击失败</translation>
    </message>
    <message>
        <source>The attack failed.</source>
        <translation>攻击失败。</translation>
    </message>
    <message>
        <source> Save the results with Ctrl+S.</source>
        <translation>可按 Ctrl+S 保存结果。</translation>
    </message>
</context>
<context>
    <name>AttackForm</name>
    <message>
        <source>SGD on δ (the tutorial)</source>
        <translation>对 δ 做 SGD（教程做法）</translation>
    </message>
    <message>
        <source>Adam on δ</source>
        <translation>对 δ 做 Adam</translation>
    </message>
    <message>
        <source>FGSM (one step of ε)</source>
        <translation>FGSM（一步，步长为 ε）</translation>
    </message>
    <message>
        <source>PGD / BIM (signed steps)</source>
        <translation>PGD / BIM（符号梯度步）</translation>
    </message>
    <message>
        <source>MI-FGSM (momentum)</source>
        <translation>MI-FGSM（动量）</translation>
    </message>
    <message>
        <source>APGD (Auto-PGD, no step size)</source>
        <translation>APGD（Auto-PGD，无需步长）</translation>
    </message>
    <message>
        <source>DeepFool (smallest change)</source>
        <translation>DeepFool（最小扰动）</translation>
    </message>
    <message>
        <source>FMN (fast minimum norm)</source>
        <translation>FMN（快速最小范数）</translation>
    </message>
    <message>
        <source>Square (scores only, no gradient)</source>
        <translation>Square（仅用分数，无梯度）</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>C&amp;W logit margin</source>
        <translation>C&amp;W logit 间隔</translation>
    </message>
    <message>
        <source>DLR (difference of logits ratio)</source>
        <translation>DLR（logit 差值比）</translation>
    </message>
    <message>
        <source>L∞ (each pixel)</source>
        <extracomment>Attacks with their own step-size schedule: the step size field does not apply. Attacks that can start from a random point of the ball.</extracomment>
        <translation>L∞（逐像素）</translation>
    </message>
    <message>
        <source>L2 (whole image)</source>
        <translation>L2（整幅图像）</translation>
    </message>
    <message>
        <source>Attack</source>
        <extracomment>Starting values when a norm or an update family is first chosen (pixel units).</extracomment>
        <translation>攻击</translation>
    </message>
    <message>
        <source>custom (edited)</source>
        <translation>自定义（已修改）</translation>
    </message>
    <message>
        <source>ε budget</source>
        <translation>ε 预算</translation>
    </message>
    <message>
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>Random start in the ε-ball</source>
        <translation>在 ε 球内随机起点</translation>
    </message>
    <message>
        <source>Stop once the goal is met</source>
        <translation>达到目标即停止</translation>
    </message>
    <message>
        <source>No ε bound (smallest change)</source>
        <translation>不限 ε（最小扰动）</translation>
    </message>
    <message>
        <source>Result: the best point found</source>
        <translation>结果：找到的最佳点</translation>
    </message>
    <message>
        <source>Survive JPEG at quality</source>
        <translation>经受 JPEG 压缩，质量</translation>
    </message>
    <message>
        <source>Attack what a JPEG of the image shows, so that the result still fools the model once saved as a JPEG of this quality; both verdicts are reported</source>
        <translation>攻击图像经 JPEG 压缩后的样子，使结果以此质量保存为 JPEG 后仍能欺骗模型；两种判定都会报告</translation>
    </message>
    <message>
        <source>JPEG quality, 1 (smallest file) to 100; 75 is a common default</source>
        <translation>JPEG 质量，1（文件最小）到 100；常用默认值为 75</translation>
    </message>
    <message>
        <source>Untargeted: any wrong class</source>
        <translation>无目标：任意错误类别</translation>
    </message>
    <message>
        <source>Targeted: reach a chosen class</source>
        <translation>有目标：达到选定类别</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新方式</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Norm</source>
        <translation>范数</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Overshoot</source>
        <translation>超调量</translation>
    </message>
    <message>
        <source>Candidate classes</source>
        <translation>候选类别数</translation>
    </message>
    <message>
        <source>Initial square</source>
        <translation>初始方块</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Target class</source>
        <translation>目标类别</translation>
    </message>
    <message>
        <source>choose a target class, or set the goal to untargeted</source>
        <translation>请选择目标类别，或将目标设为无目标</translation>
    </message>
    <message>
        <source>ε budget (L∞)</source>
        <translation>ε 预算（L∞）</translation>
    </message>
    <message>
        <source>Largest change of any pixel, in 1/255 (the tutorial: 2/255)</source>
        <translation>任一像素的最大变化，单位 1/255（教程：2/255）</translation>
    </message>
    <message>
        <source>ε radius (L2)</source>
        <translation>ε 半径（L2）</translation>
    </message>
    <message>
        <source>Euclidean length of the whole change, pixels in [0, 1] (not 1/255 units)</source>
        <translation>整体变化的欧氏长度，像素取值 [0, 1]（不是 1/255 单位）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Step size (L∞)</source>
        <translation>步长（L∞）</translation>
    </message>
    <message>
        <source>Step size (L2)</source>
        <translation>步长（L2）</translation>
    </message>
    <message>
        <source>Queries</source>
        <translation>查询次数</translation>
    </message>
    <message>
        <source>This attack always keeps its best point</source>
        <translation>该攻击总是保留其最佳点</translation>
    </message>
    <message>
        <source>Keep, per image, the point that met the goal with the highest objective</source>
        <translation>对每幅图像，保留达到目标且目标函数最高的点</translation>
    </message>
    <message>
        <source>FGSM takes exactly one step of size ε</source>
        <translation>FGSM 恰好走一步，步长为 ε</translation>
    </message>
    <message>
        <source>How many times the model is asked (at most, if it stops early)</source>
        <translation>向模型查询的次数（提前停止时为上限）</translation>
    </message>
    <message>
        <source>How many steps the attack takes (at most, if it stops early)</source>
        <translation>攻击的步数（提前停止时为上限）</translation>
    </message>
    <message>
        <source>This attack sets its own step size</source>
        <translation>该攻击自行设定步长</translation>
    </message>
    <message>
        <source>The optimiser&apos;s learning rate on δ (the tutorial: 0.1, then 5e-3)</source>
        <translation>优化器对 δ 的学习率（教程：0.1，定向攻击为 5e-3）</translation>
    </message>
    <message>
        <source>How far each step moves δ</source>
        <translation>每一步使 δ 移动的距离</translation>
    </message>
    <message>
        <source>A ready-made recipe: the tutorial&apos;s two attacks and the standard ones; editing a field makes it custom</source>
        <translation>现成的配置：教程中的两种攻击以及常用的标准攻击；修改任一字段即变为“自定义”</translation>
    </message>
    <message>
        <source>The attack: how δ changes at each step</source>
        <translation>攻击方法：每一步如何更新 δ</translation>
    </message>
    <message>
        <source>What the attack pushes on: the cross-entropy of the class it moves away from, or the margin between it and the best other class</source>
        <translation>攻击所优化的目标：要远离的类别的交叉熵，或该类别与其余最高类别之间的间隔（margin）</translation>
    </message>
    <message>
        <source>How the size of δ is measured: L∞, the largest change of any pixel, or L2, the Euclidean length of the whole change</source>
        <translation>δ 大小的度量：L∞ 为单个像素的最大变化，L2 为整个变化的欧氏长度</translation>
    </message>
    <message>
        <source>Minimal-norm attacks: look for the smallest δ that fools the model, no ε limit</source>
        <translation>最小范数攻击：寻找能欺骗模型的最小 δ，不设 ε 上限</translation>
    </message>
    <message>
        <source>Begin at a random point of the ε-ball instead of the clean image</source>
        <translation>从 ε 球内的随机点开始，而不是从原始图像开始</translation>
    </message>
    <message>
        <source>The random numbers&apos; seed: the same seed gives the same run</source>
        <translation>随机数种子：相同的种子得到相同的运行</translation>
    </message>
    <message>
        <source>End the run at the first step that meets the goal</source>
        <translation>在第一个达到目标的步结束运行</translation>
    </message>
    <message>
        <source>MI-FGSM: how much of the previous steps&apos; gradient each step keeps (1.0)</source>
        <translation>MI-FGSM：每一步保留多少之前各步的梯度（1.0）</translation>
    </message>
    <message>
        <source>DeepFool: how far past the nearest class boundary each step goes (0.02)</source>
        <translation>DeepFool：每一步越过最近类别边界的幅度（0.02）</translation>
    </message>
    <message>
        <source>DeepFool: how many of the most likely classes it may cross to</source>
        <translation>DeepFool：可越界到的最可能类别的个数</translation>
    </message>
    <message>
        <source>Square Attack: the first square&apos;s share of the image&apos;s pixels (0.05)</source>
        <translation>Square Attack：第一个方块占图像像素的比例（0.05）</translation>
    </message>
    <message>
        <source>Untargeted: any wrong class will do. Targeted: make the model say the target class</source>
        <translation>非定向：任何错误类别均可。定向：让模型输出目标类别</translation>
    </message>
    <message>
        <source>The class a targeted attack aims for: type a name or an index (404 airliner)</source>
        <translation>定向攻击的目标类别：输入类别名或编号（如 404 airliner）</translation>
    </message>
    <message>
        <source>Settings edited by hand.</source>
        <translation>设置已手动修改。</translation>
    </message>
</context>
<context>
    <name>Backend</name>
    <message>
        <source>, centre crop</source>
        <translation>，中心裁剪</translation>
    </message>
    <message>
        <source>{name}: {iw}×{ih}, model sees {w}×{h}{crop}</source>
        <translation>{name}：{iw}×{ih}，模型看到 {w}×{h}{crop}</translation>
    </message>
</context>
<context>
    <name>ClassCombo</name>
    <message>
        <source>type a class name or index</source>
        <translation>输入类别名称或编号</translation>
    </message>
</context>
<context>
    <name>CurvesPane</name>
    <message>
        <source>Curves</source>
        <extracomment>Below this width (px) the curves and the runs are tabs.</extracomment>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
</context>
<context>
    <name>DeltaMode</name>
    <message>
        <source>Amplified (k·δ + 0.5)</source>
        <extracomment>``DeltaMode.label``&apos;s texts (``gui.delta_maps`` stays NumPy-only), for lupdate.</extracomment>
        <translation>放大（k·δ + 0.5）</translation>
    </message>
    <message>
        <source>|δ| heat map</source>
        <translation>|δ| 热力图</translation>
    </message>
    <message>
        <source>Red channel δ</source>
        <translation>红色通道 δ</translation>
    </message>
    <message>
        <source>Green channel δ</source>
        <translation>绿色通道 δ</translation>
    </message>
    <message>
        <source>Blue channel δ</source>
        <translation>蓝色通道 δ</translation>
    </message>
    <message>
        <source>Histogram of δ</source>
        <translation>δ 直方图</translation>
    </message>
</context>
<context>
    <name>DeltaViews</name>
    <message>
        <source>δ of the red channel: blue lowers it, red raises it (1/255)</source>
        <extracomment>The caption under one channel&apos;s δ, by channel (red, green, blue).</extracomment>
        <translation>红色通道的 δ：蓝色表示降低，红色表示升高（1/255）</translation>
    </message>
    <message>
        <source>δ of the green channel: blue lowers it, red raises it (1/255)</source>
        <translation>绿色通道的 δ：蓝色表示降低，红色表示升高（1/255）</translation>
    </message>
    <message>
        <source>δ of the blue channel: blue lowers it, red raises it (1/255)</source>
        <translation>蓝色通道的 δ：蓝色表示降低，红色表示升高（1/255）</translation>
    </message>
    <message>
        <source>values</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>How the perturbation δ is drawn</source>
        <translation>扰动 δ 的显示方式</translation>
    </message>
    <message>
        <source>Every pixel&apos;s δ in each channel (red, green, blue), in 1/255 levels</source>
        <translation>每个像素在各通道（红、绿、蓝）的 δ，单位 1/255</translation>
    </message>
    <message>
        <source>|δ| of each pixel: the largest of its R, G, B changes, in 1/255</source>
        <translation>每个像素的 |δ|：其 R、G、B 变化中的最大值，单位 1/255</translation>
    </message>
    <message>
        <source>{k}·δ + 0.5, gray = unchanged</source>
        <translation>{k}·δ + 0.5，灰色表示无变化</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Weights (*.pth *.pt *.safetensors)</source>
        <translation>权重 (*.pth *.pt *.safetensors)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>PNG image, 300 dpi (*.png)</source>
        <extracomment>The figure&apos;s formats, as File ▸ Export figure offers them (the first is the default).</extracomment>
        <translation>PNG 图像，300 dpi (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Weights not available</source>
        <translation>权重不可用</translation>
    </message>
    <message>
        <source>The weights file for {model} cannot be used.</source>
        <translation>{model} 的权重文件无法使用。</translation>
    </message>
    <message>
        <source>The weights for {model} are not on this computer and could not be downloaded.</source>
        <translation>{model} 的权重不在本机上，且无法下载。</translation>
    </message>
    <message>
        <source>Load a weights file you have on disk (.pth or .safetensors), or use the offline model, whose weights come with advgui.</source>
        <translation>请加载本机上已有的权重文件（.pth 或 .safetensors），或使用离线模型，其权重随 advgui 一起提供。</translation>
    </message>
    <message>
        <source>Load weights file…</source>
        <translation>加载权重文件…</translation>
    </message>
    <message>
        <source>Use offline model</source>
        <translation>使用离线模型</translation>
    </message>
    <message>
        <source>Saved {count} files in {folder}.</source>
        <translation>已将 {count} 个文件保存到 {folder}。</translation>
    </message>
    <message>
        <source>Results saved</source>
        <translation>结果已保存</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Watch, step by step, how an image classifier is fooled by a small perturbation.</source>
        <translation>逐步观察图像分类器如何被一个微小的扰动欺骗。</translation>
    </message>
    <message>
        <source>Ctrl+O open · Ctrl+R run · Esc stop · Ctrl+S save · drop an image on the window to open it.</source>
        <translation>Ctrl+O 打开 · Ctrl+R 运行 · Esc 停止 · Ctrl+S 保存 · 将图像拖放到窗口上即可打开。</translation>
    </message>
    <message>
        <source>About advgui</source>
        <translation>关于 advgui</translation>
    </message>
    <message>
        <source>Download the weights for {model}? Their size is not known.</source>
        <translation>要下载 {model} 的权重吗？其大小未知。</translation>
    </message>
    <message>
        <source>Download the weights for {model} ({size} MB)?</source>
        <translation>要下载 {model} 的权重（{size} MB）吗？</translation>
    </message>
    <message>
        <source>They will be stored in {folder}; from then on {model} loads without a download.</source>
        <translation>权重将保存在 {folder} 中；此后加载 {model} 无需再下载。</translation>
    </message>
    <message>
        <source>Download weights?</source>
        <translation>下载权重？</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>{folder} already holds:
{names}

Replace them?</source>
        <translation>{folder} 中已有：
{names}

要替换它们吗？</translation>
    </message>
    <message>
        <source>Replace files?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>The Runs list holds 1 run that was not saved; it is lost when advgui quits.</source>
        <translation>“运行记录”列表中有 1 次运行尚未保存；advgui 退出后它将丢失。</translation>
    </message>
    <message>
        <source>The Runs list holds {count} runs that were not saved; they are lost when advgui quits.</source>
        <translation>“运行记录”列表中有 {count} 次运行尚未保存；advgui 退出后它们将丢失。</translation>
    </message>
    <message>
        <source>Quit advgui?</source>
        <translation>退出 advgui？</translation>
    </message>
    <message>
        <source>Quit without saving</source>
        <translation>不保存并退出</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Save results</source>
        <translation>保存结果</translation>
    </message>
    <message>
        <source>Weights file for {model}</source>
        <translation>{model} 的权重文件</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Export curves as CSV</source>
        <translation>将曲线导出为 CSV</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>class index {index} is out of range 0-{last}</source>
        <translation>类别编号 {index} 超出范围 0-{last}</translation>
    </message>
    <message>
        <source>empty class name</source>
        <translation>类别名称为空</translation>
    </message>
    <message>
        <source>no ImageNet class matches {text}</source>
        <translation>没有与 {text} 匹配的 ImageNet 类别</translation>
    </message>
    <message>
        <source>{text} matches several classes: {classes} and {more} more</source>
        <translation>{text} 匹配多个类别：{classes} 等，另有 {more} 个</translation>
    </message>
    <message>
        <source>{text} matches several classes: {classes}</source>
        <translation>{text} 匹配多个类别：{classes}</translation>
    </message>
    <message>
        <source>{name}: a PostScript/EPS file, not a supported image format (advgui reads {formats})</source>
        <extracomment>Largest image accepted, in pixels (Pillow&apos;s default ``Image.MAX_IMAGE_PIXELS``). Most scans accepted in a JPEG. Encoders write 1 (baseline) to about 10-20 (progressive); each costs a pass over the image, about 7 ms per 64 Mpx. Formats refused by name, told by their first bytes, so that the message says what the file is (it often has an image&apos;s name): one whole sentence each, to translate.</extracomment>
        <translation>{name}：这是 PostScript/EPS 文件，不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: an EPS file, not a supported image format (advgui reads {formats})</source>
        <translation>{name}：这是 EPS 文件，不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: a PDF file, not a supported image format (advgui reads {formats})</source>
        <translation>{name}：这是 PDF 文件，不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: a FITS file, not a supported image format (advgui reads {formats})</source>
        <translation>{name}：这是 FITS 文件，不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: a gzip-compressed file, not a supported image format (advgui reads {formats})</source>
        <translation>{name}：这是 gzip 压缩文件，不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: a JPEG 2000 file, not a supported image format (advgui reads {formats})</source>
        <translation>{name}：这是 JPEG 2000 文件，不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: a Photoshop (PSD) file, not a supported image format (advgui reads {formats})</source>
        <translation>{name}：这是 Photoshop（PSD）文件，不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: not an image, or not a supported image format (advgui reads {formats})</source>
        <translation>{name}：不是图像，或不是支持的图像格式（advgui 可读取 {formats}）</translation>
    </message>
    <message>
        <source>{name}: cannot open it</source>
        <extracomment>Exceptions Pillow&apos;s decoders raise for files they cannot read.</extracomment>
        <translation>{name}：无法打开</translation>
    </message>
    <message>
        <source>{name}: too many pixels (refused as a decompression bomb)</source>
        <translation>{name}：像素过多（作为解压炸弹被拒绝）</translation>
    </message>
    <message>
        <source>{name}: not enough memory to decode this image</source>
        <translation>{name}：内存不足，无法解码此图像</translation>
    </message>
    <message>
        <source>{name}: truncated or damaged image</source>
        <translation>{name}：图像被截断或已损坏</translation>
    </message>
    <message>
        <source>{name}: cannot read image</source>
        <translation>{name}：无法读取图像</translation>
    </message>
    <message>
        <source>{name}: {width}x{height} pixels is too large (limit {limit} Mpx)</source>
        <translation>{name}：{width}x{height} 像素过大（上限 {limit} 百万像素）</translation>
    </message>
    <message>
        <source>{name}: no such file</source>
        <translation>{name}：没有这个文件</translation>
    </message>
    <message>
        <source>{name}: not a file</source>
        <translation>{name}：不是文件</translation>
    </message>
    <message>
        <source>{name}: the file is empty</source>
        <translation>{name}：文件为空</translation>
    </message>
    <message>
        <source>{name}: a JPEG with {scans} scans (at most {most}); refused, as decoding it would take a pass over the image per scan</source>
        <translation>{name}：该 JPEG 有 {scans} 次扫描（最多 {most} 次）；已拒绝，因为解码时每次扫描都要遍历整幅图像一遍</translation>
    </message>
    <message>
        <source>{name}: truncated or damaged image (its header declares {width}x{height} pixels, but it holds data for far fewer: {size} bytes)</source>
        <translation>{name}：图像被截断或已损坏（文件头声明 {width}x{height} 像素，但所含数据远远不够：{size} 字节）</translation>
    </message>
    <message>
        <source>full resolution saves one image at a time</source>
        <translation>全分辨率一次只能保存一幅图像</translation>
    </message>
    <message>
        <source>saving at full resolution needs the photo&apos;s file, and this run has none</source>
        <translation>全分辨率保存需要照片的原文件，而此次运行没有</translation>
    </message>
    <message>
        <source>{name} cannot name the saved files: choose a name such as cat.png (not empty, not starting with a dot)</source>
        <extracomment>The exact perturbation (float32 .npy) and the JSON sidecar of a save without a stem. Every file a save of one image without a stem writes, in the order it writes them. Endings taken off a chosen file name to give the stem (&quot;cat.png&quot; -&gt; &quot;cat&quot;).</extracomment>
        <translation>{name} 不能用作保存文件的名称：请选择类似 cat.png 的名称（不能为空，不能以点开头）</translation>
    </message>
    <message>
        <source>unknown attack {value}; choose one of: {choices}</source>
        <extracomment>Attacks whose result is the smallest adversarial perturbation they found. Attacks that always keep their best point (APGD by its paper, the minimal-norm ones). Largest step size accepted: the largest float32 number. Attacks compute in float32, where anything larger is infinity (and infinity times zero is NaN). Largest seed accepted: torch&apos;s generators take 64-bit unsigned seeds. Largest L2 radius accepted: the L2 norm of a full-range 3x224x224 change is about 388, but a radius past this is no longer an &quot;imperceptible&quot; attack in any sense. What an unknown attack, loss or norm is told (one sentence each, to translate).</extracomment>
        <translation>未知的攻击 {value}；请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>unknown loss {value}; choose one of: {choices}</source>
        <translation>未知的损失函数 {value}；请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>unknown norm {value}; choose one of: {choices}</source>
        <translation>未知的范数 {value}；请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>{attack} needs eps; only the minimal-norm attacks (deepfool, fmn) can run without a bound</source>
        <translation>{attack} 需要 eps；只有最小范数攻击（deepfool、fmn）可以不设上界运行</translation>
    </message>
    <message>
        <source>DeepFool is untargeted: to reach a chosen class, use FMN or APGD with a target</source>
        <translation>DeepFool 是无目标攻击：要达到选定的类别，请使用带目标类别的 FMN 或 APGD</translation>
    </message>
    <message>
        <source>keep best must be true or false, got {value}</source>
        <translation>“保留最佳”必须为 true 或 false，实际为 {value}</translation>
    </message>
    <message>
        <source>overshoot must be in [0, 1], got {value}</source>
        <translation>overshoot 必须在 [0, 1] 之内，实际为 {value}</translation>
    </message>
    <message>
        <source>candidate classes must be a whole number from 2 to 1000, got {value}</source>
        <translation>候选类别数必须是 2 到 1000 之间的整数，实际为 {value}</translation>
    </message>
    <message>
        <source>initial square fraction must be in (0, 1], got {value}</source>
        <translation>初始方块比例必须在 (0, 1] 之内，实际为 {value}</translation>
    </message>
    <message>
        <source>the JPEG quality to survive must be a whole number from 1 to 100, got {value}</source>
        <translation>要经受的 JPEG 质量必须是 1 到 100 之间的整数，实际为 {value}</translation>
    </message>
    <message>
        <source>eps must be a positive number, got {value}</source>
        <translation>eps 必须是正数，实际为 {value}</translation>
    </message>
    <message>
        <source>L-inf eps {eps} is above 1 (pixels are in [0, 1]); write it as a fraction such as 8/255</source>
        <translation>L-inf eps {eps} 大于 1（像素值在 [0, 1] 之内）；请写成分数，例如 8/255</translation>
    </message>
    <message>
        <source>L2 eps {eps} is too large (at most {most}); L2 eps is a Euclidean radius in [0, 1] pixel units, not in 1/255 units</source>
        <translation>L2 eps {eps} 过大（最多 {most}）；L2 eps 是以 [0, 1] 像素为单位的欧几里得半径，不是以 1/255 为单位</translation>
    </message>
    <message>
        <source>step size must be a positive number, got {value}</source>
        <translation>步长必须是正数，实际为 {value}</translation>
    </message>
    <message>
        <source>step size {size} is too large: attacks compute in float32, whose largest number is {most}</source>
        <translation>步长 {size} 过大：攻击以 float32 计算，其最大数为 {most}</translation>
    </message>
    <message>
        <source>steps must be a whole number of at least 1, got {value}</source>
        <translation>步数必须是不小于 1 的整数，实际为 {value}</translation>
    </message>
    <message>
        <source>steps must be at most 100000, got {steps}</source>
        <translation>步数最多为 100000，实际为 {steps}</translation>
    </message>
    <message>
        <source>target must be a class index, got {value}</source>
        <translation>目标类别必须是类别编号，实际为 {value}</translation>
    </message>
    <message>
        <source>momentum decay must be in [0, 10], got {value}</source>
        <translation>动量衰减必须在 [0, 10] 之内，实际为 {value}</translation>
    </message>
    <message>
        <source>seed must be a non-negative whole number, got {value}</source>
        <translation>随机种子必须是非负整数，实际为 {value}</translation>
    </message>
    <message>
        <source>seed must be at most 2**64 - 1 = {most}, got {seed}</source>
        <translation>随机种子最多为 2**64 - 1 = {most}，实际为 {seed}</translation>
    </message>
    <message>
        <source>unknown preset {name}; choose one of: {choices}</source>
        <translation>未知的预设 {name}；请从以下选择：{choices}</translation>
    </message>
    <message>
        <source>not a number: {text} (use e.g. 0.01 or 2/255)</source>
        <translation>不是数字：{text}（请使用例如 0.01 或 2/255）</translation>
    </message>
    <message>
        <source>not a finite number: {text}</source>
        <translation>不是有限的数：{text}</translation>
    </message>
    <message>
        <source>{folder}: no such folder</source>
        <translation>{folder}：没有这个文件夹</translation>
    </message>
    <message>
        <source>{folder}: {names} already exist; choose another folder or overwrite</source>
        <translation>{folder}：{names} 已存在；请选择其他文件夹，或覆盖</translation>
    </message>
    <message>
        <source>{folder}: exists and is not a folder</source>
        <translation>{folder}：已存在，且不是文件夹</translation>
    </message>
    <message>
        <source>{folder}: {path} exists and is not a folder</source>
        <translation>{folder}：{path} 已存在，且不是文件夹</translation>
    </message>
    <message>
        <source>cannot create {folder}</source>
        <translation>无法创建 {folder}</translation>
    </message>
    <message>
        <source>cannot save in {folder}</source>
        <extracomment>Seconds a second writer waits for the folder before giving up. The lock file used where a folder itself cannot be locked. A save the operating system refused; the OS&apos;s words are the detail.</extracomment>
        <translation>无法保存到 {folder}</translation>
    </message>
    <message>
        <source>cannot lock {folder}</source>
        <translation>无法锁定 {folder}</translation>
    </message>
    <message>
        <source>{folder}: another advgui is saving into this folder; try again when it has finished</source>
        <translation>{folder}：另一个 advgui 正在向此文件夹保存；请等它完成后再试</translation>
    </message>
    <message>
        <source>{name} is not in {folder}, and there is no address to download it from</source>
        <extracomment>What the command line can do about weights it cannot get (the window has buttons).</extracomment>
        <translation>{name} 不在 {folder} 中，且没有可供下载的地址</translation>
    </message>
    <message>
        <source>cannot write to the weights cache {folder}</source>
        <translation>无法写入权重缓存 {folder}</translation>
    </message>
    <message>
        <source>download of {name} stopped after {done} of {total} bytes; try again</source>
        <translation>{name} 的下载在 {done}/{total} 字节处中断；请重试</translation>
    </message>
    <message>
        <source>downloaded {name} does not match its checksum; try again</source>
        <translation>下载的 {name} 与其校验和不符；请重试</translation>
    </message>
    <message>
        <source>{name} could not be downloaded: {reason}</source>
        <translation>无法下载 {name}：{reason}</translation>
    </message>
    <message>
        <source>cannot save {name} in {folder}</source>
        <translation>无法将 {name} 保存到 {folder}</translation>
    </message>
    <message>
        <source>{path}: not a readable weights file; delete it and download again</source>
        <translation>{path}：不是可读取的权重文件；请删除它并重新下载</translation>
    </message>
    <message>
        <source>{path}: not a readable weights file; choose a weights file for this model</source>
        <translation>{path}：不是可读取的权重文件；请为此模型选择一个权重文件</translation>
    </message>
    <message>
        <source>{path}: refused: it holds pickled objects or code, not plain weights (advgui loads only tensors, with weights_only=True)</source>
        <translation>{path}：已拒绝：其中包含 pickle 对象或代码，而不是纯权重（advgui 只加载张量，使用 weights_only=True）</translation>
    </message>
    <message>
        <source>no weights file given (the name is empty)</source>
        <translation>没有给出权重文件（名称为空）</translation>
    </message>
    <message>
        <source>{path}: no such weights file</source>
        <translation>{path}：没有这个权重文件</translation>
    </message>
    <message>
        <source>{path}: cannot open it</source>
        <translation>{path}：无法打开</translation>
    </message>
    <message>
        <source>{path}: no such weights file (it is a folder)</source>
        <translation>{path}：没有这个权重文件（它是文件夹）</translation>
    </message>
    <message>
        <source>{path}: no such weights file (not a regular file)</source>
        <translation>{path}：没有这个权重文件（不是普通文件）</translation>
    </message>
    <message>
        <source>{path}: holds no state dict of weights</source>
        <translation>{path}：不含权重的 state dict</translation>
    </message>
    <message>
        <source>{path}: entry {key} is not a tensor; not a weights file</source>
        <translation>{path}：条目 {key} 不是张量；这不是权重文件</translation>
    </message>
    <message>
        <source>{path}: weights are for a different architecture than {model} ({missing} missing, {unexpected} unexpected entries, e.g. {example})</source>
        <translation>{path}：这些权重属于与 {model} 不同的网络结构（缺少 {missing} 个条目，多出 {unexpected} 个条目，例如 {example}）</translation>
    </message>
    <message>
        <source>{path}: {key} has shape {shape} but {model} needs {needed} (a different number of classes?)</source>
        <translation>{path}：{key} 的形状为 {shape}，但 {model} 需要 {needed}（类别数不同？）</translation>
    </message>
    <message>
        <source>{path}: {key} has shape {shape} but {model} needs {needed}</source>
        <translation>{path}：{key} 的形状为 {shape}，但 {model} 需要 {needed}</translation>
    </message>
    <message>
        <source>{path}: {key} holds NaN or infinite values; the file is damaged</source>
        <translation>{path}：{key} 含有 NaN 或无穷大的值；文件已损坏</translation>
    </message>
    <message>
        <source>{path}: {key} is a meta tensor, which holds no values; not usable weights</source>
        <translation>{path}：{key} 是 meta 张量，不含任何值；不是可用的权重</translation>
    </message>
    <message>
        <source>{path}: {key} is a sparse tensor ({what}); not usable weights</source>
        <translation>{path}：{key} 是稀疏张量（{what}）；不是可用的权重</translation>
    </message>
    <message>
        <source>{path}: {key} is a quantized tensor ({what}); not usable weights</source>
        <translation>{path}：{key} 是量化张量（{what}）；不是可用的权重</translation>
    </message>
    <message>
        <source>{path}: {key} holds complex numbers; not usable weights</source>
        <translation>{path}：{key} 含有复数；不是可用的权重</translation>
    </message>
    <message>
        <source>{path}: {key} has dtype {what}, but {model} needs floating point; not usable weights</source>
        <extracomment>A tensor of the wrong kind, by the kind the model needs (one sentence each).</extracomment>
        <translation>{path}：{key} 的数据类型为 {what}，但 {model} 需要浮点数；不是可用的权重</translation>
    </message>
    <message>
        <source>{path}: {key} has dtype {what}, but {model} needs true/false values; not usable weights</source>
        <translation>{path}：{key} 的数据类型为 {what}，但 {model} 需要布尔值；不是可用的权重</translation>
    </message>
    <message>
        <source>{path}: {key} has dtype {what}, but {model} needs whole numbers; not usable weights</source>
        <translation>{path}：{key} 的数据类型为 {what}，但 {model} 需要整数；不是可用的权重</translation>
    </message>
    <message>
        <source>an input is empty: give image files or folders</source>
        <translation>有一个输入为空：请给出图像文件或文件夹</translation>
    </message>
    <message>
        <source>{path}: no such file or folder</source>
        <translation>{path}：没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>shard {text} is not K/N, e.g. 0/4 (K counts from 0)</source>
        <translation>分片 {text} 不是 K/N 的形式，例如 0/4（K 从 0 开始计数）</translation>
    </message>
    <message>
        <source>shard {text}: K counts from 0 and must be below N, e.g. 0/{n}</source>
        <translation>分片 {text}：K 从 0 开始计数，且必须小于 N，例如 0/{n}</translation>
    </message>
    <message>
        <source>labels file {path} cannot be read</source>
        <translation>无法读取标签文件 {path}</translation>
    </message>
    <message>
        <source>labels file {path} is not UTF-8 text</source>
        <translation>标签文件 {path} 不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>labels file {path}, line {line}: need file,class</source>
        <translation>标签文件 {path} 第 {line} 行：应为 file,class（文件,类别）</translation>
    </message>
    <message>
        <source>labels file {path}, line {line}: {problem}</source>
        <translation>标签文件 {path} 第 {line} 行：{problem}</translation>
    </message>
</context>
<context>
    <name>EvalState</name>
    <message>
        <source>An evaluation is already running.</source>
        <translation>已有一个评估正在运行。</translation>
    </message>
    <message>
        <source>An attack is running in the Attack tab: stop it first.</source>
        <translation>“攻击”页中有攻击正在运行：请先停止它。</translation>
    </message>
    <message>
        <source>Not ready yet: wait for the model to load.</source>
        <translation>尚未就绪：请等待模型加载完成。</translation>
    </message>
    <message>
        <source>No model is loaded: choose one in the Model box.</source>
        <translation>未加载模型：请在“模型”框中选择一个。</translation>
    </message>
    <message>
        <source>Choose a folder of images first, or drop one on this tab.</source>
        <translation>请先选择一个图像文件夹，或将其拖放到此页。</translation>
    </message>
    <message>
        <source>Not ready yet: counting the images…</source>
        <translation>尚未就绪：正在统计图像…</translation>
    </message>
    <message>
        <source>There are no image files in the folder chosen.</source>
        <translation>所选文件夹中没有图像文件。</translation>
    </message>
    <message>
        <source>{model} is the model under attack; untick it under Transfer.</source>
        <translation>{model} 是被攻击的模型；请在“迁移到”中取消勾选它。</translation>
    </message>
    <message>
        <source>Attack tab: {problem}</source>
        <translation>“攻击”页：{problem}</translation>
    </message>
</context>
<context>
    <name>EvalTable</name>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Clean</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Smallest ε</source>
        <translation>最小 ε</translation>
    </message>
</context>
<context>
    <name>EvaluateController</name>
    <message>
        <source>out of GPU memory during the evaluation; choose the CPU as the device, or fewer images per batch</source>
        <extracomment>The curve and the figures are redrawn at most this often during a run. What a run that ran out of memory says (translated when said).</extracomment>
        <translation>评估时 GPU 显存不足；请选择 CPU 作为设备，或减少每批图像数</translation>
    </message>
    <message>
        <source>out of memory during the evaluation; try fewer images per batch</source>
        <translation>评估时内存不足；请尝试减少每批图像数</translation>
    </message>
    <message>
        <source>Starting the evaluation of {model}…</source>
        <extracomment>Transfer models loaded by earlier runs, by (name, device) (the attack view&apos;s transfer check uses them too).</extracomment>
        <translation>正在开始评估 {model}…</translation>
    </message>
    <message>
        <source>Not started: the results shown are kept. Export them first.</source>
        <translation>未开始：当前显示的结果已保留。请先导出它们。</translation>
    </message>
    <message>
        <source>Stopping: the images finished so far are kept…</source>
        <translation>正在停止：已完成的图像会保留…</translation>
    </message>
    <message>
        <source>Evaluating {model} on 1 image… Stop ends the run within one attack step.</source>
        <translation>正在用 1 张图像评估 {model}… 按“停止”可在一步攻击内结束运行。</translation>
    </message>
    <message>
        <source>Evaluating {model} on {count} images… Stop ends the run within one attack step.</source>
        <translation>正在用 {count} 张图像评估 {model}… 按“停止”可在一步攻击内结束运行。</translation>
    </message>
    <message>
        <source>The evaluation failed</source>
        <translation>评估失败</translation>
    </message>
    <message>
        <source>nothing to export yet: run an evaluation first</source>
        <translation>尚无可导出的内容：请先运行一次评估</translation>
    </message>
    <message>
        <source>Not exported: the files there were kept.</source>
        <translation>未导出：该文件夹中已有的文件保持不变。</translation>
    </message>
    <message>
        <source>Exporting into {folder}…</source>
        <translation>正在导出到 {folder}…</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>{image} was skipped: {reason}</source>
        <translation>{image} 已被跳过：{reason}</translation>
    </message>
</context>
<context>
    <name>EvaluateDialogs</name>
    <message>
        <source>Folder of images to evaluate</source>
        <translation>要评估的图像文件夹</translation>
    </message>
    <message>
        <source>Labels: a CSV file of file,class rows</source>
        <translation>标签：每行为 文件,类别 的 CSV 文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The results of 1 file were not exported; a new run replaces them.

Run anyway?</source>
        <translation>1 个文件的结果尚未导出；新的运行会替换它们。

仍要运行吗？</translation>
    </message>
    <message>
        <source>The results of {files} files were not exported; a new run replaces them.

Run anyway?</source>
        <translation>{files} 个文件的结果尚未导出；新的运行会替换它们。

仍要运行吗？</translation>
    </message>
    <message>
        <source>Replace the results?</source>
        <translation>替换结果？</translation>
    </message>
    <message>
        <source>Export the evaluation into folder</source>
        <translation>将评估导出到文件夹</translation>
    </message>
</context>
<context>
    <name>EvaluateForm</name>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>A folder of images (searched with its subfolders)</source>
        <translation>一个图像文件夹（包括其子文件夹）</translation>
    </message>
    <message>
        <source>Labels…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <source>A CSV file of file,class rows (the class as an index or a name; the file by its path in the folder or its bare name)</source>
        <translation>每行为 文件,类别 的 CSV 文件（类别为编号或名称；文件为其在文件夹中的路径或文件名）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Label by folder names, else by the model&apos;s prediction</source>
        <translation>按文件夹名标注，否则按模型的预测</translation>
    </message>
    <message>
        <source>Attack and checks</source>
        <translation>攻击与检查</translation>
    </message>
    <message>
        <source>As set in the Attack tab</source>
        <translation>与“攻击”页的设置相同</translation>
    </message>
    <message>
        <source>The attack run on every image: the Attack tab&apos;s, or a preset</source>
        <translation>对每张图像运行的攻击：“攻击”页中的设置，或一个预设</translation>
    </message>
    <message>
        <source>e.g. 0.5, 1, 2, 4</source>
        <translation>例如 0.5, 1, 2, 4</translation>
    </message>
    <message>
        <source>The radii to attack at, separated by commas: robust accuracy is measured at each</source>
        <translation>要攻击的半径，用逗号分隔：在每个半径上测量鲁棒准确率</translation>
    </message>
    <message>
        <source>Show the adversarial images to these models too (at this model&apos;s input size)</source>
        <translation>也把对抗样本给这些模型看（按本模型的输入尺寸）</translation>
    </message>
    <message>
        <source>JPEG at quality</source>
        <translation>JPEG 质量</translation>
    </message>
    <message>
        <source>Show the adversarial images to the model again after a JPEG round trip</source>
        <translation>对抗样本经 JPEG 压缩再解压后，再给模型看一次</translation>
    </message>
    <message>
        <source>e.g. 95, 75</source>
        <translation>例如 95, 75</translation>
    </message>
    <message>
        <source>JPEG qualities from 1 to 100, separated by commas</source>
        <translation>JPEG 质量，1 到 100，用逗号分隔</translation>
    </message>
    <message>
        <source>Find each image&apos;s smallest ε</source>
        <translation>求每幅图像的最小 ε</translation>
    </message>
    <message>
        <source>Bisection between the radii that bracket it, to 1/16 of itself (more attacks)</source>
        <translation>在夹住它的两个半径间二分，精度为其 1/16（攻击次数更多）</translation>
    </message>
    <message>
        <source>Images attacked together (faster on a GPU)</source>
        <translation>同时攻击的图像数（在 GPU 上更快）</translation>
    </message>
    <message>
        <source>Attack</source>
        <translation>攻击</translation>
    </message>
    <message>
        <source>Radii ε</source>
        <translation>半径 ε</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>迁移到</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Run evaluation</source>
        <translation>运行评估</translation>
    </message>
    <message>
        <source>Attack every image at every radius and tabulate the verdicts</source>
        <translation>在每个半径上攻击每张图像，并将结果列成表格</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop within one attack step; the images done are kept</source>
        <translation>在一步攻击内停止；已完成的图像会保留</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write results.jsonl, run.json, summary.json, summary.csv and robust_accuracy.png</source>
        <translation>写出 results.jsonl、run.json、summary.json、summary.csv 和 robust_accuracy.png</translation>
    </message>
    <message>
        <source>Labels: folder names, else the model&apos;s prediction</source>
        <translation>标签：文件夹名，否则为模型的预测</translation>
    </message>
    <message>
        <source>A folder named after a class (285/, Egyptian_cat/) labels the images in it; other images are labelled with the model&apos;s clean prediction</source>
        <translation>以类别命名的文件夹（285/、Egyptian_cat/）为其中图像提供标签；其他图像以模型对原图的预测为标签</translation>
    </message>
    <message>
        <source>no evaluation yet</source>
        <translation>尚未评估</translation>
    </message>
</context>
<context>
    <name>EvaluatePresent</name>
    <message>
        <source>Label from the labels file</source>
        <extracomment>The label column&apos;s tip, by the row&apos;s ``label_source``.</extracomment>
        <translation>标签来自标签文件</translation>
    </message>
    <message>
        <source>Label from the name of its folder</source>
        <translation>标签来自其所在文件夹的名称</translation>
    </message>
    <message>
        <source>Label: the model&apos;s clean prediction (no label given)</source>
        <translation>标签：模型对原始图像的预测（未给出标签）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>The file, and a thumbnail of what the model sees (double-click: open it)</source>
        <translation>文件，以及模型所见内容的缩略图（双击：打开）</translation>
    </message>
    <message>
        <source>The class the image is judged against</source>
        <translation>评判该图像所依据的类别</translation>
    </message>
    <message>
        <source>The model&apos;s prediction on the clean image</source>
        <translation>模型对原始图像的预测</translation>
    </message>
    <message>
        <source>The smallest ε that fooled the model</source>
        <translation>欺骗了模型的最小 ε</translation>
    </message>
    <message>
        <source>The model on the adversarial image at ε {eps}</source>
        <translation>模型对 ε {eps} 下的对抗样本的判断</translation>
    </message>
    <message>
        <source>The smallest ε whose adversarial image fools {model} too</source>
        <translation>其对抗样本也能欺骗 {model} 的最小 ε</translation>
    </message>
    <message>
        <source>The smallest ε whose adversarial image still fools the model after JPEG at quality {quality}</source>
        <translation>其对抗样本经质量为 {quality} 的 JPEG 压缩后仍能欺骗模型的最小 ε</translation>
    </message>
    <message>
        <source>skipped: {reason}</source>
        <translation>已跳过：{reason}</translation>
    </message>
    <message>
        <source>The model gets it right: {name} {prob}</source>
        <translation>模型判断正确：{name} {prob}</translation>
    </message>
    <message>
        <source>class {index}</source>
        <translation>类别 {index}</translation>
    </message>
    <message>
        <source>Misclassified clean: not robust at any ε</source>
        <translation>原始图像即被误分类：在任何 ε 下都不鲁棒</translation>
    </message>
    <message>
        <source>Misclassified clean: fooled without any change</source>
        <translation>原始图像即被误分类：无需任何改动即被欺骗</translation>
    </message>
    <message>
        <source>Found by bisection, to 1/16 of itself</source>
        <translation>由二分法求得，精度为其自身的 1/16</translation>
    </message>
    <message>
        <source>The smallest ε tried that fooled it</source>
        <translation>所试 ε 中欺骗了模型的最小值</translation>
    </message>
    <message>
        <source>Not fooled at any ε tried</source>
        <translation>所试的任何 ε 下都未被欺骗</translation>
    </message>
    <message>
        <source>Not attacked: the model gets it wrong already</source>
        <translation>未攻击：模型本来就判断错误</translation>
    </message>
    <message>
        <source>{steps} steps, |δ|∞ {linf}/255, |δ|₂ {l2}</source>
        <translation>{steps} 步，|δ|∞ {linf}/255，|δ|₂ {l2}</translation>
    </message>
    <message>
        <source>Fooled: the model sees {seen}; {steps}</source>
        <translation>已被欺骗：模型看到 {seen}；{steps}</translation>
    </message>
    <message>
        <source>Robust: the model still sees {seen}; {steps}</source>
        <translation>鲁棒：模型仍看到 {seen}；{steps}</translation>
    </message>
    <message>
        <source>✓ robust</source>
        <translation>✓ 鲁棒</translation>
    </message>
    <message>
        <source>{model} gets the clean image wrong already</source>
        <translation>{model} 对原始图像本来就判断错误</translation>
    </message>
    <message>
        <source>The attack transfers to {model}</source>
        <translation>攻击可迁移到 {model}</translation>
    </message>
    <message>
        <source>The attack did not fool the model itself</source>
        <translation>攻击未能欺骗被攻击的模型本身</translation>
    </message>
    <message>
        <source>{model} resists the adversarial images</source>
        <translation>{model} 抵御住了对抗样本</translation>
    </message>
    <message>
        <source>✓ resists</source>
        <translation>✓ 抵御</translation>
    </message>
    <message>
        <source>✗ at {eps}</source>
        <translation>✗ 于 {eps}</translation>
    </message>
    <message>
        <source>The attack did not fool the model</source>
        <translation>攻击未能欺骗模型</translation>
    </message>
    <message>
        <source>Still fooled after JPEG at quality {quality}</source>
        <translation>经质量为 {quality} 的 JPEG 压缩后仍被欺骗</translation>
    </message>
    <message>
        <source>JPEG at quality {quality} undoes every adversarial image</source>
        <translation>质量为 {quality} 的 JPEG 压缩使所有对抗样本失效</translation>
    </message>
    <message>
        <source>✓ undone</source>
        <translation>✓ 已失效</translation>
    </message>
    <message>
        <source>ε (L∞, in 1/255)</source>
        <translation>ε（L∞，单位 1/255）</translation>
    </message>
    <message>
        <source>ε (L2, pixel units)</source>
        <translation>ε（L2，像素单位）</translation>
    </message>
    <message>
        <source>one step</source>
        <translation>一步</translation>
    </message>
    <message>
        <source>{steps} queries</source>
        <translation>{steps} 次查询</translation>
    </message>
    <message>
        <source>{steps} steps, learning rate {rate}</source>
        <translation>{steps} 步，学习率 {rate}</translation>
    </message>
    <message>
        <source>{steps} steps of {size}</source>
        <translation>{steps} 步，步长 {size}</translation>
    </message>
    <message>
        <source>{steps} steps</source>
        <translation>{steps} 步</translation>
    </message>
    <message>
        <source>{loss} loss</source>
        <translation>{loss} 损失</translation>
    </message>
    <message>
        <source>random start</source>
        <translation>随机起点</translation>
    </message>
    <message>
        <source>target class {target}</source>
        <translation>目标类别 {target}</translation>
    </message>
    <message>
        <source>{each} per file · {left} left</source>
        <translation>每个文件 {each} · 剩余 {left}</translation>
    </message>
    <message>
        <source>No folder chosen: choose one, or drop a folder or images on this tab.</source>
        <translation>未选择文件夹：请选择一个，或将文件夹或图像拖放到此页。</translation>
    </message>
    <message>
        <source>Counting the images…</source>
        <translation>正在统计图像…</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图像</translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation>{n} 张图像</translation>
    </message>
    <message>
        <source>{images} (1 other file, skipped)</source>
        <translation>{images}（另有 1 个其他文件，已跳过）</translation>
    </message>
    <message>
        <source>{images} ({n} other files, skipped)</source>
        <translation>{images}（另有 {n} 个其他文件，已跳过）</translation>
    </message>
    <message>
        <source>clean accuracy {accuracy}</source>
        <translation>原始图像准确率 {accuracy}</translation>
    </message>
    <message>
        <source>Robust accuracy — {figures}</source>
        <translation>鲁棒准确率 — {figures}</translation>
    </message>
    <message>
        <source>beyond the largest ε</source>
        <translation>超出最大的 ε</translation>
    </message>
    <message>
        <source>Robust accuracy — {figures} · median smallest ε {median}</source>
        <translation>鲁棒准确率 — {figures} · 最小 ε 的中位数 {median}</translation>
    </message>
    <message>
        <source>The evaluation failed after 1 file.</source>
        <translation>评估在 1 个文件后失败。</translation>
    </message>
    <message>
        <source>The evaluation failed after {done} files.</source>
        <translation>评估在 {done} 个文件后失败。</translation>
    </message>
    <message>
        <source>Stopped after {done} of {total} files ({took}).</source>
        <translation>已在 {done} / {total} 个文件后停止（{took}）。</translation>
    </message>
    <message>
        <source>Done: 1 image in {took}.</source>
        <translation>完成：1 张图像，用时 {took}。</translation>
    </message>
    <message>
        <source>Done: {images} images in {took}.</source>
        <translation>完成：{images} 张图像，用时 {took}。</translation>
    </message>
    <message>
        <source>{head} No image was classified right. Export the results from the Evaluate tab.</source>
        <translation>{head}没有图像被正确分类。请在“评估”页导出结果。</translation>
    </message>
    <message>
        <source>{head} Robust accuracy at {eps}: {accuracy}. Export the results from the Evaluate tab.</source>
        <translation>{head}在 {eps} 处的鲁棒准确率：{accuracy}。请在“评估”页导出结果。</translation>
    </message>
    <message>
        <source>Nothing exported.</source>
        <translation>未导出任何内容。</translation>
    </message>
    <message>
        <source>Exported into {folder}: {names}.</source>
        <translation>已导出到 {folder}：{names}。</translation>
    </message>
</context>
<context>
    <name>EvaluateTable</name>
    <message>
        <source>Double-click a row to open the image in the Attack tab</source>
        <translation>双击一行即在“攻击”页打开该图像</translation>
    </message>
</context>
<context>
    <name>EvaluateViews</name>
    <message>
        <source>in 1/255</source>
        <translation>单位 1/255</translation>
    </message>
    <message>
        <source>L2, pixels</source>
        <translation>L2，像素</translation>
    </message>
    <message>
        <source>{count} files and folders</source>
        <translation>{count} 个文件和文件夹</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>no evaluation yet</source>
        <translation>尚未评估</translation>
    </message>
    <message>
        <source>stopped: {done} of {total} files in {took}</source>
        <translation>已停止：{done} / {total} 个文件，用时 {took}</translation>
    </message>
    <message>
        <source>failed: {done} of {total} files in {took}</source>
        <translation>失败：{done} / {total} 个文件，用时 {took}</translation>
    </message>
    <message>
        <source>done: {done} of {total} files in {took}</source>
        <translation>完成：{done} / {total} 个文件，用时 {took}</translation>
    </message>
</context>
<context>
    <name>EvaluationBackend</name>
    <message>
        <source>there are no image files in the folder chosen</source>
        <extracomment>The side of a table thumbnail, in pixels. Images after this many get no thumbnail (each costs ~9 KB twice: array and pixmap). Transfer models loaded by earlier runs on this device, by name.</extracomment>
        <translation>所选文件夹中没有图像文件</translation>
    </message>
    <message>
        <source>{model} is the model under attack; untick it under Transfer</source>
        <translation>{model} 是被攻击的模型；请在“迁移到”中取消勾选它</translation>
    </message>
    <message>
        <source>Loading the transfer model {name}…</source>
        <translation>正在加载迁移模型 {name}…</translation>
    </message>
    <message>
        <source>Choosing the precision (bf16 where it is measured faster)…</source>
        <translation>正在选择精度（经测量更快时使用 bf16）…</translation>
    </message>
    <message>
        <source>{model} cannot be shown the images: {problem} (they are {size} x {size})</source>
        <translation>无法把这些图像给 {model} 看：{problem}（图像为 {size} x {size}）</translation>
    </message>
</context>
<context>
    <name>EvaluationPlan</name>
    <message>
        <source>there is no attack called {name}</source>
        <extracomment>The attack choice that means &quot;the Attack tab&apos;s parameters, as they are&quot;. The most radii one evaluation takes (each is a full attack on every image). A CSV file of ``file,class`` rows (&quot;&quot; for none): as the CLI&apos;s ``--labels``.</extracomment>
        <translation>没有名为 {name} 的攻击</translation>
    </message>
    <message>
        <source>images per batch must be from 1 to {most}</source>
        <translation>每批图像数须在 1 到 {most} 之间</translation>
    </message>
    <message>
        <source>0.5, 1, 2 (in 1/255)</source>
        <translation>0.5, 1, 2（单位 1/255）</translation>
    </message>
    <message>
        <source>give the radii to evaluate at, e.g. {example}</source>
        <translation>请给出要评估的半径，例如 {example}</translation>
    </message>
    <message>
        <source>a radius is missing between two commas; e.g. {example}</source>
        <translation>两个逗号之间缺少半径；例如 {example}</translation>
    </message>
    <message>
        <source>at most {most} radii, got {count}</source>
        <translation>最多 {most} 个半径，实际给出了 {count} 个</translation>
    </message>
    <message>
        <source>{radius} is given twice</source>
        <translation>{radius} 给出了两次</translation>
    </message>
    <message>
        <source>{radius}: under L2, ε is a Euclidean radius in [0, 1] pixel units (e.g. 0.25, 0.5, 1), not in 1/255</source>
        <translation>{radius}：在 L2 下，ε 是以 [0, 1] 像素单位计的欧氏半径（例如 0.25, 0.5, 1），不以 1/255 为单位</translation>
    </message>
    <message>
        <source>{radius} is not a number (e.g. 0.5 or 1/4)</source>
        <translation>{radius} 不是数字（例如 0.5 或 1/4）</translation>
    </message>
    <message>
        <source>{radius}: a radius must be above 0</source>
        <translation>{radius}：半径必须大于 0</translation>
    </message>
    <message>
        <source>{radius}: L∞ radii are in 1/255, at most 255 (every pixel)</source>
        <translation>{radius}：L∞ 半径以 1/255 为单位，最大为 255（任意改变每个像素）</translation>
    </message>
    <message>
        <source>{radius}: not a finite number</source>
        <translation>{radius}：不是有限数</translation>
    </message>
    <message>
        <source>give a JPEG quality from 1 to 100, e.g. 75 (or 95, 75, 50)</source>
        <translation>请给出 1 到 100 之间的 JPEG 质量，例如 75（或 95, 75, 50）</translation>
    </message>
    <message>
        <source>JPEG qualities are whole numbers from 1 to 100, e.g. 95, 75</source>
        <translation>JPEG 质量须为 1 到 100 之间的整数，例如 95, 75</translation>
    </message>
</context>
<context>
    <name>FigureController</name>
    <message>
        <source>Nothing to export yet: run an attack first (Ctrl+R).</source>
        <translation>尚无可导出的内容：请先运行攻击（Ctrl+R）。</translation>
    </message>
    <message>
        <source>Figure not exported: {why}</source>
        <extracomment>What ``_write`` says: (the figure, the curves) -&gt; (not written, written).</extracomment>
        <translation>图表未导出：{why}</translation>
    </message>
    <message>
        <source>Figure exported to {path}.</source>
        <translation>图表已导出到 {path}。</translation>
    </message>
    <message>
        <source>Curves not exported: {why}</source>
        <translation>曲线未导出：{why}</translation>
    </message>
    <message>
        <source>Curves exported to {path}.</source>
        <translation>曲线已导出到 {path}。</translation>
    </message>
    <message>
        <source>Exporting the figure…</source>
        <translation>正在导出图表…</translation>
    </message>
    <message>
        <source>Exporting the figure to {path}…</source>
        <translation>正在将图表导出到 {path}…</translation>
    </message>
    <message>
        <source>Cannot export the curves</source>
        <translation>无法导出曲线</translation>
    </message>
    <message>
        <source>Figure not exported ({signal}).</source>
        <translation>图表未导出（{signal}）。</translation>
    </message>
    <message>
        <source>Cannot export the figure</source>
        <translation>无法导出图表</translation>
    </message>
</context>
<context>
    <name>HardStop</name>
    <message>
        <source>Stopping ({signal}): the save in progress is finished or undone first.</source>
        <translation>正在停止（{signal}）：先完成或撤销正在进行的保存。</translation>
    </message>
</context>
<context>
    <name>ImageController</name>
    <message>
        <source>Will open {name} once PyTorch has loaded.</source>
        <translation>PyTorch 加载完成后将打开 {name}。</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <source>image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Ready: {model} sees &apos;{name}&apos; ({index}) at {prob}. Press Run attack (Ctrl+R).</source>
        <translation>就绪：{model} 将其识别为“{name}”（{index}），概率 {prob}。请按“运行攻击”（Ctrl+R）。</translation>
    </message>
    <message>
        <source>Cannot classify the image</source>
        <translation>无法对图像分类</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Hover over a picture to read a pixel&apos;s values (0–255) · wheel: zoom · drag: pan · Ctrl+0: fit · Ctrl+1: 1:1</source>
        <translation>鼠标悬停在图片上可读取像素值（0–255）· 滚轮：缩放 · 拖动：平移 · Ctrl+0：适应窗口 · Ctrl+1：1:1</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>step</source>
        <extracomment>Probabilities are clipped here before the log scale (float32 softmax reaches 0). Shorter than this (px), the plots leave out their x axis&apos;s label. The x axis&apos;s names (``x_label``), translated where shown.</extracomment>
        <translation>步</translation>
    </message>
    <message>
        <source>queries</source>
        <translation>查询次数</translation>
    </message>
    <message>
        <source>Loss: the objective the attack increases</source>
        <translation>损失：攻击要增大的目标函数</translation>
    </message>
    <message>
        <source>Probabilities (log scale)</source>
        <translation>概率（对数刻度）</translation>
    </message>
    <message>
        <source>p(true class)</source>
        <translation>p(真实类别)</translation>
    </message>
    <message>
        <source>‖δ‖ now</source>
        <translation>当前 ‖δ‖</translation>
    </message>
    <message>
        <source>smallest adversarial ‖δ‖</source>
        <translation>最小的对抗 ‖δ‖</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Size of δ ({name})</source>
        <translation>δ 的大小（{name}）</translation>
    </message>
    <message>
        <source>p(target)</source>
        <translation>p(目标)</translation>
    </message>
    <message>
        <source>{name}: loss (dashed)</source>
        <translation>{name}：损失（虚线）</translation>
    </message>
    <message>
        <source>{name}: p(true class)</source>
        <translation>{name}：p(真实类别)</translation>
    </message>
    <message>
        <source>{name}: p(target)</source>
        <translation>{name}：p(目标)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Attack</source>
        <translation>攻击</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Cannot open image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Target not changed: {why}</source>
        <translation>目标类别未更改：{why}</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>Cat (Chelsea)</source>
        <translation>猫（Chelsea）</translation>
    </message>
    <message>
        <source>Espresso (coffee cup)</source>
        <translation>浓缩咖啡（咖啡杯）</translation>
    </message>
    <message>
        <source>&amp;Automatic (bf16 where measured faster)</source>
        <translation>自动（实测更快时用 bf16）(&amp;A)</translation>
    </message>
    <message>
        <source>fp&amp;16 (GPU only)</source>
        <translation>fp16（仅 GPU）(&amp;1)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Open an image file (PNG, JPEG, …)</source>
        <translation>打开图像文件（PNG、JPEG 等）</translation>
    </message>
    <message>
        <source>&amp;Save results…</source>
        <translation>保存结果(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the adversarial PNG, the delta PNG and a JSON sidecar</source>
        <translation>保存对抗样本 PNG、扰动 PNG 和 JSON 附带文件</translation>
    </message>
    <message>
        <source>Save with &amp;quantize (keep the 8-bit PNG adversarial)</source>
        <translation>量化保存（8 位 PNG 仍为对抗样本）(&amp;Q)</translation>
    </message>
    <message>
        <source>Round to 8 bits while saving and take extra steps until the PNG still fools</source>
        <translation>保存时舍入到 8 位，并额外迭代直到 PNG 仍能欺骗模型</translation>
    </message>
    <message>
        <source>Save at f&amp;ull resolution too (the photo&apos;s own size)</source>
        <translation>同时按原分辨率保存（照片自身尺寸）(&amp;U)</translation>
    </message>
    <message>
        <source>Also save the adversarial image at the photo&apos;s size, the perturbation upscaled, and check whether it still fools the model</source>
        <translation>同时按照片尺寸保存对抗样本（扰动放大到该尺寸），并检查它是否仍能欺骗模型</translation>
    </message>
    <message>
        <source>Export &amp;figure…</source>
        <translation>导出图表(&amp;F)…</translation>
    </message>
    <message>
        <source>The original, adversarial and amplified delta with their classes, and the curves: PNG (300 dpi), SVG or PDF</source>
        <translation>原图、对抗样本和放大的扰动及其类别，以及曲线：PNG（300 dpi）、SVG 或 PDF</translation>
    </message>
    <message>
        <source>Export &amp;curves as CSV…</source>
        <translation>将曲线导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Loss, probabilities, top-1 and the size of delta at every step, as a table</source>
        <translation>每一步的损失、概率、top-1 和扰动大小，导出为表格</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run attack</source>
        <translation>运行攻击(&amp;R)</translation>
    </message>
    <message>
        <source>Run the attack on the image</source>
        <translation>对图像运行攻击</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the attack after the current step</source>
        <translation>在当前步之后停止攻击</translation>
    </message>
    <message>
        <source>Load &amp;weights file…</source>
        <translation>加载权重文件(&amp;W)…</translation>
    </message>
    <message>
        <source>Load the chosen model&apos;s weights from a local file</source>
        <translation>从本地文件加载所选模型的权重</translation>
    </message>
    <message>
        <source>Use the &amp;offline model</source>
        <translation>使用离线模型(&amp;O)</translation>
    </message>
    <message>
        <source>EfficientNet-Lite0, whose weights come with advgui</source>
        <translation>EfficientNet-Lite0，其权重随 advgui 提供</translation>
    </message>
    <message>
        <source>&amp;About advgui</source>
        <translation>关于 advgui(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Quick guide</source>
        <translation>快速指南(&amp;Q)</translation>
    </message>
    <message>
        <source>What advgui shows, the tutorial&apos;s story, and every shortcut</source>
        <translation>advgui 显示的内容、教程的来龙去脉和所有快捷键</translation>
    </message>
    <message>
        <source>Evaluate a &amp;folder…</source>
        <translation>评估文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Measure the model&apos;s robust accuracy over a folder of images (the Evaluate tab)</source>
        <translation>在一个图像文件夹上测量模型的鲁棒准确率（“评估”页）</translation>
    </message>
    <message>
        <source>&amp;Run evaluation</source>
        <translation>运行评估(&amp;R)</translation>
    </message>
    <message>
        <source>Run the Evaluate tab&apos;s evaluation</source>
        <translation>运行“评估”页的评估</translation>
    </message>
    <message>
        <source>S&amp;top evaluation</source>
        <translation>停止评估(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the evaluation; the images done are kept</source>
        <translation>停止评估；已完成的图像会保留</translation>
    </message>
    <message>
        <source>&amp;Export evaluation…</source>
        <translation>导出评估(&amp;E)…</translation>
    </message>
    <message>
        <source>Write the evaluation&apos;s results and summary files, as the command line does</source>
        <translation>像命令行一样写出评估的结果和汇总文件</translation>
    </message>
    <message>
        <source>&amp;Fit pictures</source>
        <translation>图片适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole pictures</source>
        <translation>显示完整图片</translation>
    </message>
    <message>
        <source>&amp;Actual size (1:1)</source>
        <translation>实际大小（1:1）(&amp;A)</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>一个图像像素对应一个屏幕像素</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom the pictures in</source>
        <translation>放大图片</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom the pictures out</source>
        <translation>缩小图片</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;sample</source>
        <translation>打开示例(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Attack</source>
        <translation>攻击(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Precision</source>
        <translation>精度(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Automatic (timed per run)</source>
        <translation>自动（每次运行时计时选择）(&amp;A)</translation>
    </message>
    <message>
        <source>CPU &amp;threads</source>
        <translation>CPU 线程数(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>ModelBox</name>
    <message>
        <source>Offline, no download</source>
        <extracomment>The list&apos;s group headers, one per status in ``catalog.STATUSES`` order.</extracomment>
        <translation>离线，无需下载</translation>
    </message>
    <message>
        <source>Weights on disk</source>
        <translation>权重本地已有</translation>
    </message>
    <message>
        <source>To download</source>
        <translation>需要下载</translation>
    </message>
    <message>
        <source>{name}  ({size} MB)</source>
        <translation>{name}  （{size} MB）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>The classifier to attack. A model to download shows its size, and asks before downloading.</source>
        <translation>要攻击的分类器。需要下载的模型会显示其大小，并在下载前询问。</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Where the model runs: the CPU or a GPU</source>
        <translation>模型运行的位置：CPU 或 GPU</translation>
    </message>
    <message>
        <source>Weights file…</source>
        <translation>权重文件…</translation>
    </message>
    <message>
        <source>Load this model&apos;s weights from a local .pth / .safetensors</source>
        <translation>从本地 .pth / .safetensors 文件加载此模型的权重</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>分类器</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>{name}: {status}</source>
        <translation>{name}：{status}</translation>
    </message>
    <message>
        <source>offline, bundled</source>
        <extracomment>``catalog``&apos;s weights statuses (that module stays Qt-free), for lupdate.</extracomment>
        <translation>离线，随附</translation>
    </message>
    <message>
        <source>weights on disk</source>
        <translation>权重已在本机</translation>
    </message>
    <message>
        <source>needs download</source>
        <translation>需要下载</translation>
    </message>
</context>
<context>
    <name>ModelController</name>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Loading PyTorch… (the window is usable meanwhile)</source>
        <translation>正在加载 PyTorch…（期间窗口仍可使用）</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Loading model {name}…</source>
        <translation>正在加载模型 {name}…</translation>
    </message>
    <message>
        <source>Downloading weights for {name}…</source>
        <translation>正在下载 {name} 的权重…</translation>
    </message>
    <message>
        <source>Model {name} ready on {device}.</source>
        <translation>模型 {name} 已在 {device} 上就绪。</translation>
    </message>
    <message>
        <source>No usable weights for {name}. Still using {kept}.</source>
        <translation>{name} 没有可用的权重。仍在使用 {kept}。</translation>
    </message>
    <message>
        <source>No usable weights for {name}.</source>
        <translation>{name} 没有可用的权重。</translation>
    </message>
    <message>
        <source>Cannot load the model</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <source>{name} not downloaded. Still using {kept}.</source>
        <translation>未下载 {name}。仍在使用 {kept}。</translation>
    </message>
    <message>
        <source>{name} not downloaded.</source>
        <translation>未下载 {name}。</translation>
    </message>
</context>
<context>
    <name>Present</name>
    <message>
        <source>untargeted</source>
        <translation>无目标</translation>
    </message>
    <message>
        <source>target class {target}</source>
        <translation>目标类别 {target}</translation>
    </message>
    <message>
        <source>Attacking {image} with {attack}, {steps} steps, {goal}… Esc stops.</source>
        <translation>正在用 {attack} 攻击 {image}，{steps} 步，{goal}… 按 Esc 停止。</translation>
    </message>
    <message>
        <source> after JPEG q{quality}</source>
        <translation>（经 JPEG 质量 {quality} 压缩后）</translation>
    </message>
    <message>
        <source>Step {step}: reached the target{after}, the model sees {seen}</source>
        <translation>第 {step} 步：已达到目标类别{after}，模型看到 {seen}</translation>
    </message>
    <message>
        <source>Step {step}: not at the target yet{after}, the model sees {seen}</source>
        <translation>第 {step} 步：尚未达到目标类别{after}，模型看到 {seen}</translation>
    </message>
    <message>
        <source>Step {step}: fooled{after}, the model sees {seen}</source>
        <translation>第 {step} 步：已欺骗模型{after}，模型看到 {seen}</translation>
    </message>
    <message>
        <source>Step {step}: not fooled yet{after}, still {seen}</source>
        <translation>第 {step} 步：尚未欺骗模型{after}，仍为 {seen}</translation>
    </message>
    <message>
        <source>Stopped at step {step} of {total} ({took}).</source>
        <translation>已在第 {step} / {total} 步停止（{took}）。</translation>
    </message>
    <message>
        <source>Stopped at step {step} of {total} ({took}); reached the target at step {first}.</source>
        <translation>已在第 {step} / {total} 步停止（{took}）；在第 {first} 步达到目标类别。</translation>
    </message>
    <message>
        <source>Stopped at step {step} of {total} ({took}); fooled the model at step {first}.</source>
        <translation>已在第 {step} / {total} 步停止（{took}）；在第 {first} 步欺骗了模型。</translation>
    </message>
    <message>
        <source>Done: reached the target at step {first} of {total} ({took}).</source>
        <translation>完成：在第 {first} / {total} 步达到目标类别（{took}）。</translation>
    </message>
    <message>
        <source>Done: fooled the model at step {first} of {total} ({took}).</source>
        <translation>完成：在第 {first} / {total} 步欺骗了模型（{took}）。</translation>
    </message>
    <message>
        <source>Done: did not succeed in {total} steps ({took}); try a larger ε.</source>
        <translation>完成：{total} 步内未成功（{took}）；请尝试更大的 ε。</translation>
    </message>
    <message>
        <source>x + δ reaches the target; the JPEG at quality {quality} still reaches the target</source>
        <extracomment>(targeted, x + delta meets the goal, its JPEG meets it) -&gt; the two verdicts, one sentence.</extracomment>
        <translation>x + δ 达到目标类别；质量 {quality} 的 JPEG 仍达到目标类别</translation>
    </message>
    <message>
        <source>x + δ reaches the target; the JPEG at quality {quality} does not reach the target</source>
        <translation>x + δ 达到目标类别；质量 {quality} 的 JPEG 未达到目标类别</translation>
    </message>
    <message>
        <source>x + δ does not reach the target; the JPEG at quality {quality} still reaches the target</source>
        <translation>x + δ 未达到目标类别；质量 {quality} 的 JPEG 仍达到目标类别</translation>
    </message>
    <message>
        <source>x + δ does not reach the target; the JPEG at quality {quality} does not reach the target</source>
        <translation>x + δ 未达到目标类别；质量 {quality} 的 JPEG 也未达到目标类别</translation>
    </message>
    <message>
        <source>x + δ fools the model; the JPEG at quality {quality} still fools the model</source>
        <translation>x + δ 欺骗了模型；质量 {quality} 的 JPEG 仍能欺骗模型</translation>
    </message>
    <message>
        <source>x + δ fools the model; the JPEG at quality {quality} does not fool the model</source>
        <translation>x + δ 欺骗了模型；质量 {quality} 的 JPEG 未能欺骗模型</translation>
    </message>
    <message>
        <source>x + δ does not fool the model; the JPEG at quality {quality} still fools the model</source>
        <translation>x + δ 未能欺骗模型；质量 {quality} 的 JPEG 仍能欺骗模型</translation>
    </message>
    <message>
        <source>x + δ does not fool the model; the JPEG at quality {quality} does not fool the model</source>
        <translation>x + δ 未能欺骗模型；质量 {quality} 的 JPEG 也未能欺骗模型</translation>
    </message>
    <message>
        <source>Stopped at step {step} of {total} ({took}): {verdicts}.</source>
        <translation>已在第 {step} / {total} 步停止（{took}）：{verdicts}。</translation>
    </message>
    <message>
        <source>Done at step {step} of {total} ({took}): {verdicts}.</source>
        <translation>已在第 {step} / {total} 步完成（{took}）：{verdicts}。</translation>
    </message>
    <message>
        <source>Done at step {step} of {total} ({took}): {verdicts}; try a larger ε.</source>
        <translation>已在第 {step} / {total} 步完成（{took}）：{verdicts}；请尝试更大的 ε。</translation>
    </message>
    <message>
        <source>bundled with advgui, no download</source>
        <translation>随 advgui 提供，无需下载</translation>
    </message>
    <message>
        <source>Input {size} px · weights: {source}</source>
        <translation>输入 {size} 像素 · 权重：{source}</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>the tutorial: SGD lr 0.1, 30 steps, L-inf 2/255</source>
        <translation>教程：SGD，学习率 0.1，30 步，L∞ 2/255</translation>
    </message>
    <message>
        <source>the tutorial: SGD lr 5e-3, 100 steps, L-inf 2/255, target airliner</source>
        <translation>教程：SGD，学习率 5e-3，100 步，L∞ 2/255，目标类别 airliner</translation>
    </message>
    <message>
        <source>one signed-gradient step of 4/255</source>
        <translation>一步符号梯度，步长 4/255</translation>
    </message>
    <message>
        <source>PGD, L-inf 2/255, 20 steps of 0.5/255, random start</source>
        <translation>PGD，L∞ 2/255，20 步，步长 0.5/255，随机起点</translation>
    </message>
    <message>
        <source>PGD, L2 0.5, 20 steps of 0.1, random start</source>
        <translation>PGD，L2 0.5，20 步，步长 0.1，随机起点</translation>
    </message>
    <message>
        <source>momentum iterative FGSM, L-inf 2/255, 10 steps</source>
        <translation>动量迭代 FGSM，L∞ 2/255，10 步</translation>
    </message>
    <message>
        <source>PGD on the Carlini-Wagner logit margin, L-inf 2/255, 30 steps</source>
        <translation>以 Carlini-Wagner logit 间隔为损失的 PGD，L∞ 2/255，30 步</translation>
    </message>
    <message>
        <source>APGD on cross-entropy, L-inf 4/255, 100 steps, no step size to tune</source>
        <translation>以交叉熵为损失的 APGD，L∞ 4/255，100 步，无需调步长</translation>
    </message>
    <message>
        <source>APGD on the DLR loss (ignores the logits&apos; scale), L-inf 4/255, 100 steps</source>
        <translation>以 DLR 为损失的 APGD（与 logit 尺度无关），L∞ 4/255，100 步</translation>
    </message>
    <message>
        <source>APGD, targeted DLR towards airliner, L-inf 4/255, 100 steps</source>
        <translation>APGD，以 airliner 为目标类别的有目标 DLR，L∞ 4/255，100 步</translation>
    </message>
    <message>
        <source>DeepFool, smallest L2 change, top-10 classes, overshoot 0.02</source>
        <translation>DeepFool，最小 L2 扰动，前 10 个类别，超调量 0.02</translation>
    </message>
    <message>
        <source>Fast Minimum-Norm, smallest L2 change, 100 steps</source>
        <translation>快速最小范数（FMN），最小 L2 扰动，100 步</translation>
    </message>
    <message>
        <source>Fast Minimum-Norm, smallest L-inf change, 100 steps</source>
        <translation>快速最小范数（FMN），最小 L∞ 扰动，100 步</translation>
    </message>
    <message>
        <source>Square Attack, scores only (no gradient), L-inf 4/255, 1000 queries</source>
        <translation>Square 攻击，仅用分数（无梯度），L∞ 4/255，1000 次查询</translation>
    </message>
</context>
<context>
    <name>QuickGuide</name>
    <message>
        <source>Open an image (Ctrl+O) or drop one on the window; the cat is shown at start.</source>
        <translation>打开图像（Ctrl+O），或将图像拖放到窗口上；启动时显示的是猫的图像。</translation>
    </message>
    <message>
        <source>Pick a preset (the tutorial&apos;s recipes, PGD, APGD, DeepFool, FMN, Square…) or set the attack by hand. Under L∞, ε and step sizes are in 1/255.</source>
        <translation>选择一个预设（教程中的做法、PGD、APGD、DeepFool、FMN、Square…），或手动设置攻击。在 L∞ 下，ε 和步长以 1/255 为单位。</translation>
    </message>
    <message>
        <source>Run (Ctrl+R) and watch the adversarial image, the amplified δ, both top-5 lists and the curves; Esc stops after the current step.</source>
        <translation>运行（Ctrl+R），观察对抗样本、放大的 δ、两个 top-5 列表和曲线；按 Esc 会在当前步完成后停止。</translation>
    </message>
    <message>
        <source>Drag the &lt;b&gt;Replay&lt;/b&gt; slider to see any step again; earlier runs are listed under &lt;b&gt;Runs&lt;/b&gt;: select one to see it, two to compare.</source>
        <translation>拖动&lt;b&gt;回放&lt;/b&gt;滑块可重看任意一步；之前的运行列在&lt;b&gt;运行记录&lt;/b&gt;中：选中一个可查看，选中两个可对比。</translation>
    </message>
    <message>
        <source>Save (Ctrl+S): the adversarial PNG, δ, the exact float δ and a JSON report, under a name of your choice (File ▸ Save at full resolution too: the photo&apos;s size); File ▸ Export figure… makes the tutorial&apos;s pictures for a slide or a paper.</source>
        <translation>保存（Ctrl+S）：对抗样本 PNG、δ、精确的浮点 δ 和一份 JSON 报告，文件名由你选择（文件 ▸ 同时按原分辨率保存：照片自身的尺寸）；文件 ▸ 导出图表… 可生成教程中那样的图，用于幻灯片或论文。</translation>
    </message>
    <message>
        <source>The &lt;b&gt;Evaluate&lt;/b&gt; tab measures robustness over a folder: robust accuracy against ε, the smallest ε per image, transfer to other models, JPEG.</source>
        <translation>&lt;b&gt;评估&lt;/b&gt;页在一个文件夹上衡量鲁棒性：鲁棒准确率随 ε 的变化、每幅图像的最小 ε、向其他模型的迁移、JPEG。</translation>
    </message>
    <message>
        <source>What you are looking at</source>
        <translation>你看到的是什么</translation>
    </message>
    <message>
        <source>A classifier that is right about a photo can be made wrong by a change too small to see. The classic tutorial attacks a pretrained ResNet50 shown a pig: it says &lt;i&gt;hog&lt;/i&gt; with a loss of 0.0039. Gradient ascent on a perturbation δ, kept within |δ|∞ ≤ 2/255 (two of 255 brightness levels per pixel), makes it say &lt;i&gt;wombat&lt;/i&gt; after 30 steps, with p(hog) near one in a million. A targeted version pushes it to &lt;i&gt;airliner&lt;/i&gt; instead. The picture looks the same; 50·δ + 0.5 shows the noise.</source>
        <translation>一个对照片分类正确的分类器，可以被一个小到看不出来的改动弄错。经典教程攻击一个预训练的 ResNet50，给它看一头猪：它判为 &lt;i&gt;hog&lt;/i&gt;，损失为 0.0039。对扰动 δ 做梯度上升，并将其限制在 |δ|∞ ≤ 2/255（每个像素 255 级亮度中的两级）以内，30 步后它就会判为 &lt;i&gt;wombat&lt;/i&gt;，而 p(hog) 降到约百万分之一。有目标的版本则把它推向 &lt;i&gt;airliner&lt;/i&gt;。图像看起来毫无变化；50·δ + 0.5 能显示出其中的噪声。</translation>
    </message>
    <message>
        <source>How to</source>
        <translation>使用方法</translation>
    </message>
    <message>
        <source>Wheel, drag</source>
        <translation>滚轮、拖动</translation>
    </message>
    <message>
        <source>Over a picture: zoom and pan (a number field takes the wheel only when it has focus)</source>
        <translation>在图像上：缩放和平移（数字输入框只有在获得焦点时才响应滚轮）</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Shortcuts&lt;/h2&gt;&lt;table cellspacing=&apos;0&apos; cellpadding=&apos;3&apos;&gt;{rows}&lt;/table&gt;</source>
        <translation>&lt;h2&gt;快捷键&lt;/h2&gt;&lt;table cellspacing=&apos;0&apos; cellpadding=&apos;3&apos;&gt;{rows}&lt;/table&gt;</translation>
    </message>
    <message>
        <source>advgui: quick guide</source>
        <translation>advgui：快速指南</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>Replay: drag to see any step of the run (← → one step, PgUp PgDn ten)</source>
        <translation>回放：拖动查看运行的任意一步（← → 一步，PgUp PgDn 十步）</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>Back to the newest step (during a run) or the result</source>
        <translation>回到最新一步（运行中）或结果</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚未运行</translation>
    </message>
</context>
<context>
    <name>ReplayView</name>
    <message>
        <source>Result: the best point, from step {step} of {last}</source>
        <translation>结果：最佳点，来自第 {step} / {last} 步</translation>
    </message>
    <message>
        <source>Result: step {last} of {total} (stopped)</source>
        <translation>结果：第 {last} / {total} 步（已停止）</translation>
    </message>
    <message>
        <source>Result: step {last} of {total}</source>
        <translation>结果：第 {last} / {total} 步</translation>
    </message>
    <message>
        <source>Step {step} of {total} (one step in {stride} is kept: step {chosen} is not)</source>
        <translation>第 {step} / {total} 步（每 {stride} 步保留一步：第 {chosen} 步未保留）</translation>
    </message>
    <message>
        <source>Step {step} of {total}</source>
        <translation>第 {step} / {total} 步</translation>
    </message>
</context>
<context>
    <name>Results</name>
    <message>
        <source>the class the attack moves away from (clean top-1)</source>
        <translation>攻击要远离的类别（原图 top-1）</translation>
    </message>
    <message>
        <source>the target class</source>
        <translation>目标类别</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Open an image (Ctrl+O) or drop one here</source>
        <translation>打开图像（Ctrl+O）或拖放到此处</translation>
    </message>
    <message>
        <source>Adversarial  (x + δ)</source>
        <translation>对抗样本（x + δ）</translation>
    </message>
    <message>
        <source>Press Run (Ctrl+R) to attack this image</source>
        <translation>按“运行”（Ctrl+R）攻击此图像</translation>
    </message>
    <message>
        <source>Perturbation δ</source>
        <translation>扰动 δ</translation>
    </message>
    <message>
        <source>The change the attack makes</source>
        <translation>攻击所做的改变</translation>
    </message>
    <message>
        <source>Delta is drawn as k·δ + 0.5: gray is no change</source>
        <translation>扰动显示为 k·δ + 0.5：灰色表示无变化</translation>
    </message>
    <message>
        <source>Amplification</source>
        <translation>放大倍数</translation>
    </message>
    <message>
        <source>Top-5, clean image</source>
        <translation>Top-5，原图</translation>
    </message>
    <message>
        <source>Top-5, adversarial image</source>
        <translation>Top-5，对抗样本</translation>
    </message>
    <message>
        <source>Run an attack to see how they change</source>
        <translation>运行攻击，查看它们如何变化</translation>
    </message>
    <message>
        <source>Shown as k·δ + 0.5: gray is no change.</source>
        <translation>显示为 k·δ + 0.5：灰色表示无变化。</translation>
    </message>
    <message>
        <source>Largest change of a pixel: {levels} of 255 levels.</source>
        <translation>像素的最大变化：{levels} / 255 级。</translation>
    </message>
</context>
<context>
    <name>RobustPlot</name>
    <message>
        <source>images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>robust accuracy</source>
        <translation>鲁棒准确率</translation>
    </message>
    <message>
        <source>attack success rate</source>
        <translation>攻击成功率</translation>
    </message>
    <message>
        <source>Robust accuracy: no image yet ({n} skipped)</source>
        <translation>鲁棒准确率：尚无图像（跳过 {n} 个）</translation>
    </message>
    <message>
        <source>Robust accuracy</source>
        <translation>鲁棒准确率</translation>
    </message>
    <message>
        <source>Robust accuracy of {model}, {n} images ({skipped} skipped)</source>
        <translation>{model} 的鲁棒准确率，{n} 张图像（跳过 {skipped} 个）</translation>
    </message>
    <message>
        <source>Robust accuracy of {model}, 1 image</source>
        <translation>{model} 的鲁棒准确率，1 张图像</translation>
    </message>
    <message>
        <source>Robust accuracy of {model}, {n} images</source>
        <translation>{model} 的鲁棒准确率，{n} 张图像</translation>
    </message>
    <message>
        <source>{name}, transferred</source>
        <translation>{name}（迁移）</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <source>Run attack</source>
        <translation>运行攻击</translation>
    </message>
    <message>
        <source>Run the attack (Ctrl+R)</source>
        <translation>运行攻击（Ctrl+R）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current step (Esc)</source>
        <translation>在当前步之后停止（Esc）</translation>
    </message>
    <message>
        <source>step {step}/{total}</source>
        <translation>第 {step}/{total} 步</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>{per_step} per step · {left} left</source>
        <translation>每步 {per_step} · 剩余 {left}</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Select a run to show it; select two (Ctrl+click) to compare</source>
        <translation>选择一次运行以显示；选择两次（Ctrl+单击）以比较</translation>
    </message>
    <message>
        <source>Runs appear here as they finish.</source>
        <translation>运行完成后会列在这里。</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the run shown (Ctrl+S)</source>
        <translation>保存所显示的运行（Ctrl+S）</translation>
    </message>
    <message>
        <source>Use its settings</source>
        <translation>使用其设置</translation>
    </message>
    <message>
        <source>Put the selected run&apos;s settings in the parameter panel</source>
        <translation>把所选运行的设置填入参数面板</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Forget the selected run</source>
        <translation>删除所选运行</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Image</source>
        <extracomment>The history table&apos;s columns, in order.</extracomment>
        <translation>图像</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Attack</source>
        <translation>攻击</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>target reached</source>
        <translation>已达到目标类别</translation>
    </message>
    <message>
        <source>target not reached</source>
        <translation>未达到目标类别</translation>
    </message>
    <message>
        <source>fooled</source>
        <translation>被欺骗</translation>
    </message>
    <message>
        <source>not fooled</source>
        <translation>未被欺骗</translation>
    </message>
    <message>
        <source>stopped, {line}</source>
        <translation>已停止，{line}</translation>
    </message>
    <message>
        <source>Run {number} · {image} · {model} · {attack}: {outcome}</source>
        <translation>运行 {number} · {image} · {model} · {attack}：{outcome}</translation>
    </message>
</context>
<context>
    <name>SaveController</name>
    <message>
        <source>nothing to save yet: run an attack first</source>
        <translation>尚无可保存的内容：请先运行攻击</translation>
    </message>
    <message>
        <source>Nothing to save yet: run an attack first (Ctrl+R).</source>
        <translation>尚无可保存的内容：请先运行攻击（Ctrl+R）。</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Not saved: the files there were kept.</source>
        <translation>未保存：该处已有的文件保持不变。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saving into {folder}…</source>
        <translation>正在保存到 {folder}…</translation>
    </message>
    <message>
        <source>Not saved ({signal}): the folder is as it was.</source>
        <translation>未保存（{signal}）：文件夹保持原样。</translation>
    </message>
    <message>
        <source>Saved in {folder}. {said}</source>
        <translation>已保存到 {folder}。{said}</translation>
    </message>
</context>
<context>
    <name>TransferBackend</name>
    <message>
        <source>not loaded ({why})</source>
        <translation>未加载（{why}）</translation>
    </message>
</context>
<context>
    <name>TransferController</name>
    <message>
        <source>The other models could not all be checked: {why}</source>
        <extracomment>The most other models a run is shown to (and so kept loaded by this check): the offline ones first, then those with weights on disk, in the models list&apos;s order. Models this check loaded, by (name, device): at most MAX_OTHERS, one device. Models loaded elsewhere (the Evaluate tab&apos;s transfer models), used as they are.</extracomment>
        <translation>未能检查所有其他模型：{why}</translation>
    </message>
</context>
<context>
    <name>TransferLine</name>
    <message>
        <source>Each other model is shown the adversarial image as the attacked model saw it (the same pixels and size). It counts as fooled when it had the clean image right (its top-1 was the class the attack moved away from) and its top-1 on the adversarial image meets the attack&apos;s goal: any other class, or the target class for a targeted attack. A model already wrong on the clean image cannot be fooled. The other models are those whose weights are on this computer; none is downloaded for this.</source>
        <extracomment>What the line says about the rule (its tooltip).</extracomment>
        <translation>把对抗样本按被攻击模型所见的样子（相同像素和尺寸）给每个其他模型看——即迁移。若该模型对原图判断正确（其 top-1 为攻击要远离的类别），且其对对抗样本的 top-1 满足攻击目标（任意其他类别，或有目标攻击的目标类别），即算被欺骗。对原图已判断错误的模型不能算被欺骗。其他模型是指权重已在本机上的模型；不会为此下载任何权重。</translation>
    </message>
    <message>
        <source>wrong on the clean image already ({clean})</source>
        <translation>对原图已判断错误（{clean}）</translation>
    </message>
    <message>
        <source>target reached</source>
        <translation>已达到目标类别</translation>
    </message>
    <message>
        <source>target not reached</source>
        <translation>未达到目标类别</translation>
    </message>
    <message>
        <source>fooled</source>
        <translation>被欺骗</translation>
    </message>
    <message>
        <source>not fooled</source>
        <translation>未被欺骗</translation>
    </message>
    <message>
        <source>Other models: none has its weights on this computer.</source>
        <translation>其他模型：本机上没有其他模型的权重。</translation>
    </message>
    <message>
        <source>could not check the rest: {why}</source>
        <translation>无法检查其余模型：{why}</translation>
    </message>
    <message>
        <source>checking other models…</source>
        <translation>正在检查其他模型…</translation>
    </message>
    <message>
        <source>checking {model}…</source>
        <translation>正在检查 {model}…</translation>
    </message>
    <message>
        <source>Other models: {verdicts}</source>
        <translation>其他模型（迁移）：{verdicts}</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>{name} on {device}</source>
        <translation>{name}，运行于 {device}</translation>
    </message>
    <message>
        <source>Predicting…</source>
        <translation>正在预测…</translation>
    </message>
    <message>
        <source>Attacking…</source>
        <translation>正在攻击…</translation>
    </message>
</context>
<context>
    <name>Zoom</name>
    <message>
        <source>Fit</source>
        <extracomment>The canvases&apos; size and device pixel ratio (``set_viewport``), for the buttons.</extracomment>
        <translation>适应</translation>
    </message>
    <message>
        <source>Show the whole pictures (Ctrl+0)</source>
        <translation>显示完整图片（Ctrl+0）</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel (Ctrl+1)</source>
        <translation>一个图像像素对应一个屏幕像素（Ctrl+1）</translation>
    </message>
    <message>
        <source>Screen pixels per image pixel: the wheel zooms about the pointer, Ctrl+= and Ctrl+- about the centre, a drag pans</source>
        <translation>每个图像像素对应的屏幕像素数：滚轮以指针为中心缩放，Ctrl+= 和 Ctrl+- 以中心缩放，拖动平移</translation>
    </message>
</context>
</TS>

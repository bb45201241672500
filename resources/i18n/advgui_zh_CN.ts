<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttackController</name>
    <message>
        <source> Save the results with Ctrl+S.</source>
        <extracomment>10 redraws a second: live to the eye, and the GUI thread&apos;s drawing stays far from the attack&apos;s CPU time (at 30 a second it cost ~22 ms of CPU per 43 ms step, 2 cores). The window&apos;s words for running out of memory during a run.</extracomment>
        <translation> 可按 Ctrl+S 保存结果。</translation>
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
        <source>This attack sets its own step size</source>
        <translation>该攻击自行设定步长</translation>
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
        <source>{k}·δ + 0.5, gray = unchanged</source>
        <translation>{k}·δ + 0.5，灰色表示无变化</translation>
    </message>
</context>
<context>
    <name>EvalState</name>
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
</context>
<context>
    <name>EvaluatePresent</name>
    <message>
        <source>No folder chosen: choose one, or drop a folder or images on this tab.</source>
        <translation>未选择文件夹：请选择一个，或将文件夹或图像拖放到此页。</translation>
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
        <extracomment>Probabilities are clipped here before the log scale (float32 softmax reaches 0). The x axis&apos;s names (``x_label``), translated where shown.</extracomment>
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
        <source>p(target)</source>
        <translation>p(目标)</translation>
    </message>
    <message>
        <source>{name}: p(true class)</source>
        <translation>{name}：p(真实类别)</translation>
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
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
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
        <source>Robust accuracy</source>
        <translation>鲁棒准确率</translation>
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

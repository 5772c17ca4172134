"""Fixed text of the HTML report in English and Chinese, and its stylesheet.

Every caption is a template filled from the results (scenario names, counts, seeds); the
numbers of the findings are made in :mod:`cogov.experiments.report.findings`.
"""

from __future__ import annotations

__all__ = ["CAPTIONS", "CSS", "HEADINGS", "METHODS", "TITLES"]

HEADINGS = {
    "title": ("Co-governance simulation: {name}", "社区共治仿真：{name}"),
    "subtitle": (
        "Xinhua Road Subdistrict, Shanghai — an agent-based model (cogov)",
        "上海市新华路街道——基于主体的仿真模型（cogov）",
    ),
    "findings": ("Findings", "主要发现"),
    "methods": ("Methods", "方法"),
    "table": ("Key outcomes by scenario", "各情景的关键结果"),
    "charts": ("Charts", "图表"),
    "scenario": ("Scenario", "情景"),
    "reference": ("reference", "基准"),
    "diff": ("vs reference", "与基准之差"),
    "table_note": (
        "Mean over replicates with its 95% confidence interval; below it (Δ), the difference "
        "from the reference with its 95% interval, in bold when the interval excludes zero. "
        "Rates and their differences in percent (percentage points).",
        "各次重复的均值及其95%置信区间；其下（Δ）为与基准之差及其95%区间，区间不含零时加粗显示。"
        "比率及其差值以百分比（百分点）表示。",
    ),
    "points": ("Design points", "设计点"),
    "point": ("Design point", "设计点"),
    "values": ("Parameter values", "参数取值"),
    "files": ("Chart files (PNG and SVG): {folder}", "图表文件（PNG 与 SVG）：{folder}"),
}

TITLES = {
    "scenario_comparison": ("Scenarios compared: key outcomes", "情景比较：关键结果"),
    "sweep": ("Key outcomes against the varied parameters", "关键结果随参数的变化"),
    "sobol": ("Sensitivity: Sobol indices", "敏感性分析：Sobol指数"),
    "time_courses": ("Backlog, satisfaction and trust over time", "积压、满意度与信任的时间变化"),
    "map": ("Neighbourhoods", "各居委会"),
    "deadlines": ("How long issues take against their deadlines", "问题办结时长与时限"),
    "departments": ("Department load", "部门负荷"),
}

CAPTIONS = {
    "scenario_comparison": (
        "Each scenario's difference from the reference {reference} (the line at zero; its "
        "value is in each panel's title), mean over {replicates} paired replicates with its "
        "95% confidence interval (bars). Panels in the same unit share one scale. The grey "
        "band is the outcome's practical threshold; hollow markers: the interval includes "
        "zero, so the difference is noise.",
        "各情景与基准{reference}之差（零线；基准值见各图标题），为{replicates}次配对重复的均值及其"
        "95%置信区间（误差线）。单位相同的图使用同一刻度。灰色带为该指标的实际意义阈值；空心标记："
        "区间含零，差异为噪声。",
    ),
    "points_comparison": (
        "Each design point's difference from design point {reference} (the line at zero; "
        "its value is in each panel's title), mean over {replicates} replicates with its 95% "
        "confidence interval (bars). Panels in the same unit share one scale; the grey band "
        "is the practical threshold; hollow markers: the interval includes zero.",
        "各设计点与设计点{reference}之差（零线；基准值见各图标题），为{replicates}次重复的均值及其"
        "95%置信区间（误差线）。单位相同的图使用同一刻度；灰色带为实际意义阈值；空心标记：区间含零。",
    ),
    "sweep": (
        "Mean of each outcome at each value of one varied parameter, over all runs at the "
        "other parameters' values, with its 95% confidence interval. Sampled parameters are "
        "grouped into five bins of equal count, placed at the bin's mean value.",
        "在某一参数的每个取值上，对其他参数所有取值的运行结果求均值，并给出95%置信区间。"
        "抽样参数按等频分为五组，位置取组内均值。",
    ),
    "sobol": (
        "First-order (alone) and total (with interactions) Sobol indices of each outcome, "
        "with 95% bootstrap intervals (Saltelli 2010 estimators, scipy), from {runs} runs.",
        "各结果的一阶（单独作用）与总效应（含交互）Sobol指数及95%自助法区间（Saltelli 2010"
        "估计量，scipy），基于{runs}次运行。",
    ),
    "time_courses": (
        "Mean over runs (line) with its 95% confidence band, per scenario. Satisfaction is "
        "the share of ratings that were satisfied over the last {window} days. Trust is shown "
        "as its change since day 1: the starting level differs between replicates far more "
        "than between scenarios.{pooled}",
        "各情景各次运行的均值（线）及其95%置信带。满意度为近{window}天评价中满意的比例。信任度"
        "显示为较第1天的变化：起始水平在各次重复之间的差异远大于情景之间的差异。{pooled}",
    ),
    "pooled": (
        " Runs of all design points of a scenario are pooled.",
        "同一情景所有设计点的运行合并计算。",
    ),
    "map": (
        "Left: {outcome} in each neighbourhood under {scenario}, averaged over its {runs} "
        "runs; faded circles with dashed edges ({k} of {n}) are neighbourhoods whose 95% "
        "interval includes the average of all neighbourhoods: their colour is noise, not "
        "geography. {diff_text}Positions are schematic (west left, north up); lines join "
        "neighbouring committees. Grey hatched circles: nothing closed or rated there.",
        "左：{scenario}下各居委会的{outcome}，为其{runs}次运行的平均；虚线边框的淡色圆（{n}个中"
        "{k}个）表示其95%置信区间包含全部居委会的平均值：颜色差异是噪声而非地理差异。{diff_text}"
        "位置为示意（西左北上），连线表示相邻居委会。灰色斜线圆：该处无办结或评价。",
    ),
    "map_diff": (
        "Right: {a} minus {b}, the scenario with the largest effect on this outcome, paired "
        "by seed; faded circles ({k} of {n}) have a 95% interval of the difference that "
        "includes zero. ",
        "右：{a}减{b}（对该指标影响最大的情景），按种子配对；淡色圆（{n}个中{k}个）的差值95%"
        "置信区间包含零。",
    ),
    "deadlines": (
        "Share of closed issues closed within a given number of hours, one panel per "
        "deadline tier; dashed lines mark the deadlines. This shows ONE replicate per "
        "scenario — replicate {replicate} of the first design point, re-run with its seed, "
        "scale and days to record each issue's close time (batch results keep no per-issue "
        "times). {check} Issues still open at the end are not included.",
        "各时限档次中，在给定小时数内办结的问题所占比例；虚线为时限。本图仅为每个情景的一次重复"
        "——第一个设计点的第{replicate}次重复，用相同的随机种子、规模和天数重新运行以记录每个问题"
        "的办结时间（批量结果不保存逐个问题的时间）。{check}期末仍未办结的问题不计入。",
    ),
    "check_ok": (
        "Each re-run closed the same number of issues as the stored run ({closed}).",
        "每次重新运行办结的问题数与保存的运行一致（{closed}）。",
    ),
    "check_bad": (
        "WARNING: the re-run of {scenarios} closed a different number of issues from the "
        "stored run — the code has changed since the batch.",
        "警告：{scenarios}的重新运行与保存的运行办结数不同——批量运行后代码已改变。",
    ),
    "departments": (
        "Utilisation (share of staff hours busy) and mean hours an issue waited in the "
        "queue, per department: mean over runs with its 95% confidence interval.{pooled}",
        "各部门的人员利用率（忙碌工时占比）与问题平均排队时长：各次运行的均值及95%置信区间。{pooled}",
    ),
}

METHODS = {
    "experiment": ("Experiment", "实验"),
    "design": ("Design", "设计"),
    "scenarios": ("Scenarios", "情景"),
    "replicates": ("Replicates and days", "重复次数与天数"),
    "replicates_text": (
        "{replicates} per design point, {days} simulated days each; {ok} of {planned} runs "
        "succeeded",
        "每个设计点{replicates}次，每次模拟{days}天；{planned}次运行中{ok}次成功",
    ),
    "seeds": ("Seeds", "随机种子"),
    "seeds_text": (
        "root seed {root}; replicate r of every design point runs with "
        "numpy.random.SeedSequence({root}).spawn({replicates})[r], so all scenarios share "
        "the same seeds and differences are paired by seed ({seeds})",
        "根种子{root}；每个设计点的第r次重复使用 numpy.random.SeedSequence({root})."
        "spawn({replicates})[r]，因此各情景共用相同的种子，差异按种子配对（{seeds}）",
    ),
    "scale": ("Population scale", "人口规模"),
    "scale_text": (
        "scale {scale} ({residents} residents; scale 1 is the whole subdistrict)",
        "规模系数{scale}（{residents}名居民；系数1为全街道）",
    ),
    "intervals": ("Intervals", "区间"),
    "intervals_text": (
        "Student-t 95% confidence intervals of the mean across replicates; differences "
        "from the reference are paired by seed",
        "各次重复均值的Student-t 95%置信区间；与基准之差按种子配对",
    ),
    "code": ("Code version", "代码版本"),
    "run": ("Run", "运行时间"),
    "parameters": ("varied", "变化参数"),
}

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 "Noto Sans", "Noto Sans CJK SC", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
.sub { color: var(--muted); margin: 0 0 20px; }
h2 { font-size: 1.25em; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.findings li { margin: 6px 0; }
.headline { border: 3px solid #1a1a1a; border-radius: 6px; padding: 6px 20px 10px;
  background: #fffbea; margin: 16px 0 24px; font-size: 1.12em; }
.headline h2 { border: 0; margin: 6px 0; }
.headline p { margin: 6px 0; }
.caveats { border-left: 4px solid #D55E00; padding: 2px 16px; background: #fdf4ee; }
table.glossary td, table.glossary th { text-align: left; }
.methods { border: 2px solid #0072B2; border-radius: 6px; padding: 8px 20px 12px;
  background: #f4f9fc; margin: 24px 0; }
.methods h2 { border: 0; margin: 8px 0; }
.methods dl { display: grid; grid-template-columns: 12em 1fr; gap: 4px 16px; margin: 0; }
.methods dt { font-weight: bold; }
.methods dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: right;
  vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
table.points td, table.points th { text-align: left; }
tr.reference td:first-child { font-weight: bold; }
td small { color: var(--muted); display: block; }
td small.hit { color: var(--ink); font-weight: bold; }
.note { color: var(--muted); font-size: 0.9em; }
figure { margin: 28px 0; }
figure img { display: block; max-width: 100%; height: auto; margin: 8px 0; }
figcaption { color: var(--muted); font-size: 0.92em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  figure, .methods, table, tr { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .methods { background: none; }
  figure img { max-height: 240mm; width: auto; }
}
"""

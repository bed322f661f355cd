"""The HTML report (`--html OUT.html`): one self-contained page rendered from a report document.

Inline CSS and SVG only: no script, no font, no image, no link to anything, so the file opens the
same from a laptop, a CI artifact or an email attachment. Every value that comes from a run
(transcript text, ids, labels, file names) goes through `html.escape`: a visitor's message is data,
never markup.

Sections, always in this order and always present (a section a run cannot fill says so): the
headline numbers, the funnel chart and its numbers, the tier confusion matrix, per-label precision /
recall / F1, the personas (simulations), the worst conversations with their turns and why they
failed, and the comparison with a baseline report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, Final

SECTIONS: Final = (
    ("headline", "Headline"),
    ("funnel", "Funnel"),
    ("confusion", "Tier confusion matrix"),
    ("labels", "Labels: precision, recall, F1"),
    ("personas", "Personas"),
    ("worst", "Worst conversations"),
    ("baseline", "Compared with the baseline"),
)

_CSS: Final = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2330;margin:0;background:#f5f6f8}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
h3{font-size:14px;margin:16px 0 6px}
.sub{color:#5b6475;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:20px}.card span{color:#5b6475;font-size:12px}
table{border-collapse:collapse;background:#fff;margin:4px 0 12px}
th,td{border:1px solid #d8dce3;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f4;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#5b6475;font-style:italic}
.pass,.ok,.better{color:#17663a;font-weight:600}.fail,.worse{color:#a3201b;font-weight:600}
.xfail{color:#8a5a00;font-weight:600}.xpass{color:#1d4ed8;font-weight:600}.same{color:#5b6475}
.banner{padding:10px 14px;border-radius:8px;margin:12px 0;font-weight:600}
.banner.ok{background:#e3f4e8;border:1px solid #9bd3ad}.banner.fail{background:#fbe7e6;border:1px solid #eba8a4}
details{background:#fff;border:1px solid #d8dce3;border-radius:8px;margin:8px 0;padding:6px 10px}
summary{cursor:pointer;font-weight:600}
.turns td.role{white-space:nowrap;color:#5b6475}.turns td.meta{width:250px}.turns tr.visitor td.text{background:#f3f7ff}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef0f4;padding:0 3px;border-radius:3px}
ul{margin:4px 0 8px 18px;padding:0}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _num(value: Any, digits: int = 3) -> str:
    if isinstance(value, bool) or value is None:
        return "–" if value is None else _e(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return _e(value)


def _pct(value: Any) -> str:
    return "–" if not isinstance(value, int | float) else f"{100 * value:.1f}%"


def _seconds(value: Any) -> str:
    if not isinstance(value, int | float):
        return "–"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"


def _labels(labels: Mapping[str, Any] | None) -> str:
    if not labels:
        return ""
    parts: list[str] = []
    for kind in ("signals", "objections", "intents"):
        parts.extend(f"<code>{_e(v)}</code>" for v in labels.get(kind, []))
    for slot, value in (labels.get("slots") or {}).items():
        parts.append(f"<code>{_e(slot)}={_e(value)}</code>")
    return " ".join(parts)


def _section(key: str, body: str) -> str:
    title = dict(SECTIONS)[key]
    return f'<section id="{key}"><h2>{_e(title)}</h2>{body}</section>'


def _note(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


def _headline(report: Mapping[str, Any]) -> str:
    funnel = report.get("funnel") or {}
    accuracy = (report.get("outcomes") or {}).get("accuracy") or {}
    cards = [
        ("conversations", _num(report.get("conversations"))),
        ("tier accuracy", _pct(accuracy.get("tier"))),
        ("route accuracy", _pct(accuracy.get("route"))),
        ("qualified rate (L2+)", _pct(funnel.get("qualified_rate"))),
        ("L2 to L3", _pct(funnel.get("l2_to_l3_rate"))),
        ("chat to pipeline (median)", _seconds((funnel.get("chat_to_pipeline") or {}).get("median_seconds"))),
        ("CRM record rate", _pct(funnel.get("crm_record_rate"))),
        ("cost per qualified", _usd((funnel.get("cost") or {}).get("per_qualified_conversation_usd"))),
    ]
    simulation = report.get("simulation")
    if simulation:
        cards.insert(1, ("persona pass rate", _pct(simulation.get("pass_rate"))))
    items = "".join(f'<div class="card"><b>{value}</b><span>{_e(name)}</span></div>' for name, value in cards)
    return f'<div class="cards">{items}</div>'


def _usd(value: Any) -> str:
    return "–" if not isinstance(value, int | float) else f"${value:,.4f}"


def _funnel_svg(stages: Sequence[Mapping[str, Any]], crm_records: int) -> str:
    rows = [*stages, {"stage": "CRM record created", "count": crm_records}]
    total = max((int(r.get("count") or 0) for r in rows), default=0) or 1
    bar_max, label_w, row_h = 560, 170, 34
    height = row_h * len(rows) + 10
    parts = [
        f'<svg role="img" aria-label="funnel" width="{label_w + bar_max + 140}" '
        f'height="{height}" viewBox="0 0 {label_w + bar_max + 140} {height}">'
    ]
    colours = ("#9aa5b8", "#6b8fd6", "#3b6fd1", "#17663a", "#8a5a00")
    first = int(rows[0].get("count") or 0) or 1
    for i, row in enumerate(rows):
        count = int(row.get("count") or 0)
        width = max(2, round(bar_max * count / total)) if count else 0
        y = 5 + i * row_h
        share = f"{100 * count / first:.1f}%" if i else ""
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end" font-size="13" fill="#1d2330">'
            f"{_e(row.get('stage'))}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{width}" height="{row_h - 10}" rx="4" '
            f'fill="{colours[i % len(colours)]}"/>'
            f'<text x="{label_w + width + 8}" y="{y + 20}" font-size="13" fill="#1d2330">'
            f"{count} {share}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _funnel(report: Mapping[str, Any]) -> str:
    funnel = report.get("funnel")
    if not funnel:
        return _note("No funnel in this report.")
    time = funnel.get("chat_to_pipeline") or {}
    within = funnel.get("qualified_within_4_exchanges") or {}
    cost = funnel.get("cost") or {}
    rows = [
        ("Qualified conversation rate (L2+ / all)", _pct(funnel.get("qualified_rate"))),
        ("L2 to L3 rate (L3 / L2+)", _pct(funnel.get("l2_to_l3_rate"))),
        (
            "Chat to pipeline, median (mean)",
            f"{_seconds(time.get('median_seconds'))} ({_seconds(time.get('mean_seconds'))}) over "
            f"{_num(time.get('conversations'))} conversations; median {_num(time.get('median_visitor_messages'), 1)} "
            "visitor messages",
        ),
        (
            "Conversation to CRM record rate",
            f"{_pct(funnel.get('crm_record_rate'))} ({_num(funnel.get('crm_records'))} records)",
        ),
        (
            "Qualified within 4 exchanges",
            f"{_pct(within.get('share'))} ({_num(within.get('within'))} of {_num(within.get('qualified'))})",
        ),
        (
            "Cost per qualified conversation",
            f"{_usd(cost.get('per_qualified_conversation_usd'))} ({_num(cost.get('prompt_tokens'))} prompt + "
            f"{_num(cost.get('completion_tokens'))} completion tokens, {_usd(cost.get('total_usd'))} in all)",
        ),
    ]
    table = "".join(f"<tr><th>{_e(name)}</th><td>{value}</td></tr>" for name, value in rows)
    recovery = funnel.get("objection_recovery") or {}
    rec_rows = "".join(
        f"<tr><td>{_e(kind)}</td><td class=n>{_num(r.get('raised'))}</td>"
        f"<td class=n>{_num(r.get('recovered'))}</td><td class=n>{_pct(r.get('rate'))}</td></tr>"
        for kind, r in recovery.items()
    )
    return (
        _funnel_svg(funnel.get("stages") or [], int(funnel.get("crm_records") or 0))
        + f"<table>{table}</table>"
        + "<h3>Objection recovery (raised, then L2+ or a booking anyway)</h3>"
        + "<table><tr><th>objection</th><th>raised</th><th>recovered</th><th>rate</th></tr>"
        + rec_rows
        + "</table>"
    )


def _confusion(report: Mapping[str, Any]) -> str:
    outcomes = report.get("outcomes")
    if not outcomes or not outcomes.get("conversations"):
        return _note("No gold tiers in this run, so no confusion matrix.")
    matrix = outcomes.get("tier_confusion") or {}
    order = matrix.get("order") or []
    rows = matrix.get("rows_gold_cols_predicted") or []
    biggest = max((c for row in rows for c in row), default=0) or 1
    head = "".join(f"<th>{_e(t)}</th>" for t in order)
    body = []
    for tier, row in zip(order, rows, strict=False):
        cells = []
        for j, count in enumerate(row):
            alpha = 0.12 + 0.6 * count / biggest if count else 0
            colour = "23,102,58" if order[j] == tier else "163,32,27"
            cells.append(f'<td class=n style="background:rgba({colour},{alpha:.2f})">{count}</td>')
        body.append(f"<tr><th>{_e(tier)}</th>{''.join(cells)}</tr>")
    accuracy = outcomes.get("accuracy") or {}
    fields = "".join(f"<tr><th>{_e(k)}</th><td class=n>{_pct(v)}</td></tr>" for k, v in accuracy.items())
    return (
        "<table><tr><th>gold \\ predicted</th>"
        + head
        + "</tr>"
        + "".join(body)
        + "</table><h3>Outcome accuracy</h3><table>"
        + fields
        + "</table>"
    )


def _labels_section(report: Mapping[str, Any]) -> str:
    labels = report.get("labels")
    if not labels:
        return _note("No labelled turns in this run, so no per-label scores.")
    out = []
    for kind, metrics in labels.items():
        rows = []
        for label, c in (metrics.get("labels") or {}).items():
            rows.append(
                f"<tr><td>{_e(label)}</td><td class=n>{_num(c.get('precision'))}</td>"
                f"<td class=n>{_num(c.get('recall'))}</td><td class=n>{_num(c.get('f1'))}</td>"
                f"<td class=n>{_num(c.get('support'))}</td></tr>"
            )
        micro = metrics.get("micro") or {}
        rows.append(
            f"<tr><th>micro</th><th class=n>{_num(micro.get('precision'))}</th>"
            f"<th class=n>{_num(micro.get('recall'))}</th><th class=n>{_num(micro.get('f1'))}</th>"
            f"<th class=n>{_num(micro.get('support'))}</th></tr>"
        )
        out.append(
            f"<h3>{_e(kind)}</h3><table><tr><th>label</th><th>P</th><th>R</th><th>F1</th>"
            f"<th>support</th></tr>{''.join(rows)}</table>"
        )
    slots = (report.get("slots") or {}).get("slots") or {}
    if slots:
        slot_rows = "".join(
            f"<tr><td>{_e(name)}</td><td class=n>{_num(c.get('accuracy'))}</td>"
            f"<td class=n>{_num(c.get('precision'))}</td><td class=n>{_num(c.get('gold'))}</td></tr>"
            for name, c in slots.items()
        )
        out.append(
            "<h3>slots</h3><table><tr><th>slot</th><th>accuracy</th><th>precision</th><th>gold</th></tr>"
            + slot_rows
            + "</table>"
        )
    return "".join(out)


def _personas(report: Mapping[str, Any]) -> str:
    simulation = report.get("simulation")
    if not simulation:
        return _note("Not a simulation run.")
    summary = (
        f"<p>{_num(simulation.get('passed'))} of {_num(simulation.get('personas'))} passed "
        f"({_pct(simulation.get('pass_rate'))}); {_num(simulation.get('failed'))} failed, "
        f"{_num(simulation.get('expected_failures'))} expected failures (tracked), "
        f"{_num(simulation.get('unexpected_passes'))} unexpected passes.</p>"
    )
    rows = []
    for r in simulation.get("results") or []:
        status = str(r.get("status"))
        detail = "; ".join(_e(f) for f in r.get("failures") or [])
        if r.get("expected_failure"):
            detail += f"<br><i>tracked: {_e(r['expected_failure'])}</i>"
        rows.append(
            f'<tr><td>{_e(r.get("id"))}</td><td class="{_e(status)}">{_e(status)}</td>'
            f"<td>{_e(r.get('description'))}</td><td>{detail}</td></tr>"
        )
    return (
        summary
        + "<table><tr><th>persona</th><th>status</th><th>what it exercises</th><th>failed checks</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _worst(report: Mapping[str, Any]) -> str:
    worst = report.get("worst") or []
    if not worst:
        return _note("Nothing failed: no conversation to show.")
    out = []
    for w in worst:
        status = str(w.get("status"))
        reasons = "".join(f"<li>{_e(r)}</li>" for r in w.get("reasons") or [])
        head = (
            f'<summary>{_e(w.get("id"))} <span class="{_e(status)}">{_e(status)}</span> '
            f"(severity {_num(w.get('severity'))})</summary>"
        )
        extra = f"<p>{_e(w.get('description'))}</p>" if w.get("description") else ""
        if w.get("expected_failure"):
            extra += f"<p><i>tracked: {_e(w['expected_failure'])}</i></p>"
        turns = []
        for index, t in enumerate(w.get("turns") or []):
            role = str(t.get("role"))
            if role == "visitor":
                meta = f"detected {_labels(t.get('labels')) or '–'}"
                if t.get("gold_labels") is not None:
                    meta += f"<br>gold {_labels(t.get('gold_labels')) or '–'}"
                meta += f"<br>tier {_e(t.get('tier'))}"
                if t.get("why"):
                    meta += f"<br><i>{_e(t.get('why'))}</i>"
            else:
                meta = f"move {_e(t.get('move'))}" if t.get("move") else ""
            turns.append(
                f'<tr class="{_e(role)}"><td class=n>{index}</td><td class="role">{_e(role)}</td>'
                f'<td class="text">{_e(t.get("text"))}</td><td class="meta">{meta}</td></tr>'
            )
        out.append(
            f"<details>{head}{extra}<p>Why it failed (turns are numbered from 0, as in the table):</p><ul>{reasons}</ul>"
            f'<table class="turns">{"".join(turns)}</table></details>'
        )
    return "".join(out)


def _baseline(report: Mapping[str, Any]) -> str:
    baseline = report.get("baseline")
    if not baseline:
        return _note("No baseline given (--baseline OLD.json).")
    rows = []
    for m in baseline.get("metrics") or []:
        change = str(m.get("change"))
        delta = m.get("delta")
        shown = "–" if delta is None else f"{delta:+.4f}"
        rows.append(
            f"<tr><td>{_e(m.get('metric'))}</td><td class=n>{_num(m.get('baseline'), 4)}</td>"
            f"<td class=n>{_num(m.get('current'), 4)}</td><td class=n>{shown}</td>"
            f'<td class="{_e(change)}">{_e(change)}</td></tr>'
        )
    better = ", ".join(_e(i) for i in baseline.get("conversations_better") or []) or "none"
    worse = ", ".join(_e(i) for i in baseline.get("conversations_worse") or []) or "none"
    return (
        f"<p>Baseline: <code>{_e(baseline.get('file'))}</code>: {_num(baseline.get('better'))} metrics better, "
        f"{_num(baseline.get('worse'))} worse.</p>"
        f'<p><span class="better">Conversations that now pass:</span> {better}</p>'
        f'<p><span class="worse">Conversations that now fail:</span> {worse}</p>'
        "<table><tr><th>metric</th><th>baseline</th><th>current</th><th>delta</th><th>change</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _gate_banner(report: Mapping[str, Any]) -> str:
    gate = report.get("gate")
    if not gate:
        return ""
    passed = bool(gate.get("passed"))
    items = "".join(
        f"<li>{_e(c.get('check'))}: {_num(c.get('value'), 4)} (bar {_num(c.get('bar'), 3)})"
        f' <span class="{"ok" if c.get("ok") else "fail"}">{"ok" if c.get("ok") else "below"}</span></li>'
        for c in gate.get("checks") or []
    )
    title = "Regression gate passed" if passed else "Regression gate FAILED"
    return f'<div class="banner {"ok" if passed else "fail"}">{title}<ul>{items}</ul></div>'


def render_html(report: Mapping[str, Any]) -> str:
    """The whole page for one report document."""
    title = f"qualify eval {report.get('command')}: {report.get('dataset')}"
    sub = (
        f"company {report.get('company')} · engine {report.get('engine')} · "
        f"{report.get('conversations')} conversations · report schema v{report.get('schema_version')}"
    )
    body = {
        "headline": _headline(report),
        "funnel": _funnel(report),
        "confusion": _confusion(report),
        "labels": _labels_section(report),
        "personas": _personas(report),
        "worst": _worst(report),
        "baseline": _baseline(report),
    }
    sections = "".join(_section(key, body[key]) for key, _ in SECTIONS)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
        f'<h1>{_e(title)}</h1><p class="sub">{_e(sub)}</p>{_gate_banner(report)}{sections}'
        "</main></body></html>\n"
    )

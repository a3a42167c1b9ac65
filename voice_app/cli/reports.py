"""Reports: a round's figures, the paper survey and the annual report section."""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voice_app.services.report_models import RoundReport

from voice_app.cli_progress import progress_bars


def cmd_report(args) -> int:
    from voice_app.services.results import round_report

    try:
        report = round_report(args.survey, args.round, audience=args.audience, by=args.by,
                              compare_round=args.compare_round,
                              view=args.view if args.audience != "staff" else None)
    except LookupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(report.model_dump(mode="json", exclude_unset=True), indent=2, ensure_ascii=False))
    else:
        print(_report_text(report))
    return 0


def _report_text(report: RoundReport) -> str:
    lines = [f"{report.title} — {report.round} ({report.audience})",
             f"Responses: {report.responses}"
             + (f" of {report.invited} invited" if report.invited else "")
             + (f", a response rate of {report.response_rate_pct}%"
                if report.response_rate_pct is not None else "")]
    for qid, q in report.questions.items():
        if q.type == "text":
            lines.append(f"{qid}: {q.n} written answers")
            continue
        head = f"{qid} (n={q.n})"
        if q.positive_pct is not None:
            ci = q.positive_ci95
            head += f": {q.positive_pct}% positive" + (f" (95% CI {ci[0]}–{ci[1]})" if ci else "")
        lines.append(head)
        for option, count in q.counts.items():
            pct = q.pct.get(option)
            lines.append(f"    {option}: {count}" + (f" ({pct}%)" if pct is not None else ""))
    return "\n".join(lines)


def cmd_paper_survey(args) -> int:
    from voice_app.services import paper, paper_pdf

    try:
        data = paper_pdf.paper_pdf(args.survey, args.lang, args.age, args.site)
    except paper.PaperError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"Paper version of {args.survey} saved to {args.out}")
    return 0


def cmd_annual_report(args) -> int:
    from voice_app.services.annual_report import documents as annual_report

    try:
        with progress_bars({"composing": "sections", "rendering": "sections"}) as progress:
            data = annual_report.export(None, args.start, args.end, args.format, progress=progress)
    except (LookupError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"Annual report section ({args.format}) saved to {args.out}")
    return 0

"""Children's words: coding comments, evaluating the coder, recoding, retraining, safeguarding examples."""
from __future__ import annotations

import json
import sys

from voice_app.cli_progress import progress_bars


def cmd_code_text(args) -> int:
    """Code a CSV of comments: themes, sentiment, safeguarding flag. Reads and writes nothing else."""
    import pandas as pd

    from analysis.text import code_frame
    from voice_app.services.exports import safe_frame

    try:
        df = pd.read_csv(args.file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        coded = code_frame(df, args.text_column)
    except (ValueError, OSError, UnicodeDecodeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    columns = [args.text_column, "themes", "sentiment", "sentiment_score", "flagged", "flag_reason", "flag_level"]
    out = coded[columns].rename(columns={args.text_column: "text"})
    if args.format == "json":
        out = out.astype(object).where(out.notna(), None)  # null, never NaN (which is not JSON)
        print(json.dumps(out.to_dict(orient="records"), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(safe_frame(out).to_csv(index=False))
    return 0


def cmd_evaluate_text(args) -> int:
    from analysis.text.evaluate import evaluate_files

    try:
        result = evaluate_files(args.train, args.test)
    except (ValueError, OSError, KeyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, default=str) if args.format == "json" else
          "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0


def cmd_recode_text(args) -> int:
    from voice_app.services.coding import recode_round
    from voice_app.services.organisations import list_rounds

    rounds = [r.id for r in list_rounds(args.survey) if not args.round or r.name == args.round]
    if not rounds:
        print(f"error: no rounds found for '{args.survey}'", file=sys.stderr)
        return 1
    with progress_bars() as progress:
        recoded = recode_round(rounds, progress=progress)
    print(f"Recoded {recoded} comments (workers' corrections kept)")
    return 0


def cmd_retrain_text(args) -> int:
    """An organisation's text model learned again from its workers' corrections (after a bulk correction)."""
    from voice_app.services.comments import train_model
    from voice_app.services.organisations import organisation_id

    try:
        with progress_bars({"loading": "comments", "fitting": "steps", "storing": "models"}) as progress:
            learned = train_model(None, organisation_id(args.org), progress=progress)
    except (LookupError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Learned from {learned} corrected comments of {args.org}")
    return 0


def cmd_safeguarding_examples(args) -> int:
    """Leads' verdicts on the screen (missed, false alarm) as text,concern,category for its next training."""
    from voice_app.services import safeguarding

    args.out.write_bytes(safeguarding.examples_csv(None))
    print(f"{len(safeguarding.examples(None))} labelled examples saved to {args.out}")
    return 0

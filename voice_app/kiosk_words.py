"""The kiosk's own words for children (the survey files carry the rest). Plain, short, and
measured for readability in tests/surveys/test_child_wording.py."""

BEFORE_WRITING = ("🛡️ If you write something that makes us worried about your safety, "
                  "a grown-up may need to act on it to help keep you safe.")
TEXT_LABEL = "Write your answer here"
TOO_LONG = "That's the most you can write here."
CAN_SKIP = "You can skip this one."
SAVING = "We're saving your answers — please wait"
JUST_A_MOMENT = "Just a moment — please wait"
# Static markdown (no user text): where to get help now, kept until the next child starts.
HELP_NOW = ("**Do you want to talk to someone now?**\n\n"
            "- Talk to a grown-up you trust, or ask someone at the desk.\n"
            "- **Childline**: call **0800 1111**. It is free, any time. Or go to childline.org.uk\n"
            "- **Shout**: text **SHOUT** to **85258**\n"
            "- If you are in danger now, call **999**.")

ALL = ["BEFORE_WRITING", "TEXT_LABEL", "TOO_LONG", "CAN_SKIP", "SAVING", "JUST_A_MOMENT", "HELP_NOW"]

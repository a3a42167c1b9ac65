"""The kiosk's own words for children (the survey files carry the rest). Plain, short, and
measured for readability in tests/surveys/test_child_wording.py. Other languages are in
TRANSLATIONS (tests/surveys/test_translations.py checks each has every word); like the survey
files' translations, they await a native speaker's review."""

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
START = "Start ▶"
NEXT = "Next ▶"
BACK = "◀ Back"
RATHER_NOT_SAY = "I'd rather not say"
TYPE_HERE = "Type here…"
MORE_TO_GO = "{n} more to go"
LAST_ONE = "Last one!"
# The speaker button on every screen, and the switch on the first one that keeps it reading.
READ_ALOUD = "Read to me"
READ_ALL = "Read everything to me"
ALL_DONE = "All done!"
READY_TO_SEND = "That's everything. Ready to send your answers?"
SEND = "Send my answers ✉️"
THANK_YOU = "Thank you! 🎉"
THANK_YOU_AFTER_CONCERN = "Thank you"
NEXT_PERSON = "Next person ▶"
# The paper version's own words (services/paper.py): the same survey, printed.
TICK_ONE = "Tick one box."
TICK_ANY = "Tick all the boxes that are true for you."
PAPER_PLACE = "Place"
PAPER_DATE = "Date"
PAPER_SCAN = "Or scan this to answer on a phone or tablet."

ALL = ["BEFORE_WRITING", "TEXT_LABEL", "TOO_LONG", "CAN_SKIP", "SAVING", "JUST_A_MOMENT", "HELP_NOW",
       "START", "NEXT", "BACK", "RATHER_NOT_SAY", "TYPE_HERE", "MORE_TO_GO", "LAST_ONE", "READ_ALOUD",
       "READ_ALL", "ALL_DONE", "READY_TO_SEND",
       "SEND", "THANK_YOU", "THANK_YOU_AFTER_CONCERN", "NEXT_PERSON",
       "TICK_ONE", "TICK_ANY", "PAPER_PLACE", "PAPER_DATE", "PAPER_SCAN"]

# Each language by its own name, as a child looks for it.
LANGUAGE_NAMES = {"en": "English", "en-easy": "Easy Read", "pl": "Polski", "cy": "Cymraeg", "ur": "اردو",
                  "pa": "ਪੰਜਾਬੀ", "ro": "Română", "ar": "العربية", "so": "Soomaali", "uk": "Українська"}
RIGHT_TO_LEFT = {"ar", "ur", "fa", "he"}

# Arabic: a phone number between U+2066 and U+2069 (invisible) reads left to right in a
# right-to-left line ("0800 1111", never "1111 0800"). In Arabic, ◀ points forward.
_CHILDLINE_AR = "\u20660800 1111\u2069"
TRANSLATIONS: dict[str, dict[str, str]] = {
    "pl": {
        "BEFORE_WRITING": "🛡️ Jeśli napiszesz coś, przez co będziemy się martwić o twoje bezpieczeństwo, "
                          "dorosła osoba może musieć coś zrobić, żeby cię chronić.",
        "TEXT_LABEL": "Napisz tutaj swoją odpowiedź",
        "TOO_LONG": "To najwięcej, ile możesz tu napisać.",
        "CAN_SKIP": "Możesz pominąć to pytanie.",
        "SAVING": "Zapisujemy twoje odpowiedzi — proszę czekać",
        "JUST_A_MOMENT": "Chwileczkę — proszę czekać",
        "HELP_NOW": ("**Czy chcesz teraz z kimś porozmawiać?**\n\n"
                     "- Porozmawiaj z dorosłym, któremu ufasz, albo zapytaj kogoś w recepcji.\n"
                     "- **Childline**: zadzwoń pod **0800 1111**. To nic nie kosztuje, o każdej porze. "
                     "Możesz też wejść na childline.org.uk\n"
                     "- **Shout**: wyślij SMS o treści **SHOUT** pod numer **85258**\n"
                     "- Jeśli grozi ci niebezpieczeństwo, zadzwoń pod **999**."),
        "START": "Zaczynamy ▶", "NEXT": "Dalej ▶", "BACK": "◀ Wstecz", "RATHER_NOT_SAY": "Wolę nie mówić",
        "TYPE_HERE": "Pisz tutaj…", "MORE_TO_GO": "Zostało: {n}", "LAST_ONE": "Ostatnie pytanie!",
        "READ_ALOUD": "Przeczytaj mi", "READ_ALL": "Czytaj mi wszystko", "ALL_DONE": "Gotowe!",
        "READY_TO_SEND": "To już wszystko. Czy chcesz wysłać swoje odpowiedzi?",
        "SEND": "Wyślij moje odpowiedzi ✉️", "THANK_YOU": "Dziękujemy! 🎉",
        "THANK_YOU_AFTER_CONCERN": "Dziękujemy", "NEXT_PERSON": "Następna osoba ▶",
        "TICK_ONE": "Zaznacz jedną kratkę.", "TICK_ANY": "Zaznacz wszystkie kratki, które do ciebie pasują.",
        "PAPER_PLACE": "Miejsce", "PAPER_DATE": "Data",
        "PAPER_SCAN": "Albo zeskanuj to i odpowiedz na telefonie lub tablecie.",
    },
    "ro": {
        "BEFORE_WRITING": "🛡️ Dacă scrii ceva care ne face să ne îngrijorăm pentru siguranța ta, "
                          "un adult poate fi nevoit să facă ceva ca să te țină în siguranță.",
        "TEXT_LABEL": "Scrie răspunsul tău aici",
        "TOO_LONG": "Atât poți scrie aici, nu mai mult.",
        "CAN_SKIP": "Poți sări peste această întrebare.",
        "SAVING": "Îți salvăm răspunsurile — te rugăm să aștepți",
        "JUST_A_MOMENT": "Doar o clipă — te rugăm să aștepți",
        "HELP_NOW": ("**Vrei să vorbești cu cineva acum?**\n\n"
                     "- Vorbește cu un adult în care ai încredere sau întreabă pe cineva de la recepție.\n"
                     "- **Childline**: sună la **0800 1111**. Este gratuit, oricând. Sau intră pe childline.org.uk\n"
                     "- **Shout**: trimite un SMS cu **SHOUT** la **85258**\n"
                     "- Dacă ești în pericol acum, sună la **999**."),
        "START": "Începe ▶", "NEXT": "Înainte ▶", "BACK": "◀ Înapoi", "RATHER_NOT_SAY": "Prefer să nu spun",
        "TYPE_HERE": "Scrie aici…", "MORE_TO_GO": "Mai sunt: {n}", "LAST_ONE": "Ultima întrebare!",
        "READ_ALOUD": "Citește-mi", "READ_ALL": "Citește-mi totul", "ALL_DONE": "Gata!",
        "READY_TO_SEND": "Asta e tot. Ești gata să trimiți răspunsurile?",
        "SEND": "Trimite răspunsurile mele ✉️", "THANK_YOU": "Mulțumim! 🎉",
        "THANK_YOU_AFTER_CONCERN": "Mulțumim", "NEXT_PERSON": "Următoarea persoană ▶",
        "TICK_ONE": "Bifează o căsuță.", "TICK_ANY": "Bifează toate căsuțele care sunt adevărate pentru tine.",
        "PAPER_PLACE": "Locul", "PAPER_DATE": "Data",
        "PAPER_SCAN": "Sau scanează codul ca să răspunzi pe telefon sau pe tabletă.",
    },
    "uk": {
        "BEFORE_WRITING": "🛡️ Якщо ти напишеш щось, через що ми хвилюватимемося за твою безпеку, "
                          "дорослому, можливо, доведеться щось зробити, щоб тебе захистити.",
        "TEXT_LABEL": "Напиши свою відповідь тут",
        "TOO_LONG": "Більше тут написати не можна.",
        "CAN_SKIP": "Це запитання можна пропустити.",
        "SAVING": "Ми зберігаємо твої відповіді — зачекай, будь ласка",
        "JUST_A_MOMENT": "Хвилинку — зачекай, будь ласка",
        "HELP_NOW": ("**Хочеш поговорити з кимось зараз?**\n\n"
                     "- Поговори з дорослим, якому довіряєш, або запитай когось на рецепції.\n"
                     "- **Childline**: телефонуй **0800 1111**. Це безкоштовно, будь-коли. Або зайди на childline.org.uk\n"
                     "- **Shout**: надішли SMS **SHOUT** на номер **85258**\n"
                     "- Якщо тобі загрожує небезпека, телефонуй **999**."),
        "START": "Почати ▶", "NEXT": "Далі ▶", "BACK": "◀ Назад", "RATHER_NOT_SAY": "Не хочу казати",
        "TYPE_HERE": "Пиши тут…", "MORE_TO_GO": "Залишилося: {n}", "LAST_ONE": "Останнє запитання!",
        "READ_ALOUD": "Прочитай мені", "READ_ALL": "Читай мені все", "ALL_DONE": "Готово!",
        "READY_TO_SEND": "Це все. Надіслати твої відповіді?",
        "SEND": "Надіслати мої відповіді ✉️", "THANK_YOU": "Дякуємо! 🎉",
        "THANK_YOU_AFTER_CONCERN": "Дякуємо", "NEXT_PERSON": "Наступна людина ▶",
        "TICK_ONE": "Познач одну клітинку.", "TICK_ANY": "Познач усі клітинки, які про тебе.",
        "PAPER_PLACE": "Місце", "PAPER_DATE": "Дата",
        "PAPER_SCAN": "Або відскануй це, щоб відповісти на телефоні чи планшеті.",
    },
    "ar": {
        "BEFORE_WRITING": "🛡️ إذا كتبت شيئًا يجعلنا نقلق على سلامتك، فقد يحتاج شخص بالغ إلى أن يفعل شيئًا "
                          "ليحافظ على سلامتك.",
        "TEXT_LABEL": "اكتب إجابتك هنا",
        "TOO_LONG": "هذا أكثر ما يمكنك كتابته هنا.",
        "CAN_SKIP": "يمكنك تخطي هذا السؤال.",
        "SAVING": "نحن نحفظ إجاباتك — انتظر من فضلك",
        "JUST_A_MOMENT": "لحظة واحدة — انتظر من فضلك",
        "HELP_NOW": ("**هل تريد أن تتحدث إلى شخص ما الآن؟**\n\n"
                     "- تحدّث إلى شخص بالغ تثق به، أو اسأل شخصًا عند المكتب.\n"
                     f"- **Childline**: اتصل بالرقم **{_CHILDLINE_AR}**. الاتصال مجاني، في أي وقت. "
                     "أو زر الموقع childline.org.uk\n"
                     "- **Shout**: أرسل رسالة نصية فيها **SHOUT** إلى الرقم **85258**\n"
                     "- إذا كنت في خطر الآن، فاتصل بالرقم **999**."),
        "START": "ابدأ ◀", "NEXT": "التالي ◀", "BACK": "▶ رجوع", "RATHER_NOT_SAY": "أفضّل ألا أقول",
        "TYPE_HERE": "اكتب هنا…", "MORE_TO_GO": "بقي: {n}", "LAST_ONE": "السؤال الأخير!",
        "READ_ALOUD": "اقرأ لي", "READ_ALL": "اقرأ لي كل شيء", "ALL_DONE": "انتهينا!",
        "READY_TO_SEND": "هذا كل شيء. هل تريد إرسال إجاباتك؟",
        "SEND": "أرسل إجاباتي ✉️", "THANK_YOU": "شكرًا لك! 🎉",
        "THANK_YOU_AFTER_CONCERN": "شكرًا لك", "NEXT_PERSON": "الشخص التالي ◀",
        "TICK_ONE": "ضع علامة في مربع واحد.", "TICK_ANY": "ضع علامة في كل مربع ينطبق عليك.",
        "PAPER_PLACE": "المكان", "PAPER_DATE": "التاريخ",
        "PAPER_SCAN": "أو امسح هذا الرمز لتجيب على الهاتف أو الجهاز اللوحي.",
    },
    "cy": {
        "BEFORE_WRITING": "🛡️ Os wyt ti'n ysgrifennu rhywbeth sy'n gwneud i ni boeni am dy ddiogelwch, "
                          "efallai bydd angen i oedolyn wneud rhywbeth i dy gadw di'n ddiogel.",
        "TEXT_LABEL": "Ysgrifenna dy ateb yma",
        "TOO_LONG": "Dyna'r mwyaf y gelli di ei ysgrifennu yma.",
        "CAN_SKIP": "Gelli di hepgor hwn.",
        "SAVING": "Rydyn ni'n cadw dy atebion — arhosa, os gweli di'n dda",
        "JUST_A_MOMENT": "Un eiliad — arhosa, os gweli di'n dda",
        "HELP_NOW": ("**Wyt ti eisiau siarad â rhywun nawr?**\n\n"
                     "- Siarada ag oedolyn rwyt ti'n ei drystio, neu gofynna i rywun wrth y ddesg.\n"
                     "- **Childline**: ffonia **0800 1111**. Mae am ddim, unrhyw bryd. Neu cer i childline.org.uk\n"
                     "- **Shout**: tecstia **SHOUT** i **85258**\n"
                     "- Os wyt ti mewn perygl nawr, ffonia **999**."),
        "START": "Dechrau ▶", "NEXT": "Nesaf ▶", "BACK": "◀ Yn ôl",
        "RATHER_NOT_SAY": "Byddai'n well gen i beidio â dweud",
        "TYPE_HERE": "Teipia yma…", "MORE_TO_GO": "{n} ar ôl", "LAST_ONE": "Yr un olaf!",
        "READ_ALOUD": "Darllena i mi", "READ_ALL": "Darllena bopeth i mi", "ALL_DONE": "Wedi gorffen!",
        "READY_TO_SEND": "Dyna'r cyfan. Wyt ti'n barod i anfon dy atebion?",
        "SEND": "Anfon fy atebion ✉️", "THANK_YOU": "Diolch! 🎉",
        "THANK_YOU_AFTER_CONCERN": "Diolch", "NEXT_PERSON": "Y person nesaf ▶",
        "TICK_ONE": "Ticia un blwch.", "TICK_ANY": "Ticia bob blwch sy'n wir i ti.",
        "PAPER_PLACE": "Lle", "PAPER_DATE": "Dyddiad",
        "PAPER_SCAN": "Neu sganio hwn i ateb ar ffôn neu lechen.",
    },
}


def word(name: str, lang: str) -> str:
    """One of the kiosk's words in a language, or in English when that language lacks it."""
    return TRANSLATIONS.get(lang, {}).get(name) or globals()[name]


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RIGHT_TO_LEFT else "ltr"

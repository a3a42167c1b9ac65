"""The word tables behind sentiment.py: how children and young people write, and what their
words mean in service feedback. Tables only; the rules that use them are in sentiment.py.

Values are polarities in [-1, 1], on TextBlob's scale (its lexicon supplies every word not
listed here). Patterns see lower-cased text after SPELLING has been applied, so they are
written for the standard spelling ("do not", "can not", "you").
"""
from __future__ import annotations

from pathlib import Path

import yaml


def _spelling() -> dict[str, str]:
    groups = yaml.safe_load((Path(__file__).parent / "sentiment_spelling.yaml").read_text(encoding="utf-8"))
    return {written: standard for group in groups.values() for written, standard in group.items()}


# Written forms -> standard words, applied word by word before anything is scored (the table
# is sentiment_spelling.yaml, next to this file, read once here). Negations without
# apostrophes come first: "dont like" must read as "do not like".
SPELLING = _spelling()

# Words that turn the next sentiment word (within NEGATION_REACH words) the other way.
NEGATORS = frozenset("not no never nobody nothing none neither nor without hardly barely".split())
NEGATION_REACH = 4
# Words that neither carry sentiment nor use up the reach of a negation ("not let us do anything fun").
FILLERS = frozenset("a an the any anything anyone anybody ever even really very that so it is are was "
                    "me us you him her them my our your their at all to of much".split())
# Words after which a negation no longer reaches: "nothing, its all good", "nothing everything was good".
NEGATION_STOPS = frozenset(("its", "everything", "zzstop"))  # zzstop: where the text had , . ; : ?
# A new clause: a negation before it does not reach past it, and mixed comments split here.
CLAUSE_BREAKS = frozenset("but though although however whereas except".split())

# Intensifiers TextBlob does not know (it knows very, really, extremely...): they scale the next word.
INTENSIFIERS = {"so": 1.3, "mega": 1.4, "super": 1.4, "proper": 1.3, "well": 1.3, "dead": 1.3,
                "bare": 1.3, "totally": 1.3, "way": 1.2, "too": 1.2, "absolutely": 1.4, "literally": 1.2}
STRETCHED_BOOST = 1.3  # "sooo", "funnn": a stretched word counts this much more

# Children's words of praise and complaint (and words TextBlob reads wrongly in feedback).
# None: not a sentiment word here, although TextBlob scores it ("more staff" is a request,
# "game" is not -0.4, "first time" is not praise).
WORDS = {
    # praise
    "lush": 0.7, "wicked": 0.7, "brill": 0.7, "fab": 0.7, "ace": 0.7, "mint": 0.7, "banging": 0.7,
    "buzzing": 0.7, "chuffed": 0.7, "peng": 0.7, "epic": 0.7, "awesome": 1.0, "amazing": 0.8,
    "fun": 0.6, "funny": 0.5, "laugh": 0.4, "enjoy": 0.5, "enjoyed": 0.6, "enjoying": 0.6, "enjoyable": 0.6,
    "loved": 0.7, "loves": 0.6, "liked": 0.5, "likes": 0.4, "helpful": 0.6, "helped": 0.5, "helps": 0.5,
    "help": 0.3, "listen": 0.4, "listens": 0.5, "listened": 0.5, "listening": 0.4, "understand": 0.4,
    "understands": 0.5, "understood": 0.5, "care": 0.4, "cares": 0.5, "cared": 0.5, "caring": 0.6,
    "trust": 0.5, "supportive": 0.6, "supported": 0.5, "support": 0.3, "relaxing": 0.5, "relaxed": 0.5,
    "chilled": 0.4, "calm": 0.4, "happier": 0.6, "yummy": 0.7, "yum": 0.6, "tasty": 0.6, "alright": 0.4,
    "welcome": 0.5, "welcomed": 0.5, "friends": 0.3, "mates": 0.3, "works": 0.3, "working": 0.2,
    "fair": 0.5, "enough": 0.4, "problem": -0.3, "problems": -0.3, "privacy": 0.3,
    "slaps": 0.6, "goated": 0.8, "bussin": 0.8, "banger": 0.7, "vibes": 0.4, "welcoming": 0.6, "patient": 0.5,
    "chill": 0.4, "believe": 0.4, "believes": 0.4, "believed": 0.4, "respect": 0.4, "respected": 0.5,
    "excited": 0.6, "helpfull": 0.6, "unkind": -0.6, "kindest": 0.9, "nicest": 0.8, "comfy": 0.5, "cosy": 0.5,
    # complaint
    "boring": -0.8, "borin": -0.8, "bored": -0.6, "boredom": -0.6, "meh": -0.5, "cringe": -0.6,
    "cringey": -0.6, "cringy": -0.6, "annoying": -0.7, "annoyed": -0.6, "hate": -0.8, "hated": -0.8,
    "hates": -0.7, "noisy": -0.5, "strict": -0.4, "scared": -0.6, "nervous": -0.4, "worried": -0.5,
    "anxious": -0.4, "upset": -0.6, "lonely": -0.6, "stressed": -0.5, "stressful": -0.6, "stink": -0.7,
    "stinks": -0.7, "smelly": -0.6, "minging": -0.8, "manky": -0.7, "gross": -0.7, "yuck": -0.7,
    "yucky": -0.7, "grim": -0.7, "babyish": -0.5, "childish": -0.5, "shout": -0.5, "shouts": -0.6,
    "shouted": -0.6, "shouting": -0.6, "yell": -0.5, "yelled": -0.6, "yelling": -0.6, "blame": -0.5,
    "blamed": -0.6, "blames": -0.6, "punished": -0.5, "punish": -0.5, "judge": -0.4, "judged": -0.5,
    "judges": -0.4, "judging": -0.4, "judgemental": -0.6, "rushed": -0.4, "rush": -0.4, "hungry": -0.4,
    "tiny": -0.3, "boiling": -0.4, "freezing": -0.4, "headache": -0.5, "unfair": -0.6, "pointless": -0.7,
    "cancelled": -0.5, "canceled": -0.5, "broken": -0.5, "broke": -0.4, "stupid": -0.7, "dumb": -0.6,
    "sucks": -0.7, "suck": -0.6, "worst": -1.0, "waste": -0.6, "ignored": -0.6, "ignore": -0.5,
    "mid": -0.4, "trash": -0.7, "bullied": -0.8, "bully": -0.7, "bullies": -0.7, "bullying": -0.8,
    "moaning": -0.5, "moan": -0.4, "nagging": -0.5, "nag": -0.4, "grumpy": -0.5, "moody": -0.5,
    "embarrassing": -0.6, "embarrassed": -0.5, "awkward": -0.5, "stuck": -0.4, "unhelpful": -0.6,
    "issue": -0.3, "issues": -0.3, "smells": -0.4, "smelt": -0.4, "smelled": -0.4, "sad": -0.5, "lame": -0.6, "dry": -0.3, "miserable": -0.8, "horrible": -0.9, "unsafe": -0.7,
    # not sentiment words here
    "more": None, "many": None, "long": None, "first": None, "game": None, "games": None, "lol": None,
    "sick": None, "hot": None, "loud": None, "new": None, "old": None, "young": None, "little": None,
    "older": None, "younger": None, "big": None,
    "proper": None, "dead": None, "real": None, "quiet": None, "big": None, "small": None, "short": None,
    "early": None, "far": None, "late": -0.3, "same": None, "last": None, "only": None,
    "like": None,  # "like" as praise only after a subject: see LIKE_AFTER
}
# Two words read as one scored word, so that a negation reaches them ("we dont get pocket money
# on time", "i didnt get a say"). The joined forms are scored in WORDS.
JOINS = {"on time": "ontime", "a say": "asay", "a choice": "achoice", "in time": "intime"}
WORDS.update({"ontime": 0.4, "asay": 0.4, "achoice": 0.4, "intime": 0.3})

# "like" is praise after these words ("i like it", "really like"), a filler elsewhere ("like an hour").
LIKE_AFTER = frozenset("i we you they she he really do did does not never would to also still all "
                       "definitely just".split())

# "too X" is a complaint ("too loud", "way too strict") unless X is praise ("too good").
# "to" written for "too" counts only before these words.
TO_FOR_TOO = frozenset("many much long loud hot cold early late strict hard far short small big busy "
                       "noisy boring slow quick fast".split())
TOO_VALUE = -0.5

# Phrases (regular expressions on the spelled-out, lower-cased text) -> polarity. A phrase
# preceded by a negation (NEGATED_BEFORE in sentiment.py) counts the other way, halved.
PHRASES = [
    # praise
    (r"\bdead (?:good|nice|friendly|helpful|kind)\b", 0.8),
    (r"\b(?:can not|could not) (?:fault|complain)|\bno complaints\b|\bnothing (?:to (?:improve|change)|"
     r"could be (?:better|improved))|\b(?:would not|do not) change (?:a thing|anything)|"
     r"\bkeep (?:it )?up\b|\b10/10\b|\bcould not (?:have )?(?:asked for|be|been|done) (?:more|better|nicer|kinder)", 0.8),
    (r"\bthank(?:s| you|ful)?\b|\bgrateful\b|\bappreciat\w*|\blifesaver\b|\bsaved my life\b", 0.6),
    (r"\b(?:helped|helps|helping) me\b|\bfeel(?:ing)? better\b|\bmade me feel (?:safe|welcome|comfortable)", 0.5),
    (r"\b(?:gets|get|got) (?:me|it)$|\bjust gets\b|\b(?:can|could) (?:tell|talk to) \w+(?: \w+){0,2} (?:about )?anything\b|"
     r"\btakes? (?:their|her|his|the|your) time\b|\b(?:made friends|new friends)\b", 0.5),
    (r"\b(?:5|five|10|ten) stars?\b|\b10 out of 10\b|\bcan be (?:myself|me)\b|\bmakes? time for\b|"
     r"\b(?:do|did|does) not mind\b|\b(?:treat|treats|treated) (?:us|me|you) like (?:a )?(?:normal|family|an adult|adults)", 0.6),
    (r"\bcan not wait\b|\bcounting down\b|\bdo not want (?:it )?to (?:leave|end|go home)\b|"
     r"\bdid not want (?:it )?to (?:leave|end|go home)\b|\bnever want to leave\b", 0.7),
    # complaint
    (r"\b(?:rubbish|crap|shit|shite|naff|pants|dire|useless|disgraceful|appalling|shocking)\b", -0.8),
    (r"\b(?:took|takes|take|taking|waited|waiting|wait|on hold) (?:for )?(?:like |nearly |almost |over |about )?(?:ages|forever|too long|so long|hours|"
     r"months|weeks|years|(?:an?|\d+|two|three|four|five|six) (?:hour|hours|hrs|months|weeks|years))\b|"
     r"\btoo long\b|\bwaste of\b|\blet (?:me |us )?down\b|\bfobbed off\b|\b(?:have|had|has) to wait\b", -0.6),
    (r"\b(?:rude|unhelpful|uncaring|dismissive|patronising|never (?:rang|called|phoned)|"
     r"no one (?:rang|called|answered)|nobody listened)\b", -0.6),
    (r"\b(?:0|1|zero|one) stars?\b|\b[01] out of 10\b|\b[01]/10\b|\bcan not stand\b|"
     r"\b(?:treat|treats|treated) (?:us|me|you) like (?:a )?(?:babies|baby|kids|kid|children|child|little kids|criminals|dirt)\b|"
     r"\bnever (?:there|here|around|about|available|in)\b|\b(?:nobody|no one|nothing) (?:does|did|do|ever does) (?:anything|nothing)\b|"
     r"\bhow (?:am i|are we|is anyone|can i|can we|is that) (?:meant|supposed|expected|allowed) to\b|"
     r"\bwhat (?:am i|are we) (?:meant|supposed) to\b|\b(?:so|very|really|well|way|mega|super|bare|proper) long\b|"
     r"\b(?:it is|its|that is|was|is) (?:so |well |proper |bare |really )?(?:long|peak|dead)$", -0.6),
    (r"\b(?:nobody|no one|never|not|without) (?:ask|asks|asked|asking|tell|tells|told|explain\w*|hear|heard|"
     r"get back|gets back|got back|"
     r"talk|talks|talked|talking|see|seen|saw|visit|visits|visited|come|comes|came|call|calls|called|rang|"
     r"text|texts|texted|reply|replies|replied|answer|answers|answered|lets?(?! (?:me|us|you|them|anyone) down)|allowed|check|checks)\b", -0.6),
    (r"\b(?:not|never) (?:work|works|working)\b|\b(?:wait|waiting|queue|journey|session|day|sessions|waits)"
     r" (?:was|is|were|are) (?:so |very |really |too |well |way )?long\b", -0.6),
    (r"\bneeds? (?:to )?improv\w*|\bimprove\b", -0.6),
    (r"\bnothing (?:\w+ )?(?:to do|for (?:us|me|kids|teenagers|older))\b|\bnothing (?:ever )?changes\b|"
     r"\bwhat is (?:even )?the point\b|\b(?:nobody|no one|no \w+) (?:my age|to (?:talk|play|hang|chat))\b|"
     r"\bon my nerves\b|\btold (?:me |us )?off\b|\b(?:i|we) miss (?:my|home|being)\b|\bmiles away\b|"
     r"\bfor (?:babies|babys|little kids|little ones|younger kids)\b|\bsick of\b|\bfed up\b|\bhad enough\b", -0.6),
    (r"\b(?:cancel+ed|late|broken|forgot(?:ten)?|lost|changed|moved) again\b|"
     r"\bkeeps? (?:on )?(?:changing|cancell?ing|getting|being|cutting|breaking|forgetting|moving|having to)\b", -0.6),
    # sarcasm: praise words said about something bad
    (r"\b(?:oh|yeah|yea|yay) (?:great|brilliant|lovely|fun|perfect|love|amazing)\b|\byeah right\b|"
     r"\bthanks a lot\b", -1.0),
    # complaints phrased as questions
    (r"\bwhy (?:do|does|did|is|are|was|were|can|can not|have|has|must|should|will not|would|are not|is not|"
     r"do not|does not|did not|they|we|i)\b|\bhow come\b", -0.6),
    # requests and suggestions for improvement count as negative, as the NHS labellers count them
    (r"\b(?:we|you|they|there|it|staff|sessions?) (?:need|needs|should|must|ought) \w+|"
     r"\bcan (?:we|you|they|i|u) (?:have|get|do|go on|go) (?:more|better|some|longer)\b|"
     r"\b(?:should|needs? to|could|would) (?:be|do|try|have been) (?:more|better|longer|bigger|comfier|comfy|quicker|nicer|shorter|"
     r"cleaner|warmer)\b|\b(?:want|wish|would like) (?:\w+ )?(?:more|longer|bigger|better|less|fewer)\b", -0.8),
    (r"\bnot (?:bad|too bad)\b", 0.3),
]
# How a comment opens (matched at its start only, and only when no phrase starts there): a
# request or suggestion ("more snacks please", "fix the wifi", "maybe longer sessions").
OPENINGS = [
    (r"(?:please )?(?:more|better|bigger|longer|shorter|less|fewer|comfier|quicker|faster|nicer|clearer|"
     r"easier|fix|get|make|bring|add|change|stop|need|needs|send|provide|allow|let|be|try|listen|answer|put|"
     r"offer|employ|hire|open|reduce|increase|improve)\b|(?:maybe|perhaps) \w+", -0.8),
]
EMOJI = [
    (r"😊|😀|😁|😃|😄|😍|🥰|👍|❤️|❤|♥|💕|🙂|☺|😎|🔥|💯|🥳|🤩|😆|😂|🤣|👌|🙌|👏|😇|💖|💗|💙|💜|🧡|💚|💛|🤗|⭐|🌟", 0.8),
    (r"😡|😠|😢|😭|👎|😞|😔|🙁|☹|😤|🤬|💩|🤮|🙄|😒|😑|😴|🥱|😩|😫", -0.8),
]

# A whole comment that says nothing either way.
NOTHING = (r"^\W*(?:nothing|none|no|n/?a|nope|nil|not applicable|did not answer|no comment\w*|idk|dunno|"
           r"(?:i )?do not know(?: what to (?:put|say|write))?|not sure|no idea|nothing new|nothing to (?:say|add)|"
           r"nothing else|(?:i )?can not think(?: of (?:anything|nothing|any))?|-+|\.+|"
           r"(?:i am )?not (?:really )?(?:sure|bothered)(?: what to (?:say|put|write))?(?: either way)?|"
           r"(?:i )?do not (?:really )?have (?:an opinion|any opinion|anything to say)|no (?:thoughts|opinion))\W*$")

# Comments that are mixed by their shape ("some staff are nice some are not").
MIXED = r"\bsometimes (?:\w+ ){0,5}sometimes\b|\bsome \w+(?: \w+){0,5} some\b|\bhalf (?:\w+ ){0,5}half\b|\bdepends (?:on|who)\b|^depends\b"

# --- wording nobody here wrote (issue 9, second round) ------------------------------------
# Ordinary verbs of what staff do for a child. Said plainly they carry no opinion ("we talked
# about school", "i come on the bus"); under a negation they are the commonest complaint
# children write ("nobody rings me back", "they dont knock", "never turns up", "didnt
# explain"), so a negation that reaches one scores it SILENT_NEGATED.
SILENT_VERBS = frozenset("""
    tell tells telling told explain explains explaining explained explaind explaned explane
    ring rings ringing rang rung phone phones phoned call calls calling called
    text texts texted reply replies replied answer answers answered answerd
    knock knocks knocked knocking nock nocks
    ask asks asked asking say says said saying speak speaks spoke talk talks talked talking
    come comes came coming visit visits visited turnup showup pickup getthrough getback
    look looks looked check checks checked see sees saw seen smile smiles smiled
    notice notices noticed bother bothers bothered follow
    choose pick decide""".split())
# Negations that make a silent verb a complaint ("nothing to say" is no complaint).
SILENT_NEGATORS = frozenset("not never nobody no without".split())
SILENT_NEGATED = -0.6
# Two-word verbs read as one silent verb ("she never turns up", "nobody got back to me").
JOINS.update({"turn up": "turnup", "turns up": "turnup", "turned up": "turnup", "show up": "showup",
              "shows up": "showup", "showed up": "showup", "pick up": "pickup", "picks up": "pickup",
              "picked up": "pickup", "get back": "getback", "gets back": "getback", "got back": "getback",
              "get through": "getthrough", "get thru": "getthrough", "got through": "getthrough",
              "got thru": "getthrough", "talk down": "talkdown", "talks down": "talkdown",
              "talked down": "talkdown", "talking down": "talkdown", "spoke down": "talkdown", "half term": "halfterm"})
# A child's own worry before "but", then a relief after it ("i get nervous but they make it
# easier"): the later clause wins, the comment is not mixed.
SELF_OPENING = r"^\W*(?:i|i am|i was|i get|i got|i feel|i felt|i used to|at first i|me)\b"

# Mild words of complaint and praise children use.
WORDS.update({
    "uncomfy": -0.5, "uncomfey": -0.5, "unconfy": -0.5, "nightmare": -0.7, "nitemare": -0.7,
    "hurry": -0.4, "hurried": -0.4, "hurries": -0.4, "barge": -0.5, "barged": -0.5, "barges": -0.5,
    "gossip": -0.6, "gossips": -0.6, "gossiping": -0.6, "nosy": -0.5, "nosey": -0.5,
    "cramped": -0.5, "crowded": -0.4, "stuffy": -0.4, "grotty": -0.6, "filthy": -0.7,
    "dull": -0.5, "bland": -0.4, "lumpy": -0.4, "liars": -0.7, "liar": -0.7, "lying": -0.5,
    "dread": -0.5, "dreading": -0.5, "forgotten": -0.5, "shabby": -0.5, "fake": -0.5, "snappy": -0.5,
    "legend": 0.8, "diamond": 0.7, "gem": 0.7, "angel": 0.7, "hero": 0.7, "superstar": 0.8,
    "star": 0.6, "easier": 0.4, "calming": 0.5, "soothing": 0.5, "gentle": 0.5, "remembers": 0.4,
    "remembered": 0.4, "updated": 0.4, "belong": 0.5, "proud": 0.5, "brave": 0.4,
    "sticker": 0.4, "stickers": 0.4, "prize": 0.5, "prizes": 0.5, "reward": 0.4, "certificate": 0.4,
    "seriously": None, "serious": None, "talkdown": -0.5, "halfterm": None,
})

# Phrases from here on are grouped for the prefilter (see sentiment_phrases._domain_matches).
FIRST_ROUND_PHRASES = len(PHRASES)
PHRASES.extend([
    # complaint
    (r"\b(?:like|as if) (?:i am |we are |you are )?(?:just )?(?:a|another) (?:number|file|statistic|name on a list)\b|"
     r"\bjust (?:a|another) (?:number|name on a list|file|statistic|case)\b|\bnot (?:me|us)\W*$|"
     r"\binstead of (?:me|us|talking to (?:me|us))\b|\blike (?:i am|we are) not (?:even )?(?:there|here)\b|"
     r"\b(?:a|right|such a|real) pain\b|"
     r"\b(?:lie|lied|lies) to (?:me|us)\b|\bmak\w* (?:it|stuff|things) up\b|\bbreak\w* (?:their |there |her |his )?promises?\b|"
     r"\b(?:look|looks|looking|looked|watch|watching) at (?:the|their|there|her|his) (?:clock|watch)\b|"
     r"\bwant(?:ed)? (?:me|us) (?:gone|out)\b|\bin front of (?:other|everyone|all)\b|\bmy (?:business|stuff)\b|"
     r"\b(?:do not|did not) (?:even )?know (?:who|where) to\b|\bonly (?:see|get to see|once)\b|"
     r"\bonce a (?:month|fortnight|year)\b|\bstill (?:waiting|nothing|no)\b|\bwaiting since\b|\bonly (?:talks?|talked|speaks?|spoke|listens?|listened) to\b|\b(?:on|at) (?:their|there|her|his) phones?\b|\b(?:asks?|asked|asking|tell|say) (?:me |us )?the same (?:questions?|stuff|things?|story)\b|\b(?:choose|decide|pick)s? (?:everything|all) for (?:us|me)\b|\bnew \w+ again\b|\bchang\w* (?:my|our|the) (?:worker|social worker|doctor|therapist|nurse|carer|placement)\b|\b(?:i|we) (?:always |still |even )?(?:have|had|has) to (?!say|admit|thank|praise|commend|mention|compliment)\w+|\bwaiting list\b|"
     r"\b(?:had|have had|been through|seen|on my) (?:\d+|two|three|four|five|six|loads of|so many) (?:different )?(?:workers|social workers|doctors|"
     r"therapists|carers|teachers|placements|nurses|key workers)\b|\b(?:rings|rang|waited|waiting) and (?:rings|rang|waited|waiting)\b|\bjust walk in\b|"
     r"\bthe same (?:questions?|stuff|things?|story) (?:every|each|again|over)|\b(?:tell|say|explain) (?:it|my story|everything) (?:all )?again\b|"
     r"\brepeat (?:myself|ourselves|my story)\b", -0.6),
    (r"\b(?:said|promised|say|says) .{0,40}\b(?:and|but) (?:then )?(?:they |she |he |it |we )?"
     r"(?:never|did not|was not|were not|has not|have not)\b|\bkeeps? (?:on )?(?!doing|going|smiling|coming)\w+ing\b", -0.6),
    # requests: wishes, wants, questions asking for something
    (r"^(?!yes|ok|sure|thank)(?:\w+ ){0,3}(?:please|pls|plz)\W*$|\b(?:i |we )?wish (?:it|they|the|there|we|i|you|staff|sessions?|my|our|someone|people)\b|"
     r"\bwant\w* (?:\w+ ){1,6}not (?:\w+ ){0,2}\w+\W*$|\b(?:i would|would|id) rather\b|"
     r"\b(?:want|need|have|keep|see|get) (?:\w+ ){0,2}the same (?:worker|person|doctor|nurse|therapist|social worker|staff|people|one|teacher|carer)\b|"
     r"^(?:\w+ )?(?:can|could) (?:we|i|you|u|they|there|someone|staff) (?:have|get|be|do|go|keep|see|stay|play|make|bring|put)\b|"
     r"\b(?:could|should) have (?:\w+ ){0,5}(?:more|better|earlier|sooner|quicker|faster)\b|\bis it possible\b|\bit would (?:be )?(?:nice|good|great|better|help|helpful)\b|^would (?:be )?(?:nice|good|great|better)\b", -0.8),
    # praise
    (r"\b(?:got|get|gets|getting) to (?:choose|pick|decide|go|play|do|have|make|stay|help|bake|cook|try)\b|"
     r"\b(?:they|she|he|staff|you|we|i) (?:always |even |sometimes )?(?:let|lets) (?:me|us) (?:choose|pick|decide|have|go|play|stay|hold|help|try)\b|"
     r"\b(?:told|tells|tell|explained|explains|asked|asks|ask) (?:me|us) (?:what|whats|what is|why|how)\b|"
     r"\b(?:take|takes|took|taking|taken) (?:me|us|it|kids|children|you|them|my \w+) serious(?:ly)?\b|\btaken seriously\b|"
     r"\b(?:made|got|saved|brought|bought|gave|give|gives) (?:me|us) (?:a|an|some)\b|"
     r"\b(?:got|get|given) (?:a |an |some )?(?:\w+ )?(?:sticker|prize|treat|badge|certificate|present|reward|lolly|sweets|medal)s?\b|"
     r"\b(?:explain\w*|told me|tells me|went through) (?:\w+ ){0,4}?(?:properly|proper|clearly|so i (?:understood|get it)|in a way|each step|step by step)\b|"
     r"\b(?:keeps?|kept) (?:me|us) (?:updated|informed|in the loop)\b|\blet (?:me|us|you) know\b|\bstraight away\b|"
     r"\b(?:can|could) (?:say|tell|talk about|share|be honest)(?: \w+){0,3} (?:anything|everything)\b|\bcan be honest\b|"
     r"\bbetween (?:us|me and)\b|\bfeels? like (?:home|family)\b|\bpart of the family\b|\bworth (?:it|coming|going)\b|"
     r"\b(?:not|never) (?:\w+ )?(?:as many|as much|as often|so many|so much|as bad)\b(?:.{0,30})\b(?:now|anymore|any more)\b|"
     r"\b(?:makes?|made) (?:me|us) feel (?:normal|better|calm|ok|relaxed|heard|important|special|included|listened|brave)\b|"
     r"\balways (?:knock|explain|listen|ring|call|text|check|say hello|smile|tell (?:me|us) what)", 0.6),
])

# More ordinary verbs of service, and a few of what staff do well when they do it at all
# ("the doctor explained it": mild praise; "nobody explained": a complaint).
SILENT_VERBS = SILENT_VERBS | frozenset("""
    include includes included invite invites invited warn warned inform informed contact contacts
    contacted respond responds responded introduce introduced thank thanked greet greeted return
    returned email emailed message messaged show shows showed shown hear hears heard mention
    mentioned offer offered give gives gave given""".split())
SILENT_AFFIRMED = {"explained": 0.4, "explains": 0.4, "explaind": 0.4, "explaned": 0.4}

WORDS.update({
    "tiring": -0.4, "intimidating": -0.5, "unfriendly": -0.6, "unwelcoming": -0.6, "chaotic": -0.5,
    "unreliable": -0.6, "disorganised": -0.6, "unorganised": -0.6, "hassle": -0.5, "faff": -0.5,
    "shambles": -0.7, "overwhelmed": -0.4, "condescending": -0.6, "distracted": -0.4, "uninterested": -0.5,
    "struggle": -0.4, "struggling": -0.4, "overwhelming": None,
    "understanding": 0.5, "reassuring": 0.6, "reassured": 0.5, "comforting": 0.5, "approachable": 0.6,
    "won": 0.4, "hug": 0.4, "hugs": 0.4,
})
PHRASES.extend([
    (r"\b(?:a|a total|a complete|an absolute|such a) (?:joke|mess|drag|chore)\b|"
     r"\blike (?:a |being in )?(?:prison|jail|a prisoner|a robot|a criminal)\b|\btalk\w* over (?:me|us)\b|"
     r"\b(?:just|always) tell (?:me|us) what to do\b|\bonly care about\b|\b(?:got|get|getting) in trouble\b|"
     r"\b(?:take|took|takes) (?:my|our) (?:phone|stuff|things|xbox|money)\b|"
     r"\b(?:nobody|no one|never|not) (?:\w+ )?play\w* with (?:me|us)\b|"
     r"\bnever (?:go|goes|went|get to go|take us|takes us|took us) (?:anywhere|out|on trips|outside)\b|"
     r"\b(?:can not|not allowed to) go (?:out|outside|anywhere)\b|\bwant (?:\w+ ){1,3}back\b|\bif only\b|"
     r"\bhope (?:they|it|you|we|staff|things) (?:will |can |could )?(?:get|gets|be|start|stop|change|listen|fix|sort)\b", -0.6),
    (r"\b(?:i|we) (?:just |really )?want (?:someone|somebody|them|people|staff|you|adults|the staff|my \w+) to\b|"
     r"\b(?:i|we) would like (?:a|an|some|more|my|our|the|them|someone|to (?!say|thank|praise|compliment|add)\w+)\b", -0.8),
    (r"\beasy to talk to\b|\bdown to earth\b|\bon my side\b|\bthere for (?:me|us)\b|\b(?:have|has|got) (?:my|our) back\b|"
     r"\bextra mile\b|\bmake (?:me|us) laugh\b|\bcheer (?:me|us) up\b|\blook(?:s|ed)? out for (?:me|us)\b|\bhigh fives?\b|"
     r"\bexplain\w* (?:it |things |stuff |everything )?(?:properly|clearly|well|really well|so well|in detail)\b|"
     r"\bexplained everything\b|\b(?:do|did|does) not take (?:\w+ )?long\b", 0.6),
])
# A worry that was only at the start ("it was scary at first but ...") gives way to what
# came after, as the child's own worry does.
EARLIER_ONLY = r"\b(?:at first|to start with|to begin with|in the beginning|at the start|before i came)\b"

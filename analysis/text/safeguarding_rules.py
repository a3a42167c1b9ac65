"""The hand-written safeguarding rules behind safeguarding.py: the kinds of harm a flag names,
who might harm a child, and one pattern per way children write about it, each with the
everyday readings that cancel it (a negation, a lesson about it, hyperbole). Tables only;
the screen that runs them is in safeguarding.py."""
from __future__ import annotations

import re
from dataclasses import dataclass

SELF_HARM = "self-harm or suicidal thoughts"
PHYSICAL = "physical abuse"
SEXUAL = "sexual abuse"
NEGLECT = "neglect"
EXPLOITATION = "exploitation"
DOMESTIC = "domestic abuse"
NOT_SAFE = "not feeling safe"
BULLYING = "bullying/threats"
CATEGORIES = (SELF_HARM, SEXUAL, EXPLOITATION, DOMESTIC, PHYSICAL, NEGLECT, NOT_SAFE, BULLYING)

# People who might harm a child (used inside patterns).
_WHO = (
    r"(?:mum|mam|mom|mother|mummy|dad|daddy|father|step ?dad|step ?mum|step ?father|step ?mother|"
    r"(?:mums?|mams?|moms?|dads?) (?:new )?(?:boyfriend|bf|girlfriend|gf|partner|friend|mate)|"
    r"boyfriend|bf|girlfriend|partner|brother|sister|uncle|aunt|auntie|aunty|nan|nana|nanna|gran|"
    r"grandad|granddad|grandma|grandpa|cousin|carer|foster (?:carer|mum|dad)|teacher|"
    r"he|she|they|someone|somebody|a man|a woman|people|him|her)"
)
_HIT = (
    r"(?:hit|hits|hitting|beat|beats|beating|beaten|punch|punches|punched|punching|kick|kicks|kicked|"
    r"kicking|slap|slaps|slapped|slapping|smack|smacks|smacked|smacking|hurt|hurts|hurting|"
    r"choke|chokes|choked|choking|strangle|strangles|strangled|strangling|throttle\w*|"
    r"burn|burns|burned|burnt|burning|whip\w*|batter|batters|battered|battering|pinch|pinches|"
    r"pinched|bite|bites|bit|shove|shoves|shoved|push|pushes|pushed|grab|grabs|grabbed|threw|"
    r"throw|throws|attack|attacks|attacked|abuse|abuses|abused|abusing|hurted|hitted)"
)
PEER_CONTEXT = re.compile(
    r"\b(?:school|bull\w*|kids|boys|girls|lads|class|year \d+|gang|snapchat|insta\w*|tiktok|online|"
    r"park|toilets|after school|way home|in my year)\b"
)
NEGATED = re.compile(
    r"\b(?:never|not|no|dont|didnt|doesnt|havent|hasnt|wasnt|isnt|wont|nobody|no one|noone)"
    r"(?: \w+){0,3} $"
)
EDUCATION = re.compile(
    r"\b(?:learn\w*|taught|teach\w*|talk\w*|session|lesson|workshop|assembly|leaflet|poster|"
    r"explained|asked (?:me )?(?:about|if))(?: \w+){0,3} (?:about|on|if)?(?: \w+){0,2} $|"
    # a lesson, assembly or poster about the topic a few words back ("an assembly about county
    # lines and older lads using kids to carry drugs"), never merely near it ("after the lesson
    # he hit me"); a *session* only when it is about the topic just before, because children
    # also disclose in their own sessions ("in my session i said i self harm")
    r"\banti $|"
    r"\b(?:lessons?|workshops?|assembl(?:y|ies)|posters?|leaflets?|plays?|films?|books?|programmes?|documentar(?:y|ies)) "
    r"(?:about|on) (?:\w+ ){0,8}$|"
    r"\b(?:sessions?|talks?) (?:about|on) (?:\w+ ){0,2}$|"
    r"\b(?:sessions?|talks?|lessons?|workshops?|assembl(?:y|ies)|videos?) (?:said|says|told us|taught us)(?: \w+){0,3} $"
)
EDUCATION_WINDOW = 80  # characters before a match read for a lesson or talk
# A topic named as the subject of an event ("the self harm awareness session", "suicide
# prevention assembly"), read right after a match. Not "day" or "week": "bullied every day".
TOPIC_AFTER = re.compile(
    r" (?:awareness|prevention|workshops?|sessions?|assembl(?:y|ies)|lessons?|posters?|leaflets?|"
    r"helplines?|charit(?:y|ies)|campaigns?)\b"
)
# Sport, play and games: being hit or kicked there is not abuse, unless someone at home is named.
_SPORT = (
    r"^(?!.*\b(?:mum|mam|mom|dad|step ?dad|step ?mum|mums (?:boyfriend|bf|partner)|carer|uncle|grandad)\b)"
    r".*\b(?:boxing|kickboxing|rugby|hockey|taekwondo|karate|judo|football|footy|netball|basketball|"
    r"dodgeball|cricket|tackle|wrestling|the ball|a ball|in the game|zombie|fortnite|minecraft|roblox)\b"
)
# Play and pets: "hit me with a pillow", "got hit by a snowball", "the dog kicks me in bed".
_PLAY = (r"\b(?:pillows?|pillow fight|pool|the sea|water balloons?|water fight|snowballs?|trampoline|bouncy castle|"
         r"the (?:dog|cat|puppy|kitten))\b")
_LAUGHING = re.compile(r"\b(?:lol|lmao|haha\w*|jk|joke|joking)\b|😂|🤣")
# "mum is going to kill me" about lateness or the bus, or laughing: a parent or teacher, never "he".
_KILLER = r"\b(?:mum|mam|mom|mummy|dad|daddy|nan|teacher|miss|sir|coach|parents|shed)\b(?: \w+){0,3} kill (?:me|us)\b"
_TRIVIAL = r"(?:\blol\b|\blmao\b|😂|🤣|\blate\b|\bmiss\w* (?:\w+ )?(?:bus|registration|train))"
_PARENT_HYPERBOLE = _KILLER + r".*" + _TRIVIAL + r"|" + _TRIVIAL + r".*" + _KILLER


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern
    negatable: bool = False  # a negator just before the match cancels it ("never felt unsafe")
    educational: bool = False  # "we learnt about county lines" cancels it
    unless: re.Pattern | None = None  # hyperbole / benign reading, searched in the whole text


def _r(pattern: str) -> re.Pattern:
    return re.compile(pattern)


RULES: list[Rule] = [
    # --- self-harm and suicidal thoughts -------------------------------------------
    Rule(SELF_HARM, _r(r"\b(?:kms|kmsl)\b")),
    Rule(SELF_HARM, _r(r"\b(?:kill|kil|killing|hang|hanging|hurt|hurting|harm|harming|cut|cutting|"
                       r"burn|burning|starve|starving|stab|stabbing|drown|poison) ?(?:my ?self|meself|my self)\b"),
         negatable=True,
         unless=_r(r"\bhurt (?:my ?self|myself) (?:playing|at|on the|in the|falling|when i fell|doing)")),
    Rule(SELF_HARM, _r(r"\bself ?harm\w*|\bselfharm\w*|\bsh again\b"), negatable=True, educational=True,
         unless=_r(r"\bsaid no\b|\bnever (?:have )?self ?harm")),
    Rule(SELF_HARM, _r(r"\bsu?ic[iu]?d\w*|\bsuicd\w*|\bsucid\w*|\btake (?:my|my own) life|"
                       r"\btaking my (?:own )?life|\b(?:going to|want to|will|might|gonna) end it(?: all| soon| tonight)?\b|\bend(?:ing)? (?:my|my own) life|\bend(?:ing)? it all\b"),
         negatable=True, educational=True),
    Rule(SELF_HARM, _r(r"\b(?:want|wanna|wana|wanted|wanting|going|gonna|ready|like|wish) (?:to )?(?:just )?die\b"),
         negatable=True,
         unless=_r(r"\bdie (?:of|for|laughing|from (?:boredom|embarrassment))")),
    Rule(SELF_HARM, _r(r"\brather (?:be )?(?:dead|die)\b"), unless=_LAUGHING),
    Rule(SELF_HARM, _r(r"\bwish (?:i|id) (?:was|were|had|could) (?:be |just )?(?:dead|die|disappear|never been born|not born)|"
                       r"\bwish i (?:wasnt|werent|was not|wasn t) (?:here|alive|born|around)|"
                       r"\bwant to disappear|\bdisappear forever|\bnever wake up\b")),
    Rule(SELF_HARM, _r(r"\b(?:dont|do not|dnt|no longer|dont even) (?:want|wanna|wana|wish) (?:to )?(?:be )?"
                       r"(?:alive|live|living|exist|be here any ?more|here any ?more|here no more|be here no more)")),
    Rule(SELF_HARM, _r(r"\bpoint (?:in |of )?(?:me )?(?:living|being alive|being here|going on|life|me being)|"
                       r"\bno point (?:me )?(?:being )?alive|\bbetter off without me|\bbetter off dead|"
                       r"\b(?:cant|cannot|can not) (?:do this|go on|carry on|cope) any ?more|"
                       r"\bin case (?:im|i am|i m) (?:not here|gone|dead)|\b(?:suicide|goodbye) note")),
    Rule(SELF_HARM, _r(r"\boverdos\w*|\bod d\b|\btook (?:loads|lots|a load|all|a bunch|a handful) of "
                       r"(?:my |mums |the )?(?:tablets|pills|paracetamol|meds)")),
    Rule(SELF_HARM, _r(r"\bcut(?:s|ting)? (?:my |me )?(?:arms?|wrists?|legs?|thighs?|skin)\b|\bcutting again|"
                       r"\b(?:been|started|keep|kept) cutting\b|"
                       r"\bscratch\w* (?:my )?(?:arms|legs|skin|wrists)|\b(?:till?|until|untill) (?:they|it|my \w+) bleeds?|"
                       r"\bpunch\w* (?:the )?walls?\b|\bjump (?:in front of|off) (?:a |the )?(?:train|bridge|building|car|roof|cliff|bus)"),
         negatable=True),
    Rule(SELF_HARM, _r(r"(?<!roller )\bblades?\b"),
         # a broken pencil sharpener is stationery; taking its blade out is not
         unless=_r(r"^(?!.*\b(?:took|take|takes|taking|out of|again|use|used|using|hid|hide|hidden|hiding)\b)"
                   r".*\bsharpeners?\b|\bblades? of grass\b|\bskates?\b")),
    Rule(SELF_HARM, _r(r"\bhate my ?self\b"), negatable=True, unless=_LAUGHING),
    Rule(SELF_HARM, _r(r"\bfeel(?:ing)? like (?:dying|ending it|giving up on life)")),
    # Told without any self-harm word: others better off, a funeral, not waking up, too many
    # tablets, hurting oneself on purpose (each seen on the development set's train side only,
    # none firing on its look-alikes or on everyday NHS comments)
    Rule(SELF_HARM, _r(r"\b(?:happier|better|easier|notice|notise|care|relieved|miss me)\b(?: \w+){0,4} if i "
                       r"(?:(?:was|were) (?:gone|dead|not here|not around)|(?:wasnt|werent|was not) (?:here|around|alive|in it|born)|"
                       r"disap\w*|died)\b|\bmy (?:own )?fun[ae]?ral\b|"
                       r"\b(?:sleep|go to sleep|leave|go away|disappear|run away) (?:and |to )?(?:not|never) (?:come back|wake up)\b|"
                       r"\b(?:and|would|could|just) (?:not|never) (?:wake|waking) up\b"), negatable=True),
    Rule(SELF_HARM, _r(r"\b(?:swallowed|took|had|ate|taken|drank) (?:\w+ ){0,3}(?:too many|too much|"
                       r"all (?:of )?(?:the|my|mums?|her|his)|a whole (?:box|strip|packet|bottle)|\d+ of (?:my|the|mums?)) "
                       r"(?:\w+ ){0,2}(?:tablets|pills|paracetamol|meds|medicine)\b|"
                       r"\b(?:burn\w*|cut|hurt|hit|bit|scratch\w*|bruis\w*) (?:my|myself|my own) (?:\w+ ){0,4}on purpose\b")),
    # --- sexual abuse ------------------------------------------------------------------
    Rule(SEXUAL, _r(r"\btouch(?:ed|es|ing|s)? me\b|\btouch\w* (?:my |me )?(?:private|privates|bum|bottom|chest|boobs|"
                    r"breasts|willy|penis|vagina|fanny|between my legs)|\bdown there\b|\bprivate parts\b|"
                    r"\b(?:make|made|makes|making) me touch|\binappropriately\b|"
                    # adults call a remark "inappropriate"; children use it for touching and messages
                    r"\binappropriate (?:touch\w*|photos|pics|pictures|messages|texts|things|stuff)")),
    Rule(SEXUAL, _r(r"\brap(?:e|ed|es|ing|ist)\b|\bsexual\w*|\bsex\b|\bmolest\w*|\bpaedo\w*|\bpedo\w*|"
                    r"\bgroom(?:ed|ing) me\b|\bflash(?:ed|es|ing) (?:me|at me|himself)"),
         negatable=True, educational=True, unless=_r(r"\bsex ed\w*|\bsexual health\b|\bsexuality\b")),
    Rule(SEXUAL, _r(r"\bnudes?\b|\bnaked (?:pics|pictures|photos|selfies)|\b(?:pics|pictures|photos|videos) of "
                    r"(?:me|my ?self|my body)\b|\bsend (?:him |her |them )?(?:pics|pictures|photos)(?! of (?:my |the |our )?(?:drawings?|art|paintings?|dog|cat|pets?|food|holiday))|"
                    r"\basked (?:me )?for (?:pics|pictures|photos)|\bblackmail\w*"), educational=True),
    # A secret kept for a surprise or a game is ordinary family life (development set, train side)
    Rule(SEXUAL, _r(r"\b(?:our|a|its our) (?:little )?secret\b|\bkeep (?:it|this) (?:a )?secret"),
         unless=_r(r"\b(?:surprise\w*|birthday|christmas|mothers day|fathers day|party|den|language|santa)\b")),
    Rule(SEXUAL, _r(r"\b(?:said|says|told me|tells me|telling me) (?:to |i )?(?:dont|not to|never|mustnt|shouldnt) tell|"
                    r"\b(?:comes?|came|coming|gets?|got) in(?:to)? my (?:room|bed) at night|"
                    r"\bhands? (?:down|up|inside|in) my (?:trousers|pants|top|skirt|shirt|knickers|pyjamas)|"
                    r"\b(?:made|make|makes|forced|forces|force) me (?:to )?(?:do (?:things|stuff|it|sexual)|have sex|"
                    r"kiss|suck|undress|take (?:my )?clothes)|\bforced me\b")),
    # --- exploitation ------------------------------------------------------------------
    Rule(EXPLOITATION, _r(r"\bcounty lines?\b|\bgoing missing\b|\bgo missing\b|\bi owe (?:him|them|her|money)|"
                          r"\bowe (?:him|them|her) (?:now|money)|\bwork it off\b|\btell (?:me|us) where to go\b|"
                          r"\bfree (?:weed|vapes?|alcohol|drugs|fags|cigs)\b|\b(?:gives? me|gave me|giving me) (?:weed|vapes?|alcohol|drink|drugs|fags|cigs|trainers)|"
                          r"\b(?:sell|selling|sold|deal|dealing|hide|hid|hiding|hold|holding|carry|carrying|keep|keeping) "
                          r"(?:\w+ ){0,2}(?:drugs|weed|gear|packages?|parcels?)\b|"
                          r"\bpa(?:y|ys|id|ying) (?:me|us) (?:for|to) (?:photos|pics|pictures|videos|carry|drop|deliver|hold|keep|run|sell|move)|"
                          r"\b(?:boyfriend|bf|girlfriend|gf) is (?:1[89]|[2-5]\d)\b|"
                          r"\b(?:running|run|runs|deliver\w*|drop\w* off|carry\w*|hold\w*) (?:\w+ ){0,2}for (?:them|him|some|older)"),
         educational=True),
    Rule(EXPLOITATION, _r(r"\b(?:older|some|these|grown) (?:boys|lads|guys|men|man|kids|people)\b(?: \w+){0,8} "
                          r"(?:pay|pays|paid|paying|give me|gives me|gave me|give us|buy|buys|bought|money|stuff|"
                          r"packages?|parcels?|drugs|weed|phone|carry|hold|keep|deliver\w*|sell\w*)\b|"
                          r"\b(?:pay|pays|paid|paying|give|gives|gave|giving) (?:me|us) (?:money )?(?:\w+ ){0,2}(?:to|for) "
                          r"(?:carry\w*|hold\w*|keep\w*|deliver\w*|drop\w*|sell\w*|mov\w*|hid\w*) (?:stuff|things|bags?|packages?|parcels?|it|them)\b|"
                          r"\b(?:keep|hold|hide) (?:stuff|things|bags?) (?:at|in) my (?:house|room|bag) for\b"),
         educational=True),
    # --- domestic abuse ----------------------------------------------------------------
    Rule(DOMESTIC, _r(r"\bdomestic (?:violence|abuse)|\bviolent (?:to|towards|with) (?:her|my mum|mum|my mam|my mom)|"
                      r"\b" + _HIT + r" (?:my |me )?(?:mum|mam|mom|mother|mummy|nan)\b|"
                      r"\b(?:he|dad|boyfriend|bf|partner|step ?dad) (?:\w+ ){0,3}" + _HIT + r" her\b|"
                      r"\bthreaten\w* (?:my )?(?:mum|mam|mom)\b|\bsmash(?:es|ed|ing)? (?:things|stuff|the house|everything)"),
         negatable=True, educational=True),
    Rule(BULLYING, _r(r"\b(?:said|says|saying|say|told me|threaten\w*|going to|gonna|will|theyll|hell|shell|theyd|hed|"
                      r"wants? to|is going to) (?:\w+ ){0,3}(?:kill|stab|shoot|hurt|jump|beat|batter|smash|get|knife) "
                      r"(?:me|us|my family|my mum)\b"),
         unless=_r(r"\b(?:mum|dad|mam|mom|sister|brother|nan|teacher) (?:will|would|is going to|gonna|is gonna) kill me "
                   r"(?:if|for|when)|\bkill me (?:if|for|when) (?:i|im)\b|" + _PARENT_HYPERBOLE)),
    # --- physical abuse (becomes bullying/threats when peers/school are mentioned) --------
    Rule(PHYSICAL, _r(r"\b" + _HIT + r" (?:me|us)\b(?! at\b| in a (?:race|game)| to it| that| how)"),
         negatable=True, educational=True,
         unless=_r(_SPORT + r"|" + _PLAY + r"|\bbeats? me (?:at|in)\b|\bhurts? me (?:to|when i)\b|\bhit me (?:that|how)\b|"
                   r"\bby accident\b|\bwheelchair\b|"
                   r"\b(?:injection|jab|needle|blood test|it|that|the light|the noise) (?:\w+ )?hurt")),
    Rule(PHYSICAL, _r(r"\b(?:get|gets|got|getting|been|was|were|being|am) (?:(?!a |the |big |such )\w+ )?(?:hit|smacked|slapped|battered|beaten|"
                      r"kicked|punched|beat up|beaten up|hurt by|abused)\b"),
         negatable=True,
         unless=_r(_SPORT + r"|" + _PLAY + r"|\bhurt (?:playing|at football|at rugby|in (?:pe|football|rugby|a game))|"
                   r"\bhit (?:a growth|different|the)|\bby accident\b")),
    Rule(PHYSICAL, _r(r"\b(?:got|get|gets|getting) the belt\b|\buses? the belt on\b"),
         unless=_r(_SPORT + r"|\bgrading\b|\b(?:black|yellow|orange|green|blue|brown|red|purple) belt\b")),
    Rule(PHYSICAL, _r(r"\bbruis\w* (?:from|cos|because|off|on me)|\bbruises? from\b|\bmarks? on my (?:face|arms?|body|back|legs?)|"
                      r"\b(?:till|until|til) i bruise|\bpull(?:s|ed|ing)? my hair|\block(?:s|ed)? me in\b|"
                      r"\b(?:throws?|threw|throwing) (?:\w+ ){1,2}at me\b|\bbelt\b.*\bhit|\bhit\b.*\bbelt\b"),
         negatable=True, unless=_r(_SPORT + r"|\bball at me\b|\bby accident\b")),
    # --- not feeling safe -----------------------------------------------------------------
    Rule(NOT_SAFE, _r(r"\b(?:dont|do not|didnt|never|not|dont really|dnt|doesnt) (?:\w+ )?(?:feel|felt|feeling|feels) "
                      r"(?:\w+ )?safe\b|\b(?:im|i am|i m|we are|were) not safe\b|"
                      r"\b(?:home|house|school|placement|my room|where i live) (?:is not|isnt|aint|is never|never feels) safe|"
                      r"\b(?:unsafe|not safe) (?:at|in) (?:home|my house|school|my placement|the house|my room)")),
    Rule(NOT_SAFE, _r(r"\bi (?:\w+ ){0,2}(?:feel|felt|feeling|am|m) (?:\w+ ){0,2}unsafe\b"), negatable=True,
         unless=_r(r"\bunsafe (?:\w+ ){0,3}(?:car ?park|stairs|lift|road|crossing|floor|dark|chairs?|building)|"
                   r"\b(?:nobody|no one|never|didnt|not) (?:\w+ ){0,3}unsafe")),
    Rule(NOT_SAFE, _r(r"\b(?:scared|frightened|terrified|afraid|scarred|petrified) (?:of|to go|to be|to) "
                      r"(?:(?:be )?(?:around|with|near) )?(?:my |me )?(?:" + _WHO + r"|someone in my house|go home|going home|"
                      r"be at home|go back|home)\b"),
         negatable=True,
         unless=_r(r"\bscared (?:of|to) (?:be|being) (?:late|in trouble)")),
    Rule(NOT_SAFE, _r(r"\b(?:wish|if only) (?:my )?home (?:felt|was|were|could be) (?:\w+ )?safe|"
                      r"\bsafer than (?:my house|home|at home|being at home)\b")),
    Rule(NOT_SAFE, _r(r"\b(?:dont|do not|never) (?:want|wanna|wana) (?:to )?go (?:back )?(?:home|back (?:there|to))|"
                      r"\b(?:men|someone|a man|people|somebody|some guys) (?:keep |keeps )?(?:follow|follows|followed|following) me"),
         # staying somewhere fun, or not wanting school, is not fear of home
         unless=_r(r"\bgo (?:back )?home yet\b|\bfun here\b|\bgo back to (?:school|the clinic|class|lessons)\b")),
    # --- neglect -------------------------------------------------------------------------
    Rule(NEGLECT, _r(r"\b(?:no|never any|never enough|not enough|isnt any|aint no|got no|have no|dont have any|"
                     r"havent got any|nothing to) (?:food|eat|dinner|tea|electric\w*|heating|gas|money for food)\b"),
         unless=_r(r"\b(?:waiting|reception|ward|clinic|vending|hospital|offered|provided|here)\b")),
    Rule(NEGLECT, _r(r"\b(?:go|went|goes|going|gone) to (?:bed|school) hungry|\bhavent eaten (?:since|for|in)|"
                     r"\b(?:no ?one|nobody) (?:feeds|cooks for|looks after|takes care of|cares for) (?:me|us)|"
                     r"\bno one to (?:take me|look after|feed)|\b(?:dont|never) get fed|"
                     r"\b(?:leaves|left|leave|leaving) (?:me|us)(?: and my (?:little |baby |big )?(?:brother|sister)s?)? "
                     r"(?:on (?:my|our) own|alone|home alone|by (?:my|our) ?sel\w+)|\bhome alone\b|\bleft (?:home )?alone\b|"
                     r"\b(?:is|s|always|gets) (?:always )?drunk\b|\bdrunk all the time|"
                     r"\b(?:doesnt|dont|never|didnt) come home\b|\block(?:s|ed)? (?:us|me) out\b|"
                     r"\b(?:no|dont have|dont have any|havent got) clean clothes|\bnobody at home")),
    # --- bullying and threats --------------------------------------------------------------
    Rule(BULLYING, _r(r"\bbull(?:y|ied|ying|ies|yed)\b|\bbulled\b"), negatable=True, educational=True,
         unless=_r(r"\b(?:used to|was) (?:be |get |getting )?bull\w* (?:\w+ ){0,3}but\b|\bbullying (?:has )?stopped|"
                   r"\bstopped bull\w*")),
    Rule(BULLYING, _r(r"\bthreat(?:en|ened|ening|ens)? (?:me|us|to|my)\b|\bthreatening\b(?<!life threatening)|\b(?:with|pulled|has|had|got|carries) a knife\b|"
                      r"\b(?:stab|shoot|jump) (?:me|us)\b|\b(?:tell|telling|told|tells|said|say|says) (?:me )?(?:to )?kys\b|"
                      r"\bkys\b|\bi should (?:die|kill myself)\b|\b(?:come|coming) (?:to|round) my house\b"),
         educational=True),
]

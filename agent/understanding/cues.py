"""Cue patterns shared by the detectors. Each is a class of wording, not a list of sentences.

All patterns run on normalised text (`text.py`): lowercase, chat abbreviations expanded
("pls" -> "please", "sfdc" -> "salesforce"), typos of domain words corrected.
"""

from __future__ import annotations

from typing import Final

from agent.understanding import fastre


def rx(pattern: str) -> fastre.Regex:
    return fastre.compile(pattern)


QUESTION_START: Final = rx(
    r"^(?:so |and |also |ok |okay |but |hi |hey |yeah |yes |roughly |just |hmm |quick one |quick question |then |"
    r"and then |sorry |ok so |one more |last one )*(?:does|do|did|can|could|is|are|was|"
    r"what|what's|how|why|who|when|where|would|will|should|may|any|anyone|is there|are there|ça|est-ce|"
    r"¿\w+|qué|cómo|est-ce que|kann|können|gibt es|dá|pode)\b"
)
QUESTION_TAIL: Final = rx(r"\b(?:right|correct|yes or no|or not|no)\s*$")

# --- forward-moving questions: their stack, integrations, migration, implementation ------------
INTEGRATION: Final = rx(
    r"\bintegrat\w*|\bconnect(?:s|ed|ion|or)?\b(?! (?:me|us) (?:with|to))|\bsync\w*|\bplugs? in(?:to)?\b|\bpull(?:s|ing)? (?:\w+ ){0,3}(?:in|from)\b|"
    r"\bpush\w* (?:\w+ ){0,3}(?:to|into|back)\b|\bhooks? (?:in)?to\b|\bhook into\b|\bworks? with\b|\bplay\w* nice\b|"
    r"\bsupport(?:s|ed)? (?:\w+ ){0,2}(?:salesforce|hubspot|crm|\w+ ads)\b|\bimport\w*\b|\bbring over\b|\bmigrat\w*|"
    r"\bpick(?:s)? up (?:\w+ ){0,3}from\b|\bcome through\b|\bget (?:\w+ ){0,4}into\b|"
    r"\bexport\w*\b|\bpost (?:\w+ ){0,2}to\b|\bfeed\w* (?:into|from)\b|\bnative\w*\b|\bworkaround\b|"
    r"\bcompatib\w*|\bhandle (?:both|that|multiple|separate|different|several|\w+ orgs)\b|\bread-only\b|\bwrite back\b|"
    r"\bmov\w* (?:\w+ ){0,3}(?:from|to) \w+|\bswitch\w* (?:from|to) (?!annual|monthly)\w+|\bsurvive (?:the|that|a) "
    r"(?:switch|move|migration)\b|\bthe switch\b|\bsincroniz\w*|\bintegra(?:ción|cao|ção|tion)\w*|\bconecta\w*|\bsoporta\b|"
    r"\btracks? (?:\w+ ){0,2}(?:instagram|facebook|tiktok|linkedin|ads|channels?|events?|webinars?|calls?|offline|referrals?|"
    r"podcasts?|sponsor\w*|youtube|tv|radio|print|direct mail|trade ?shows?|affiliates?|partners?|sms|organic|seo|stuff)\b|"
    r"\bintegr(?:a|e|o|ar|an)\b|\b(?:funciona|funziona) con\b|\bwerkt (?:samen )?met\b|\bfunktioniert mit\b|"
    r"\bfonctionne avec\b|\broll\w* up (?:in)?to\b|"
    r"\b(?:use|read) (?:both|them|all three|all of them)\b|\bmultiple (?:currencies|regions|orgs|instances|workspaces)\b|"
    r"\b(?:currencies|monedas|devises)\b"
)
SETUP: Final = rx(
    r"\bset ?up\b|\bset (?:it|this|that|everything|§product) up\b|\bimplement\w*|\bonboard\w*|\binstall\w*|\bconnected app\b|\bapi user\b|\bpermissions?\b|"
    r"\bscopes?\b|\bcustom objects?\b|\bmultiple orgs?\b|\b\w+ orgs?\b|\bneed\w* (?:\w+ ){0,3}(?:engineer\w*|developer\w*|"
    r"eng team|dev team|it team|an admin|admin|clean \w+ data|clean data|ops person)\b|\bhow (?:painful|hard|long|much work|"
    r"much effort)\b|\bon our side\b|\bour (?:eng|dev|it) team\b"
)
REQUIREMENT: Final = rx(
    r"\b(?:needs?|has|have|must) to (?:work|integrate|connect|sync) with\b|\bneeds? (?:\w+ ){0,2}integration\b|"
    r"\bwould need both\b"
)
METHODOLOGY: Final = rx(
    r"\bweight\w*\b|\bcredit\w*\b|\bmodel(?:ing)?\b(?! on)|\brule-based\b|\bdata-driven\b"
)
ANAPHORIC_WORKS: Final = rx(
    r"\b(?:that|it|this) (?:works?|ok|fine|supported|compatible)\b|\b(?:does|would|will|could) (?:that|it|this) "
    r"(?:still |also |even )?work\b|"
    r"\b(?:use|handle|support) both\b|\b(?:read|pull|see|pick up|handle|support|sync) (?:those|these|them)\b|"
    r"\b(?:con|with|met|mit|avec) (?:eso|esto|that|those|die|dat|das|ça|cela)\b|"
    r"\bwhat about\b|\band (?:with )?\w+\?$"
)

# --- timeline -----------------------------------------------------------------------------------
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
TIME_REF: Final = (
    rf"(?:{_MONTH}\b|q[1-4]\b|h[12]\b|(?:next |this )?(?:monday|tuesday|wednesday|thursday|friday)\b|(?:the )?(?:end|start|beginning|middle|mid) of (?:the |this |next )?(?:month|quarter|"
    rf"year|q[1-4]|fy|fiscal year|{_MONTH})|mid[- ]{_MONTH}|month[- ]end|quarter[- ]end|year[- ]end|eo[mqy]\b|"
    rf"(?:next|this|the coming|coming) (?:week|month|quarter|year|fiscal|fy|budget|planning|cycle|\w+ planning|"
    rf"quarter's|year's)|(?:our |the )?(?:fiscal year|fy\d*|new year|budget cycle|budget season|renewal|planning)|"
    rf"\d{{1,2}}/\d{{1,2}}\b|20\d\d\b|(?:the )?(?:board|budget|qbr|kickoff) meeting|(?:in )?\d+ (?:weeks?|months?|days?)|"
    rf"(?:the |our )?(?:next|upcoming) (?:board|budget|planning|qbr|investor) (?:meeting|deck|pack|review|update))"
)
DEADLINE: Final = rx(
    rf"\b(?:before|by|until|ahead of|in time for|no later than|prior to|within|starting|as of)\b "
    rf"(?:\w+'?s? ){{0,4}}?{TIME_REF}|\bin (?:the |our )?(?:next|upcoming) (?:board|budget|planning|qbr|investor) "
    rf"(?:meeting|deck|pack|review|update)\b"
)
RENEWAL: Final = rx(
    rf"\b(?:renew\w*|expir\w*|contract ends|(?:lock|set|finali[sz]e|approve)\w* (?:\w+ ){{0,2}}budgets?|fiscal year starts?|"
    rf"(?:budget|planning|fiscal|financial) (?:cycle|year|season|round|process) (?:starts|begins|opens|kicks off|closes))"
    rf"\b[^.?!]{{0,40}}?{TIME_REF}|{TIME_REF}[^.?!]{{0,20}}\b(?:renew\w*|budget lock)"
)
HOW_SOON: Final = rx(
    r"\bhow (?:long|quickly|soon|fast) (?:\w+ ){0,5}(?:live|running|launch|start using|roll)\w*|"
    r"\btime to (?:value|go live)\b|\btimeline\b|\bwhen could we (?:\w+ ){0,2}(?:live|start)\b|\bgo[- ]live date\b"
)
PURCHASE_CTX: Final = rx(
    r"\b(?:live|running|in place|rolled out|sign\w*|buy\w*|purchas\w*|decid\w*|decision|pick|choose|select|renew\w*|"
    r"contract|budgets?|numbers|answer|launch\w*|implement\w*|start using|onboard\w*|tool|vendor|targets?|deck|"
    r"pack|report\w*|pipeline|needs?|wants?)\b"
)
SHORT_HORIZON: Final = rx(
    r"\b(?:weekend|today|tonight|tomorrow|this morning|this afternoon|the call|the meeting)\b"
)

# --- champion -------------------------------------------------------------------------------------
STAKEHOLDER: Final = (
    r"(?:cfo|ceo|cto|cmo|coo|cro|cio|ciso|vp|vps|svp|evp|director|directors|boss|manager|head of \w+|legal|procurement|"
    r"purchasing|infosec|security(?: team| review)?|it team|finance(?: team)?|leadership|exec(?:utive)?s?(?: team)?|"
    r"partners|managing partners|founders?|co-?founder|committee|approvers?|stakeholders|decision makers?|"
    r"higher-ups|management|gm|\w+ team|him|her|them)"
)
# What the visitor does with a stakeholder ("show it to our CTO") ...
INVOLVE_TO: Final = (
    r"(?:show|forward|fwd|loop\w* in|bring|include|brief|run (?:it|this) by|present|pitch (?:it|this) to|convince|"
    r"sell (?:it|this) internally|cc|get buy-in from|check with)"
)
# ... and what a stakeholder does in the buying process ("our CFO will want to see it").
INVOLVE_BY: Final = (
    r"(?:sign\w* off|sign-off|approv\w*|review|need\w* to see|want\w* to see|will want|would want|wants? to (?:join|see|"
    r"review|buy|approve|be involved)|(?:must|will|has to|have to|needs? to) (?:\w+ )?(?:join|sign|approve|review|decide)|"
    r"decid\w*|decision|insist\w*|go through|read first|likes to read|evaluat\w*|align\w*|on board|has to sign|"
    r"have to sign|needs? to sign|approves?)"
)
CHAMPION_A: Final = rx(rf"\b{INVOLVE_TO}\b(?: \S+){{0,6}}? (?:our|my|the) (?:\w+ )?{STAKEHOLDER}\b")
CHAMPION_B: Final = rx(
    rf"\b(?:our|my|the|get the|get our|get my) (?:\w+ ){{0,2}}?{STAKEHOLDER}(?:'s)?\b(?: \S+){{0,5}}? {INVOLVE_BY}\b"
)
CHAMPION_BRING: Final = rx(
    r"\b(?:bring|loop in|include|invite|cc|add)\w* (?:along )?(?:[a-z]+ )?(?:from|on) (?:our |the |my )?(?:sales|finance|"
    r"marketing|legal|procurement|it|security|leadership|exec\w*|revops|ops|team)\b|\b(?:bring|invite|include|add|loop in)\w* "
    r"(?:my|our) (?:\w+ ){0,2}(?:boss|manager|director|vp|cfo|ceo|cmo|cto|cro|colleague|team|partner|cofounder|co-founder)\b"
)
CHAMPION_PROCESS: Final = rx(
    r"\bprocurement\b|\binfosec\b|\bsecurity review\b|\bvendor (?:review|assessment|onboarding)\b|"
    r"\bour legal\b|\blegal (?:team|review|will)\b|\bsign-?off\b|\bsign\w* off\b|\bapproval process\b|\bbuying committee\b"
)
FORWARD_TO: Final = rx(
    r"\b(?:forward|fwd|send|pass)\w* (?:\w+ ){0,3}to (?:our |my |the )?"
    r"(?!(?:someone|somebody|anyone|you|me|us|it|email|inbox|address|account|work|myself|my|read|look|review|check|see|skim|"
    r"go|think|digest|share|print|keep|browse|study|watch)\b)(?:her|him|them|[a-z]{3,})\b"
)
NEGATED_INVOLVE: Final = rx(r"\b(?:can't|cannot|couldn't|can not|unable to) (?:\w+ )?(?:show|prove)\b")

# --- commercial ---------------------------------------------------------------------------------
COMMERCIAL_STRONG: Final = rx(
    r"(?<!employment )(?<!eor )(?<!work )\bcontracts?\b(?! (?:value|values))|\bterms\b|\bmulti-?year\b|\bcommitment\b|\bdiscount\w*|"
    r"\b(?:a|any|good|better|best|the) deal\b(?! (?:propert\w+|stage|record|owner))|\bdeal if\b|\bflex\w*\b|\bnegotiat\w*|"
    r"\bquote\b|\bhow much\b|\bcosts?\b|\bpric(?:e|es|ing|ed)\b|\bper (?:seat|user|month)\b|\bannual\w*\b(?! (?:planning|plan\b|review|reports?|kickoff|conference|meeting|event|budget|"
    r"cycle|offsite|summit|summar\w+|recap))|\bpaperwork\b|\bmonthly\b(?! (?:reports?|reviews?|meetings?|numbers|updates?|summar\w+|digests?|emails?|"
    r"newsletters?|dashboards?|recaps?|board))|"
    r"\bprepay\w*|\bfree (?:version|plan|tier|edition)\b|\b(?:education|edu|nonprofit|startup|student|academic) "
    r"(?:pricing|discount|plan|price|version)\b|\binvoic\w* (?:terms|annually)\b|\bpayment terms\b"
)
# Contract requirements: commercial when stated as what they need ("we'd need SSO and a DPA"), not
# when asked about as a feature ("is SSO only on enterprise?").
REQUIREMENT_TERMS: Final = rx(
    r"\bdpa\b|\bmsa\b|\bsoc ?2\b|\bsla\b|\bsso\b|\bsaml\b|\bdata processing\b|\bdata retention\b"
)
# A sign-off rule ("anything annual", "anything over 50k") describes their process, not a price ask.
SIGN_OFF_RULE: Final = rx(r"\banything (?:annual|over \S+|above \S+|new)\b")
PLAN_WORDS: Final = rx(
    r"\b(?:starter|growth|enterprise|plan|plans|seats?|tier)\b|\b(?:\d+\+?|~\d+|more|extra|additional|many) "
    r"(?:users?|licen[cs]es?|logins?|people|ppl)\b"
)
THEIR_CASE: Final = rx(
    r"\b(?:us|our|we|we'd|we'll|we're|i could|my|for \d+|for ~\d+|at ~?\d+|if we|of us|our size|for a team of)\b|"
    r"\b\d+ (?:users|seats|people|ppl)\b"
)
COMMIT_STMT: Final = rx(
    r"\b(?:could|might|would) work\b|\bworks for us\b|\bwe'd go\b|\bwe would go\b|\bwe'll go\b|\bif we\b|\bgo annual\b|"
    r"\bswitch to annual\b|\b(?:we|i)'?d need\b|\b(?:we|i) (?:will |would )?need\b|\bneed to ask\b|\bhave to move\b|"
    r"\bmust have\b|\bwe keep\b|\b(?:sort|sort out|finali[sz]e|sign|hash out|get|do) (?:\w+ ){0,2}"
    r"(?:contract|terms|paperwork)\b"
)
WHY_COMPLAINT: Final = rx(r"\bwhy (?:is|are|do|does|on earth)\b|\bjust put\b")

# --- social proof -------------------------------------------------------------------------------
SOCIAL: Final = rx(
    r"\bcustomers?\b|\bclients?\b|\bcase stud\w+|\bstor(?:y|ies)\b|\breferences?\b|\btestimonials?\b|"
    r"(?<!legal )(?<!security )(?<!vendor )(?<!procurement )(?<!internal )(?<!code )(?<!contract )\breviews?\b|"
    r"s like (?:us|ours|mine)\b|"
    r"\bwho else\b|\banyone else\b|\bother (?:\w+ )?(?:companies|teams|firms|customers|brands)\b|\bcompanies (?:like us|our size)\b|"
    r"\b(?:any|other) \w+ (?:companies|firms|teams) (?:our size|like us|using)\b|\bwrite-?up\b|\bsuccess stor\w+|\blogos\b|"
    r"\bsomeone there\b|\bpeers\b|(?<!people )(?<!users )(?<!of us )(?<!ppl )\busing (?:it|this|you|§product)\b|"
    r"\buses (?:it|this|you)\b"
)
SOCIAL_REQUEST: Final = rx(
    r"\?|^(?:any|do you|is there|are there|who|can|could)\b|\bsend\b|\bshare\b|\bemail me\b|\bcould we talk\b|"
    r"\bis anyone\b|\bwas that\b|\bi'd (?:love|like) to (?:see|read|hear)\b|\b(?:that|the) \w+ (?:case study|story)\b"
)

# --- objections ---------------------------------------------------------------------------------
MONEY: Final = (
    r"(?:[$€£]\s?\d[\d,.]*k?|\d[\d,.]*k?\s?(?:[$€£]|usd|eur|dollars|bucks)|\d{2,}(?:/mo\w*|/month| a month| per month|"
    r"/yr| a year| per year| monthly)|\d{3,4}\b)"
)
PRICE_REF: Final = rx(
    rf"{MONEY}|\bpric\w*|\bcosts?\b|\bplan\b|\bgrowth\b|\bbudget\w*|\bfees?\b|\bsubscription\b|\bspend\b"
)
# Words that are about price by themselves ("too expensive for us") need no price nearby.
SHOCK_INTRINSIC: Final = rx(
    r"\b(?:too |so |very |really |quite |pretty |way too )?(?:expensive|pric(?:e)?y|costly|overpriced)\b|\bcan(?:'t|not) afford\b|"
    r"\b(?:over|beyond|above|outside|out of) (?:our|my|the) (?:budget|price range)\b|\bnot in (?:our|the) budget\b"
)
SHOCK: Final = rx(
    r"\bsteep\b|\bpric(?:e)?y\b|\bexpensive\b|\binsane\b|\bcrazy\b|\bridiculous\b|"
    r"\btoo (?:much|high|expensive|pricey|rich)\b(?! (?:going on|on my plate|work|time|to do|hassle))|"
    r"\ba lot (?:more )?(?:than|for|of money)\b|\bway (?:more|beyond|over|above|too)\b|\b(?:over|beyond|above|outside) "
    r"(?:our|my|the) budget\b|\bout of (?:our|my) (?:budget|price range|league)\b|\bcan(?:'t|not) afford\b|\bhard sell\b|"
    r"\bdead on arrival\b|\bdon't have (?:that kind of|the|a) budget\b|\bmore than (?:i|we) (?:expected|thought|budgeted)\b|"
    r"\bbudgeted\b|\bentire (?:\w+ )?budget\b|\byikes\b|\bouch\b|\bwhoa\b|\boof\b|\bhefty\b|\bnot cheap\b|\bcostly\b|"
    r"\bexorbitant\b|\ba bit much\b|\b(?:es|é|is) (?:mucho|muito|demasiado|veel)\b|\bzu viel\b|"
    r"\bc'est (?:beaucoup|trop)\b|\bte veel\b|\btroppo\b|\bfor what's basically\b|\bstretch for us\b|\bwe'?re not paying\b|\bthat's a lot\b"
)
MONEY_PUNCT: Final = rx(rf"{MONEY}[^.?!]{{0,20}}(?:\? ?\?|\? ?!|! ?\?)")
LAUGH_MONEY: Final = rx(rf"\b(?:lol|lmao|haha|wow|jeez|geez)\b[ ,.!]*{MONEY}")

IDENTITY: Final = rx(
    r"\b(?:not|isn't|aren't|probably not|prob not|probably isn't) (?:really )?(?:for us|a (?:good )?fit|the right fit|right for us|"
    r"our thing|meant for us|for a \w+ like us)\b|\boverkill\b|\btoo early\b|\btoo small\b|\btoo big for us\b|"
    r"\bbuilt for (?:much |way |really )?(?:enterprise|big|large|bigger|larger)\b|"
    r"\bfor (?:much |way |really )?(?:big|bigger|large|larger) (?:companies|teams|orgs)\b|"
    r"\ball for saas\b|\bonly for (?:b2b|saas|software|big|enterprise)\b|\b(?:isn't|not) (?:really )?your (?:typical|target|usual|ideal) "
    r"(?:customer|client|user)\b|\bnot your (?:typical|target|ideal)\b|\bdo you (?:sell to|work with|support) (?:\w+ ){0,2}"
    r"(?:government|schools?|nonprofits?|charities|agencies|brokerages|individuals|students|freelancers)\b|"
    r"\blook(?:s)? like (?:big|large) companies\b|\bfeels like it's built for\b|\bnot (?:really )?(?:a )?b2b\b|"
    r"\b(?:not|n't) (?:really |actually )?(?:the one|the person|a decision maker|the decision maker)\b(?: \w+)? "
    r"(?:deciding|who decides|making|signing|in charge)?|\bi'm not (?:really |actually )?the (?:one|person|decision maker|buyer)\b|\bjust doing the (?:tech|technical) check\b|"
    r"\bnot sure what i'm looking at\b|\b(?:bigger|larger) than us\b|\b(?:way|much|far) (?:too )?(?:big|bigger|large|larger|"
    r"advanced|complex) for (?:us|a team like ours|our size)\b|\bjust me and my co-?founder\b|\bwe'?re (?:just )?a (?:school|nonprofit|charity|"
    r"church|student|hobby)\b|\bwrong person\b|\bnot (?:in|my) (?:my|charge of|department|area)\b"
)
SEND: Final = r"(?:send|email|e-mail|shoot|share|mail|drop|dm|forward me|envoy\w*|envoie\w*|manda\w*|mánda\w*|envía\w*|schick\w*)"
MATERIAL: Final = (
    r"(?:info|information|deck|overview|one[- ]?pager|pdf|brochure|guide|docs?|documentation|materials?|stuff|case stud\w+|"
    r"stor(?:y|ies)|whitepaper|white paper|details|something (?:short |i can|to)|whatever|datasheet|presentation|slides|"
    r"specs|la doc|pricing|writeup|summary|ebook|more)"
)
SEND_INFO: Final = rx(
    # "send me the deck", not "the 5th email since I downloaded an ebook".
    rf"\b{SEND}\b(?! (?:since|after|from|when|because|that|was|is|were|i|we|you)\b)(?: (?:me|us|over|it|them|through))?"
    rf"(?: \S+){{0,5}}? {MATERIAL}\b|\bread (?:up|first|over|through)\b|"
    rf"\b(?:i'll|i will|i'd|let me|want to|going to|gonna|to) (?:\w+ )?read\b|\bi'll (?:read|look (?:at|over|through)|go "
    rf"through|review|check out) (?:it|them|this|that|the (?:\w+ )?{MATERIAL})\b|"
    rf"\bkeep reading\b|\blook at (?:it|them) when\b|\b(?:plutôt|rather) (?:la )?(?:lecture|read)\b|\bi'd rather read\b|"
    rf"\bread (?:up )?before\b|\bwill read\b|\b(?:lees|lese|leo|leggo|leio|lis) (?:\w+ ){{0,2}}(?:docs?|documenta\w*|doku\w*)\b|"
    rf"\b(?:receive|get|have) (?:the |your |some )?{MATERIAL} (?:by|via|over) e-?mail\b|"
    rf"\b{SEND} (?:me|us) (?:the|that|this) (?:\w+ ){{0,2}}(?:thing|one)\b"
)

# --- intents ------------------------------------------------------------------------------------
PERSON: Final = (
    r"(?:someone|somebody|a person|a human|a real person|an actual person|a real human|an actual human|human|humans|"
    r"a rep|a sales ?rep|sales|your sales team|the sales team|your team|the team|anyone|anybody|a salesperson|"
    r"an agent|a live agent|representative|a representative|someone from \w+|somebody from \w+|a manager|people|"
    r"(?:an? |the |your |one of your )(?:\w+ )?(?:rep|representative|salesperson|account executive|expert|specialist|"
    r"person|human)|your head of \w+|your (?:cmo|ceo|cto|cro|vp \w+|founder)|whoever \w+ \w+)"
)
HUMAN: Final = rx(
    rf"\b(?:talk|speak|chat|be connected|get connected|connect me|meet|interview|get on a call|hop on a (?:quick )?call|"
    rf"call)\b(?: \w+){{0,2}}? (?:to|with|w) {PERSON}\b(?! there\b| at \w+)|"
    rf"\b(?:is|are|anyone|someone) (?:there )?(?:anyone|someone|somebody|sales|the team|a person|a human)?(?: \w+){{0,4}}? "
    rf"(?:around|online|available|there|free|in|on)\b(?= to\b| ?\?|$| right now| now| ?[,.!])|"
    rf"\b(?:actual|real|live) (?:human|person|people)\b|\b(?:email|contact|number|phone) of (?:whoever|the|your|someone)\b|"
    rf"\b(?:hiring manager|manager)'s (?:email|contact|number)\b|\b(?:someone|somebody) (?:actually )?calls? me\b|"
    rf"\bput me through\b|\binterview (?:someone|somebody|one of)\b|"
    rf"\b(?:get|have|put) (?:someone|somebody|a person|a human|a rep|anyone) (?:on|in) (?:a |the )?(?:call|phone|chat|line)\b|"
    rf"\b(?:to|with) (?:someone|somebody) directly\b|\bcan i (?:get|have) a (?:call|human)\b|\bis sales (?:still )?(?:online|around|there)\b|"
    rf"\bhuman please\b|\bagent please\b"
)
SUPPORT_STRONG: Final = rx(
    r"\bcan(?:'t|not) (?:log|sign) ?(?:in|into|on)\b|\blog ?in\b|\blogin\b|\bsign(?:ing)? in\b|\bsso (?:keeps|is|isn't|won't|fails|"
    r"broke)\w*|\bpassword\b|\blocked out\b|\b2fa\b|"
    r"\bcharged (?:us )?(?:twice|double|two times|again)\b|\bdouble charg\w*|\brefund\w*|\binvoices?\b|\breceipt\b|\bvat\b|"
    r"\bbilling\b|\bpayment failed\b|\bcard (?:was )?declined\b|\bcancel\w* (?:our|my|the) (?:\w+ )?(?:subscription|account|"
    r"plan|contract)\b|\bcancel\w*\b|\bdowngrad\w*|\bsupport ticket\b|\bopen (?:a|one|another) (?:ticket)?\b|\bticket\b|"
    r"\btoken expired\b|\bre-?authori\w*|\breconnect\w*|\bour (?:§product )?(?:account|subscription|workspace|instance)\b"
)
SUPPORT_ISSUE: Final = rx(
    r"\b(?:sync|integration|dashboard|report|data|numbers?|spend|connection)s?\b[^.?!]{0,30}\b(?:stuck|broken|down|not working|"
    r"failing|failed|wrong|empty|missing|shows?|showing|lower|higher|off|stale|zero|0)\b|\berror\w*\b|\bbug\w*\b|\bbroken\b|"
    r"\bdoesn't work\b|\bnot working\b|\bstopped working\b|\bkeeps? (?:bouncing|failing|crashing|breaking|spinning)\b|"
    r"\bspins? forever\b|\bsame (?:issue|problem)\b|\b(?:integration )?issues?\b|\bglitch\w*|\bdiscrepanc\w*|"
    r"\bdoesn't match\b|\bwhich one is right\b|\bonly shows\b|\bshows as\b|\bstill shows?\b|\bcould that be it\b|"
    r"\bit says\b|\bsays '|\bincognito\b|\bcache\w*|\bprivileges?\b|\bpermission denied\b|\baccess denied\b|"
    r"\b(?:nobody|no one|nothing) changed\b|\bgrants?\b|\bschema\b|\btimed? ?out\b|\b(?:401|403|404|500|502|503)\b|"
    r"\b(?:second|third|\d+(?:st|nd|rd|th)) time\b|\bagain\b|\bnever arrives?\b|\bnot (?:arriving|loading|updating)\b"
)
EXPANSION: Final = rx(
    r"\b(?:move|moving|switch|go|upgrad\w*) (?:up )?to (?:the )?enterprise\b|\b(?:access|seats|licen[cs]es) (?:too|as well)\b|"
    r"\basked for access\b|\bwants? access\b|\broll (?:\w+ )?out to\b|"
    r"\b(?:add|more|extra|additional) (?:\w+ )?(?:seats|users|licen[cs]es|teams?)\b|\banother (?:team|division|office|region|"
    r"business unit|brand)\b|\b(?:second|other) (?:team|division|office|region|business unit)\b|\bupgrad\w* (?:to|our|from)\b|"
    r"\broll (?:it |this )?out to\b|\bexpand\w* (?:to|into|our)\b"
)
WEEKDAY: Final = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|lunes|martes|"
    r"miércoles|miercoles|jueves|viernes|montag|dienstag|mittwoch|donnerstag|freitag|segunda|terça|terca|quarta|quinta|"
    r"sexta|today|tomorrow|demain|mañana|morgen|amanhã)"
)
CLOCK: Final = r"(?:\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|\d{1,2}h\d{0,2}|noon|midday)"
TIME_MENTION: Final = rx(
    rf"\b{WEEKDAY}\b(?: (?:at|@|around|morning|afternoon|evening))?(?: ?{CLOCK}| \d{{1,2}}\b)?|{CLOCK}|"
    rf"\b(?:the )?(?:first|second|third|last|1st|2nd|3rd|earliest|latest|later|earlier) (?:one|option|slot|time)\b"
)
BARE_HOUR: Final = rx(
    r"^(?:ok |okay |yes |sure |hmm |so )*(?:at )?\d{1,2}(?::\d{2})?\b(?! ?(?:%|people|ppl|users|seats|k\b))"
)
BOOK_IT: Final = rx(
    r"\b(?:book (?:it|me|us|that|a (?:call|demo|meeting|slot))|pencil (?:me |us |it )?in|let's do (?:it|that|\w+day)|"
    r"works for me|that works|schedule (?:a|the) (?:call|demo|meeting)|set up a (?:call|demo|meeting)|"
    r"i'd like (?:to book|a demo)|can we do\b)"
)
DECLINE: Final = rx(
    r"^(?:\W*)(?:(?:honestly|tbh|sorry|unfortunately|well|hmm|ok|okay|but|ah|so),? )?(?:no|nah|nope|not (?:yet|now|right now|"
    r"today|this (?:week|month|quarter)|next (?:week|month)|really|at the moment)|no thanks|no thank you|pass|"
    r"i'll pass|maybe later|not interested|i'd rather (?:not|just)|rather not|no need)\b|"
    r"\bno (?:call|demo|meeting)s?(?: needed| necessary| for now)?\b|\bnot worth a (?:call|demo|meeting)\b|"
    r"\bdon't (?:need|want) a (?:call|demo|meeting)\b|\bno time for a (?:call|demo)\b|\btoo busy\b|"
    r"\bcalendar is a mess\b|\btoo much going on\b|\bno call needed\b|\bi'd rather just\b|\bno thanks\b|"
    r"\bnone of (?:those|these|them|the times|the slots) (?:work|suit)\w*|\bcan't make (?:it|any of)\b|"
    r"\bcan't commit to (?:a (?:call|meeting|demo)|anything)\b|\b(?:can't|cannot) commit (?:yet|right now|at this stage)\b|"
    r"\b(?:would|'d) (?:prefer|rather) (?:to )?(?:receive|get|have|read) (?:\w+ ){0,3}(?:by|via|over) e-?mail\b|\bnot ready for a (?:call|meeting|demo)\b|\bprefer(?:o|ir)? (?:to )?"
    r"(?:try|start|test|probar|essayer)\b|\b(?:try|start|probar) (?:the |el )?trial (?:first|primero)\b|"
    r"\bwe'll (?:just )?(?:try|start) (?:the )?trial\b|\bi'll reach out\b|\bi'll (?:ping|get back)\b"
)
MEETING_WORD: Final = rx(r"\b(?:call|demo|meeting|walkthrough|chat)\b")
FRUSTRATION: Final = rx(
    r"\bffs\b|\bwtf\b|\bwth\b|\bomfg\b|\bdamn\w*|\bridiculous\b|\babsurd\b|\bannoy\w*|\bfrustrat\w*|"
    r"\b(?:fed up|sick of|tired of) (?:waiting|this|you|your|being|getting|the bot|these)\b|\bnot ok(?:ay)?\b|"
    r"\btried (?:\d+|several|many|multiple|four|five|three) times\b|\bgot (?:\d+|so many|too many) (?:\w+ )?(?:emails|calls|messages)\b|"
    r"\buseless\b(?= bot| chat| widget)|\bcanned (?:answers?|responses?)\b|\bstupid\b|\bwaste of (?:my )?time\b|"
    r"\bseriously\b|\bcome on\b|\b(?:\d+(?:st|nd|rd|th)|second|third|fourth) time\b|\bnot giving you my\b|\bspam me\b|"
    r"\bunacceptable\b|\bterrible\b|\bawful\b|\bworst\b|\bangry\b|\bpissed\b|\bthis is a joke\b|\bkeeps? (?:bouncing|failing|"
    r"breaking|crashing)\b|\bstill (?:no|not)\b.*!|\bugh\b(?!,? (?:ok|okay|fine|alright|yeah|right)\b)|\bargh\b|\bhello\?\?|"
    r"\banyone there\?\?|[😤😡🤬😠]|\bi'm (?:so )?done (?:troubleshooting|with this|trying|chasing)\b|"
    r"\b(?:nervous|nervös|stressed|panicking|freaking out|losing my mind|at my wits' end)\b"
)
OPT_OUT: Final = rx(
    r"\bstop (?:contacting|emailing|calling|messaging|sending|texting)\b|\bunsubscrib\w*|\bopt (?:me )?out\b|\bremove me\b|"
    r"\btake me off\b|\bdon't (?:add|put) me (?:on|to|in)\b|\bdo(?:n't| not) (?:contact|call|email|text|message|spam|ping|chase|reach out to|follow up with) me\b|"
    r"\b(?:don't|do not|not) (?:wish|want) to (?:be )?(?:added|put|subscribed|contacted|emailed|called)\b|"
    r"\bnot (?:be )?added to any\b|"
    r"\bdon't have (?:(?:a|any|your|an) )?(?:\w+ )?(?:rep|sdr|one|anyone|someone|person|sales) (?:call|contact|email|reach|follow)\w*|"
    r"\bno follow[- ]?ups?\b|\bdon't follow up\b|\bstop (?:following up|reaching out)\b|"
    r"\bno (?:more )?(?:sales )?(?:calls|emails)\b|\bdelete (?:my|our|all) (?:\w+ )?(?:data|info|information|details|messages|"
    r"conversation|chat)\b|\b(?:erase|delete) (?:my|our|me|all|everything)\b|\bforget me\b|\bgdpr (?:request|deletion|erasure|right)\b|\bright to be forgotten\b|\bstop (?:the|your|these|all) "
    r"(?:\w+ )?(?:newsletter|emails|marketing|messages|calls)\w*|^stop\W*$|\bleave me alone\b|\bdon't sell my\b"
)
ERASE: Final = rx(
    r"\bdelete (?:my|our|all|it|everything)\b|\berase\b|\bforget me\b|\bgdpr (?:request|deletion|erasure|right)\b|"
    r"\bright to be forgotten\b|\bremove (?:my|our) (?:data|info)\b"
)
ACCEPT: Final = rx(
    r"^\W*(?:yes|yeah|yep|sure|ok|okay|please|please do|sounds good|let's do it|go ahead|do it|definitely|absolutely|"
    r"great|perfect|ja|oui|sí|si|claro|gerne|bitte|vale|of course|yes please|why not|pode ser|com certeza|bien sûr|"
    r"d'accord|volontiers|graag|prima|oké|okay|va bene|certo|certamente|adelante|dale|bueno)\b|\blet's do it\b|"
    r"\b(?:bring|loop) (?:him|her|them) in\b|\bconnect me\b|\bput me through\b"
)

# --- flags --------------------------------------------------------------------------------------
JOB_SEEKER: Final = rx(
    r"\bapplied (?:for|to)\b|\bmy application\b|\bjob (?:opening|posting|application|offer)\b|\bopen (?:role|position)s?\b|"
    r"\bare you hiring\b|\bhiring manager\b|\bmy (?:resume|cv)\b|\binternship\b|\brecruit(?:er|ing team)\b|"
    r"\binterview (?:for|process)\b|\bthe \w+ role\b.*\b(?:remote|apply|applied)\b"
)
VENDOR: Final = rx(
    r"\bwe help (?:\w+ ){0,3}(?:companies|teams|brands|businesses|startups)\b|\bwould love to show you\b|\bfree audit\b|"
    r"\bbook (?:\d+\+? )?(?:qualified )?meetings\b|\bdone[- ]for[- ]you\b|\bour (?:agency|services|solution|platform) "
    r"(?:can|helps?)\b|\bpartnership opportunit\w+\b|\breaching out (?:from|because)\b|\blet me show you how we\b|"
    r"\blead gen(?:eration)? (?:services|agency)\b|\boutbound (?:services|agency)\b|\bwhite[- ]label\b|\bseo services\b|"
    r"\bi'm \w+ from \w+\b.*\b(?:we help|we offer|our)\b|\b(?:explore|discuss) a (?:\w+ )?(?:partnership|reseller|"
    r"collaboration)\b|\breseller (?:deal|program|partnership)\b|\bpartnerships? at\b|\bwe (?:provide|offer|sell) \w+(?: \w+)? "
    r"(?:data|services|leads) (?:for|to)\b|\bbacklinks?\b|\bguest posts?\b|\bdofollow\b"
)
SPAM: Final = rx(
    r"bit\.ly|t\.me/|\bwhatsapp\b|\btelegram\b|\bcrypto\b|\bguaranteed\b|\bverified (?:b2b )?leads\b|\bprofit\b|\bcasino\b|"
    r"\bclick here\b|\bfree money\b|\bearn \$|\bviagra\b|\bforex signals?\b"
)
LOW_CONTENT_WORDS: Final = frozenset(
    [
        "hi",
        "hey",
        "hello",
        "hiya",
        "yo",
        "hola",
        "bonjour",
        "bonsoir",
        "hallo",
        "ciao",
        "morning",
        "evening",
        "afternoon",
        "good",
        "ok",
        "okay",
        "k",
        "kk",
        "sure",
        "yes",
        "yeah",
        "yep",
        "ya",
        "no",
        "nope",
        "cool",
        "nice",
        "great",
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "cheers",
        "bye",
        "goodbye",
        "got",
        "it",
        "perfect",
        "awesome",
        "fine",
        "noted",
        "lol",
        "haha",
        "hah",
        "hmm",
        "hm",
        "um",
        "uh",
        "ah",
        "oh",
        "alright",
        "right",
        "that's",
        "it",
        "all",
        "sounds",
        "and",
        "that's",
        "all",
        "much",
        "appreciated",
        "appreciate",
        "merci",
        "gracias",
        "danke",
        "obrigado",
        "vale",
        "gotcha",
        "understood",
        "kthx",
        "np",
        "there",
    ]
)


# --- wider coverage, found by blind held-out sets: classes of wording, several languages ----------
# Each pattern here extends one cue family above; the detectors check both.

# Not knowing what marketing produces, said many ways.
PAIN_MORE: Final = rx(
    r"\bflying blind\b|\bin the dark\b|\bwithout knowing (?:if|whether|which|what|where)\b|\bno way (?:of|to) "
    r"(?:knowing|tell\w*|see\w*)\b|\bcan(?:'t|not) (?:really )?tie\b|\bhard to (?:tell|say|know|see|prove)\b|"
    r"\bimpossible (?:de savoir|to (?:know|tell|say|see))\b|\bniemand weet\b|\bgeen idee\b|\bno sé\b|\bnon so\b|"
    r"\bi need proof\b|\bneed (?:hard )?(?:proof|evidence)\b|\bwhat (?:marketing|it|they|we) (?:actually )?"
    r"(?:produces?|delivers?|brings?|drives?)\b|\bcalls? (?:all of )?it '?(?:organic|direct)|"
    r"\bexport\w* (?:\w+ ){0,4}into spreadsheets\b|\bleads? (?:are|is) (?:junk|garbage|worthless|useless|rubbish)\b|"
    r"\btaugen nichts\b|\bweet (?:niet|niemand)\b|\bsabemos\b.*\bnão\b|\bon ne sait pas\b|\bnão sei\b"
)
# Asking what it costs them, or the terms, in other words.
COMMERCIAL_MORE: Final = rx(
    r"\brun us\b|\bset us back\b|\bmonth[- ]to[- ]month\b|\bup ?front\b|\bfor the (?:whole )?year\b|"
    r"\bgratuit\w*|\bkost(?:et|en)\b|\bdescuento\w*|\bdesconto\w*|\brabatt\w*|\bremise\b|\bkorting\w*|\bsconto\b|\bpreis\w*|\bprix\b|\bprecio\w*|\bpreço\w*|\btarif\w*|\bjährlich\b|\bmonatlich\b|"
    r"\bmensual\w*|\banual\w*|\bannuel\w*|\bmensuel\w*|\bjaarlijks\b|\bmaandelijks\b|\bwhat (?:would|does) (?:it|that|\w+) "
    r"(?:run|cost)\b|\bwould have to be (?:an? )?(?:annual|monthly|multi)"
)
# A deadline in other languages, or "by then" after a date.
DEADLINE_MORE: Final = rx(
    r"\b(?:até|antes del?|avant|vor|voor|bis|hasta|entro|prima di)\b (?:(?:o|a|el|la|le|de|der|die|das|het|il|ao|al|fim|"
    r"finales|final|end|ende|eind|fin|of|do|da|del)\b ?){0,3}(?:\w+ ){0,2}(?:q[1-4]|\w*(?:janv|jan|feb|fév|mar|apr|avr|abr|"
    r"mai|may|jun|juin|jul|juil|aug|ago|aoû|sep|set|oct|out|okt|nov|dec|dez|dic|dét)\w*|20\d\d|(?:fim|final|ende|eind|fine|fin) "
    r"(?:de |do |del |van |des )?\w+)|\bby then\b|\bbefore (?:then|that)\b"
)
# Champions: data-protection and security officers, and bringing a named role along.
CHAMPION_MORE: Final = rx(
    r"\b(?:our|my|the) (?:dpo|data protection officer|ciso|security officer|compliance (?:team|officer)|legal counsel)\b|"
    r"\b(?:bring|invite|include|add|loop in|cc)\w* (?:along )?(?:our|my) (?:\w+ ){0,3}(?:lead|head|manager|director|vp|"
    r"chief|boss|colleague|team)\b"
)
# Forward-moving questions about how data gets in and out.
INTEGRATION_MORE: Final = rx(
    r"\bservice account\b|\boauth\b|\bwrites? (?:\w+ ){0,3}(?:into|to) (?:our|your|the)\b|\bread (?:\w+ ){0,2}from\b|"
    r"\bcome in\b|\bshow up (?:separately|as|in)\b|\bas (?:a )?touch(?:es|points?)?\b|\bseparate (?:bucket|source|channel)s?\b|"
    r"\bone bucket\b|\bdoes it do sso\b|\bsso (?:with|via|through) \w+|\bwe'?re on (?:okta|azure ad|onelogin|google workspace)\b"
)
# A question that compares the product with a tool is not about connecting that tool.
COMPARISON: Final = rx(
    r"\bthat \w+(?: \w+)? (?:doesn't|does not|can't|cannot)\b|\bvs\.?\b|\bversus\b|\bcompared (?:to|with)\b|"
    r"\bbetter than\b|\bdifferent from\b|\binstead of\b|\bdo that \w+ doesn't\b"
)
SOCIAL_MORE: Final = rx(r"\bclientes\b|\bkunden\b|\bklanten\b|\bréférences?\b|\bclienti\b|\bcas clients?\b")
SHOCK_MORE: Final = rx(
    r"\bmore than (?:our|my) (?:whole |entire |total |annual |monthly |yearly )?(?:\w+ ){0,3}budget\b|"
    r"\b(?:blow|blows|blew) (?:our|my|the) budget\b|\bwe (?:can't|cannot|couldn't) justify\b|\bzu teuer\b|"
    r"\btrop cher\b|\bdemasiado caro\b|\bmuito caro\b|\bte duur\b|\bcaro para\b"
)
IDENTITY_MORE: Final = rx(
    r"\b(?:not sure|don't think|doubt|wonder if|unsure) (?:if |whether )?we(?:'re| are)? (?:\w+ )?(?:big|large|mature|"
    r"ready|grown-up) enough\b|\bdo we (?:even )?need (?:something like )?(?:this|that|it)\b|\b(?:probably|might be|may be|"
    r"maybe) too (?:small|early|tiny)\b|\bare we (?:too small|big enough)\b|"
    # "we're not really who you build this for", "I won't be using the tool myself"
    r"\bwe(?:'re| are) (?:probably |really |just )?not (?:really |exactly |quite )?(?:who|what|the (?:kind|type|sort) of \w+) "
    r"(?:you(?:'re| are)? )?(?:\w+ )?(?:build|built|make|made|design|designed|aim|aimed|target)\w*\b|"
    r"\bi (?:won't|will not|wouldn't|will never) (?:be )?(?:using|use|log(?:ging)? in(?:to)?)\b(?: (?:it|this|the \w+))?(?: myself)?|"
    r"\bi (?:only|just) (?:manage|handle|do|run|process) the (?:contract|paperwork|procurement|purchasing|purchase order|po)\b"
)
SEND_MORE: Final = rx(
    r"\b(?:video|recording|demo video|webinar recording|loom|walkthrough video)\b[^.?!]*\b(?:later|look|watch|send|share)\b|"
    r"\b(?:look at|watch|read|check out) (?:it |that |this )?later\b|\bpoke around\b|\blook around (?:more|a bit)\b|"
    r"\bbrowse (?:a bit|more|around)\b|\bdo (?:some|more|my own) research\b|\bcome back later\b"
)
HUMAN_MORE: Final = rx(
    r"\bright person (?:for|to)\b|\bwho (?:should|can|do|would) i (?:talk|speak|reach out|write) to\b|"
    r"\b(?:could|can|would|will) (?:someone|somebody|anyone|anybody|a person)(?: (?:from|on|at|in) (?:\w+ ){1,4}?\w+)? "
    r"(?:just |please |actually |maybe )?(?:answer|call|email|reach|help|get back|contact|ring|do (?:a|an) \w+|talk|speak|"
    r"chat|join|jump|hop|walk|sort|be (?:up for|open to|available|willing|free))\b|"
    r"\bwho (?:looks after|handles|owns|runs|manages|is in charge of|takes care of|is responsible for) (?:\S+ ){0,4}?"
    r"(?:on your (?:side|end)|at (?:your|§product)\b|over there|there)\b|"
    r"\b(?:zoom|call|phone|meet|teams|video call|hangout)(?: call)? (?:w|with) (?:someone|somebody|a person|a human|one of)\b|"
    r"\b(?:hash (?:this |it |that )?out|discuss (?:this|it|that)|go over (?:this|it|that)|sort (?:this|it) out)"
    r"(?: \w+)? with (?:a person|a human|someone|somebody|a rep|an actual|a real)\b|\bis there (?:anybody|somebody) "
    r"(?:\w+ )?(?:around|there|available|online)\b|\b(?:pass|forward|send|get) (?:my|this|it) (?:\w+ ){0,2}(?:straight |directly )?"
    r"to (?:the |a |your )(?:hiring manager|recruiter|human|person|rep|manager)\b|"
    r"\biemand van\b|\bjemand (?:von|aus|vom)\b|\balguém\b|\balguien\b|\bquelqu'un\b|\bqualcuno\b|"
    r"\b(?:spreken|sprechen|hablar con|falar com|parler (?:à|a|avec)|parlare con)\b"
)
# "not ready to talk to sales" is the opposite of asking for a person.
HUMAN_NEGATED: Final = rx(
    r"\b(?:not|n't|no need to|not ready to|don't want to|never) (?:\w+ ){0,2}(?:talk|speak|chat) (?:to|with)\b"
)
SUPPORT_MORE: Final = rx(
    r"\bdidn't (?:post|sync|update|load|arrive|come through|run|send|show)\b|\b(?:hasn't|haven't|has not|have not) "
    r"(?:\w+ )?(?:posted|synced|updated|arrived|run|loaded)\b|\bmissed\b|\bstopped\b|\b(?:would|could|did|does) "
    r"(?:that|this|it) break\b|\bbreak it\b|\bunattributed\b|\bshows? up as\b|\bno idea if that matters\b|"
    r"\bfirst time (?:it'?s|it has) ever\b"
)
EXPANSION_MORE: Final = rx(
    r"\banother ~?\d+ (?:people|users|seats|reps|licen[cs]es)\b|\bwants? in\b|\broll(?:ed|ing)? (?:it |this |\w+ )?"
    r"out (?:wider|further|to)\b|\b(?:sales|other) (?:org|team|department|division) (?:wants|asked|needs)\b"
)
DECLINE_MORE: Final = rx(
    r"^\W*(?:nee|nein|non|não|nao|no gracias|non merci|nee dank|nein danke|niet)\b|\bnot ready (?:to|for)\b|"
    r"\bcan't (?:do|make|join|hop on|jump on) (?:(?:a|the) )?(?:live|(?:quick )?(?:call|chat|meeting)s?|today|now|it now)\b|"
    r"\b(?:no time|not free|not available|tied up) (?:for (?:a )?(?:call|chat|live)|today|right now|now)\b|\bback[- ]to[- ]backs?\b|\b(?:laat|lass) (?:maar|mal)\b|"
    r"\b(?:trial|essai|prueba|teste) (?:first|d'abord|primero|primeiro)\b|\bd'abord\b"
)
FRUSTRATION_MORE: Final = rx(
    r"\bback and forth with (?:a|the|your) bot\b|\b(?:talking|chatting) to (?:a|the|your) bot\b|"
    r"\b(?:page|site|bot|chat|widget|answers?|pricing) (?:is|are) useless\b|\bstraight answer\b|"
    r"\bdon't have time for (?:this|tickets|bots?)\b|\bfor (?:\d+|ten|twenty|fifteen) min(?:utes)?\b.*\bbot\b"
)
ERASE_MORE: Final = rx(
    r"\bdelete (?:whatever|everything|anything|all)(?: (?:you have|you've got|you hold|about me|on me))?\b|"
    r"\b(?:lösch|lösche|supprim\w+|borr\w+|apag\w+|verwijder\w*) (?:\w+ ){0,2}(?:meine|mes|mis|meus|minha|mijn|al mijn)\b|"
    r"\b(?:avg|dsgvo|rgpd|lgpd)[- ]?(?:verzoek|anfrage|request|demande|solicitud|pedido)\b"
)
# A dodge ("maybe", "later", "idk", "not sure", "no idea") answers nothing: not a real exchange,
# though unlike "thanks" it does not close the conversation.
DODGE_WORDS: Final = frozenset(
    [
        "maybe",
        "perhaps",
        "possibly",
        "later",
        "idk",
        "dunno",
        "not",
        "idea",
        "meh",
        "whatever",
        "pass",
        "skip",
        "i",
        "i'd",
        "i'll",
        "rather",
        "prefer",
        "to",
        "say",
        "telling",
        "comment",
    ]
)
LOW_CONTENT_MORE: Final = frozenset(
    [
        "hoi",
        "hallo",
        "hola",
        "olá",
        "ola",
        "oi",
        "ciao",
        "salut",
        "hej",
        "moin",
        "servus",
        "buenas",
        "bom",
        "dia",
        "boa",
        "tarde",
        "bonne",
        "hi5",
        "yo",
        "sup",
    ]
)


# --- found by the third blind set ----------------------------------------------------------------
_MONTH_ANY = (
    r"(?:jan|janv|feb|fév|febr|mar|mär|maa|apr|avr|abr|mai|may|mei|jun|juin|jul|juil|aug|ago|aoû|sep|set|oct|okt|out|"
    r"nov|dec|dez|dic|déc)\w*"
)
# When they will decide or buy ("we pick in august", "decision in q3", "we kiezen pas in augustus").
DECISION_WHEN: Final = rx(
    rf"\b(?:decid\w*|decision|choos\w*|chose|pick\w*|select\w*|sign\w*|buy\w*|purchas\w*|kiezen|kiest|beslissen|besluiten|"
    rf"entscheiden|entscheidung|decidir\w*|decidimos|décid\w*|décision|scegli\w*|decider\w*|escolher)\b"
    rf"(?: \w+){{0,3}}? (?:in|on|by|around|na|em|en|im|i'm|à|a|ab|vanaf|después de|after) (?:\w+ )?(?:{_MONTH_ANY}|q[1-4])\b"
)
# A dated event they need answers for ("board meeting next thursday and I promised them an answer").
EVENT_WHEN: Final = rx(
    r"\b(?:board|budget|planning|qbr|kickoff|investor|leadership|exec\w*) (?:meeting|review|deck|presentation|offsite|session)s? "
    r"(?:is |are |on |at )?(?:next|this|on|in|coming)\b"
)
CHAMPION_FOREIGN: Final = rx(
    r"\b(?:unser|unsere|our) einkauf\b|\beinkaufsabteilung\b|\binkoop(?:afdeling)?\b|\b(?:departamento|área|equipo) de compras\b|"
    r"\bservice (?:des )?achats\b|\bufficio acquisti\b|\brechtsabteilung\b|\bjuridische afdeling\b"
)
# "procurement freeze", "I'm a procurement manager": the word names a state or their own job, not a step.
CHAMPION_NOT_PROCESS: Final = rx(
    r"\b(?:procurement|budget|spending|hiring) freeze\b|\bprocurement (?:software|platform|tool|saas|startup|solution)s?\b|\bi(?:'m| am) (?:a |an |the )?(?:\w+ )?(?:procurement|purchasing|"
    r"legal|finance) (?:manager|officer|lead|specialist|director|counsel|analyst|person)\b|\bi work in (?:procurement|purchasing|legal)\b"
)
# "show the exec team what actually moves deals": reporting to them is a pain, not a buying step.
SHOW_WHAT: Final = rx(
    rf"\bshow (?:our |my |the )?(?:\w+ )?{STAKEHOLDER} (?:what|which|how|where|why|that|whether|if)\b"
)
# Asking what it costs them inside a statement ("trying to get a straight answer on what Enterprise would cost us").
COMMERCIAL_ASK: Final = rx(
    r"\bwhat (?:\w+ ){0,2}(?:would|will|might|does|is going to) (?:\w+ )?(?:cost|run|set) (?:us|me|our)\b|"
    r"\bstraight answer on (?:the )?(?:price|pricing|cost)\b|\b(?:how much|what) (?:\w+ ){0,2}(?:would|will) (?:cost|charge)\b"
)
REPEAT_TRY: Final = rx(
    r"\b(?:twice|\w+ times|twee keer|drie keer|zweimal|dreimal|deux fois|trois fois|dos veces|tres veces|duas vezes|"
    r"due volte|again and again|over and over)\b"
)
FAILED_TRY: Final = rx(
    r"\bstill (?:nothing|no|not|getting|get|receiving|broken)\b|\b(?:doesn't|didn't|does not|did not) (?:\w+ )?work\b|"
    r"\bnot working\b|\bwerkt (?:gewoon |echt )?niet\b|\bfunktioniert (?:einfach |immer )?nicht\b|\bne (?:marche|fonctionne) pas\b|"
    r"\bno funciona\b|\bnão funciona\b|\bnon funziona\b|\ben toch\b|\btoch nog\b|\btrotzdem\b|\bquand même\b"
)
SUPPORT_FOREIGN: Final = rx(
    r"\bsomething went wrong\b|\b(?:laden|lädt|geht|funktioniert|läuft|laufen)\b(?: \w+){0,4} nicht\b|\bwerkt niet\b|"
    r"\b(?:laadt|laden) niet\b|\bne (?:marche|fonctionne|charge|s'affiche) pas\b|\bno (?:funciona|carga)n?\b|"
    r"\bnão (?:funciona|carrega)\w*\b|\bnon (?:funziona|carica)\w*\b|\bfehler\w*\b|\bfoutmelding\b|\berreur\b"
)
PAYMENT_UPDATE: Final = rx(
    r"\b(?:card|payment method|payment details|billing details) (?:got |was |has been |is )?(?:replaced|expired|"
    r"expiring|changed|cancelled|canceled|stolen|lost)\b|\bupdate (?:our |my |the )?(?:company )?(?:card|payment|billing)\b|"
    r"\brenewal charge\b"
)
# In an open support thread, a statement of what changed or what they see is a follow-up on it.
SUPPORT_FOLLOWUP: Final = rx(
    r"\b(?:left|changed|renamed|moved|deleted|removed|archived|reinstalled|uninstalled|the same|still|checked|tried|"
    r"no change|same thing)\b"
)
INTEGRATION_HISTORY: Final = rx(
    r"\bbackfill\w*|\bhistor(?:y|ical|ic|ie|ische|ique|ico|isch|ial)\w*\b|\bpast (?:\d+ )?(?:months|years) of data\b"
)
# A bare stack answer that opens the message ("hubspot.", "salesforce, with some custom objects.").
TOOL_LEAD: Final = rx(r"^(?:we use |we're on |on |using )?[\w.+&/ -]{2,60}$")
# Asking to schedule later is not declining the meeting ("not now, can we schedule something instead?").
RESCHEDULE: Final = rx(
    r"\b(?:can|could|shall) we (?:schedule|book|set up|find|do) (?:something|a time|a call|it|one|another)\b|"
    r"\b(?:schedule|book) (?:something|a call|one) (?:instead|later|for later)\b"
)
# A video call with someone is a meeting, not a tool to integrate ("a quick zoom w someone").
MEETING_TOOL: Final = rx(
    r"\b(?:zoom|teams|google meet|meet|hangouts?)\b(?: call)? (?:w|with|to)\b|\bon (?:a )?(?:quick )?(?:zoom|teams)\b"
)

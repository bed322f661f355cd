"""Held-out phrasings for the rules engine: written independently of the dev set, to measure how
understanding generalises (paraphrases, typos, other number formats, other languages' leftovers).

Each case: (agent's previous line or None, visitor message, labels that must be found, labels that
must not be found). Labels are "signal:x", "objection:x", "intent:x", "slot:name=value".
"""

from __future__ import annotations

CASES: list[tuple[str | None, str, set[str], set[str]]] = [
    # --- slots: size, industry, role in many shapes -------------------------------------------
    (
        None,
        "we're a neobank, roughly 300 staff, I head up demand generation",
        {"slot:company_size=300", "slot:industry=fintech", "slot:role=marketing"},
        set(),
    ),
    (
        None,
        "CMO here. Mid-size insurer, about two thousand employees",
        {"slot:role=marketing", "slot:industry=fintech", "slot:company_size=2000"},
        set(),
    ),
    (
        None,
        "we make hydraulic pumps, 120 people, im the VP of sales",
        {"slot:industry=manufacturing", "slot:company_size=120", "slot:role=sales"},
        set(),
    ),
    (
        None,
        "Co-founder of a 15-person dev tools startup",
        {"slot:role=founder", "slot:industry=software", "slot:company_size=15"},
        set(),
    ),
    (
        None,
        "i'm the revenue operations lead at a logistics company (~650 ppl)",
        {"slot:role=revops", "slot:industry=logistics", "slot:company_size=650"},
        set(),
    ),
    (
        None,
        "marketing director, online retailer of office furniture, 80-120 employees",
        {"slot:role=marketing", "slot:industry=ecommerce", "slot:company_size=100"},
        set(),
    ),
    (
        None,
        "We're a law firm with about 45 lawyers and staff. I'm the managing partner.",
        {"slot:industry=professional_services", "slot:company_size=45", "slot:role=executive"},
        set(),
    ),
    (
        None,
        "hospital group, 1.5k employees, I'm on the marketing team as marketing manager",
        {"slot:industry=healthcare", "slot:company_size=1500", "slot:role=marketing"},
        set(),
    ),
    (
        None,
        "I'm CEO of a small charity, 12 of us",
        {"slot:role=executive", "slot:industry=nonprofit", "slot:company_size=12"},
        set(),
    ),
    (
        None,
        "growth marketer at a b2b saas, team is 40ish",
        {"slot:role=growth", "slot:industry=software"},
        set(),
    ),
    (
        "How big is the company, and what's your role?",
        "about 50. head of marketing",
        {"slot:company_size=50", "slot:role=marketing"},
        set(),
    ),
    ("What kind of company are you with?", "payments", {"slot:industry=fintech"}, set()),
    (None, "we sell software to hospitals", {"slot:industry=software"}, {"slot:industry=healthcare"}),
    (
        None,
        "our agency handles our ads but i want to see pipeline myself",
        set(),
        {"slot:industry=professional_services"},
    ),
    (
        None,
        "i'm a software engineer at a 200 person fintech",
        {"slot:role=engineering", "slot:industry=fintech", "slot:company_size=200"},
        set(),
    ),
    (None, "Our CFO wants to see this before we buy", {"signal:champion"}, {"slot:role=finance"}),
    (None, "hey, i'm priya btw, marketing at a saas co", {"slot:name=priya", "slot:role=marketing"}, set()),
    (
        "Which email should get the invite?",
        "j.smith@acme-corp.com",
        {"slot:email=j.smith@acme-corp.com"},
        {"slot:role=engineering"},
    ),
    # --- problem statements -----------------------------------------------------------------------
    (None, "honestly we have no clue which of our campaigns produce revenue", {"slot:problem=True"}, set()),
    (
        None,
        "our sales team says marketing leads are worthless and I can't prove otherwise",
        {"slot:problem=True"},
        set(),
    ),
    (None, "we waste hours every week building the pipeline report by hand", {"slot:problem=True"}, set()),
    (None, "leadership doesn't trust our attribution numbers at all", {"slot:problem=True"}, set()),
    (None, "we just want to see a demo", set(), {"slot:problem=True"}),
    # --- forward questions --------------------------------------------------------------------------
    (None, "Does Lumen integrate with Microsoft Dynamics?", {"signal:forward_question"}, set()),
    (None, "do u guys conect to hubspot", {"signal:forward_question"}, set()),
    (
        None,
        "how long does implementation usually take for a team like ours?",
        {"signal:forward_question"},
        set(),
    ),
    (
        None,
        "we're moving from marketo to hubspot next year, can we migrate the history?",
        {"signal:forward_question"},
        set(),
    ),
    (None, "can it pull spend data from linkedin ads automatically", {"signal:forward_question"}, set()),
    (None, "what is multi-touch attribution exactly?", set(), {"signal:forward_question"}),
    # --- L3 signals ---------------------------------------------------------------------------------
    (None, "we need something live before the end of Q2", {"signal:timeline"}, set()),
    (None, "our current contract with bizible expires in march", {"signal:timeline"}, set()),
    (None, "how quickly could we be up and running?", {"signal:timeline"}, set()),
    (None, "I'll need to loop in our head of finance before we commit", {"signal:champion"}, set()),
    (None, "legal will have to review the MSA", {"signal:champion"}, set()),
    (None, "how much would growth be for 12 users?", {"signal:commercial"}, set()),
    (None, "is there a discount if we pay annually?", {"signal:commercial"}, set()),
    (None, "what are the contract terms for enterprise?", {"signal:commercial"}, set()),
    (None, "do you have any customers in healthcare?", {"signal:social_proof"}, set()),
    (None, "could you share a case study from a manufacturing company?", {"signal:social_proof"}, set()),
    (None, "who else like us is using lumen?", {"signal:social_proof"}, set()),
    # --- objections ---------------------------------------------------------------------------------
    (None, "whoa, $399/month is way more than we can spend", {"objection:price_shock"}, set()),
    (None, "that's too expensive for a company our size", {"objection:price_shock"}, set()),
    ("Growth is $399/month for up to 25 seats.", "hmm that's steep", {"objection:price_shock"}, set()),
    (None, "i think this is built for much bigger companies than us", {"objection:identity_mismatch"}, set()),
    (
        None,
        "I'm not really the decision maker here, just researching",
        {"objection:identity_mismatch"},
        set(),
    ),
    (None, "can you just email me a brochure?", {"objection:send_info"}, set()),
    (None, "send over some materials and i'll take a look", {"objection:send_info"}, set()),
    (None, "i'd rather read up on it first", {"objection:send_info"}, set()),
    # --- intents --------------------------------------------------------------------------------------
    (None, "can I speak to a human please", {"intent:human_request"}, set()),
    (None, "is there someone from your sales team available?", {"intent:human_request"}, set()),
    ("Tom is online now. Want me to bring him in?", "yes please", {"intent:human_request"}, set()),
    (
        "Maya has Tue 10:00am, Tue 2:00pm or Wed 9:30am ET.",
        "tuesday at 2 works for me",
        {"intent:meeting_accept"},
        set(),
    ),
    ("Maya has Tue 10:00am, Tue 2:00pm or Wed 9:30am ET.", "the first one", {"intent:meeting_accept"}, set()),
    (
        "Maya has Tue 10:00am, Tue 2:00pm or Wed 9:30am ET.",
        "none of those work, sorry. no thanks",
        {"intent:meeting_decline"},
        {"intent:meeting_accept"},
    ),
    ("Want to see it on a quick call?", "no thanks, not now", {"intent:meeting_decline"}, set()),
    (None, "this bot is useless, seriously", {"intent:frustration"}, set()),
    (None, "please delete my data", {"intent:opt_out"}, set()),
    (None, "unsubscribe me from your emails", {"intent:opt_out"}, set()),
    (None, "I can't log into my account", {"intent:support"}, set()),
    (None, "we were double charged on our last invoice", {"intent:support"}, set()),
    (None, "hi", set(), {"intent:human_request", "signal:forward_question"}),
]

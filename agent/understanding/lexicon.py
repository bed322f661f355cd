"""Lexicons: how people name or describe an industry, a job role and the tools in their stack.

Entries are regular-expression fragments matched on normalised text (see `text.py`), so one
entry covers plurals and small variations ("manufactur(?:er|ing)"). Industries are described
more often than named ("we make hydraulic pumps", "a neobank"), so descriptions are entries too.
"""

from __future__ import annotations

import re
from typing import Final

from agent.labels import Industry, Role
from agent.understanding import fastre

# Weight 3: the word names the company type outright. 2: a strong description. 1: a weak hint
# that only counts when nothing stronger is present.
INDUSTRY_CUES: Final[tuple[tuple[str, Industry, int], ...]] = (
    # fintech first: "payments software" is fintech, as is "insurtech".
    (
        r"fin ?tech|neo ?bank|challenger bank|\bbank(?:ing)?\b|payments?(?: company| co| platform| startup| processor| provider)?"
        r"|lending|lender|\bloans?\b|insur ?tech|insurance|insurer|wealth ?tech|wealth management|pensions?|"
        r"crypto|\bfx\b|forex|remittances?|expense cards?|credit cards?|card issuing|neo-?bank|brokerage firm|"
        r"trading platform|payroll|invoice financing|regtech|\bbanque\b|\bbanco\b",
        "fintech",
        3,
    ),
    (
        r"health ?tech|healthcare|health care|digital health|health ?system|hospitals?|clinics?|medical|med ?tech|"
        r"biotech|pharma(?:ceutical)?s?|life sciences|occupational health|health provider|telehealth|"
        r"dental|healthcare co|care programs?|patients?",
        "healthcare",
        3,
    ),
    (
        r"saas|software|dev ?tools?|developer tools?|devtools|martech|adtech|hr ?tech|legal ?tech|prop ?tech|"
        r"cyber ?security|security software|api (?:company|platform)|cloud (?:platform|company)|app company|"
        r"data platform|analytics (?:company|platform|startup)|tech startup|tech company|logiciel|"
        r"software house|\berp\b|\bcrm (?:company|vendor)\b|devops (?:platform|tool\w*|company|startup)|"
        r"developer platform|dev platform|scale-up saas|empresa de software",
        "software",
        3,
    ),
    (
        r"manufactur\w*|factory|factories|industrial|machinery|machines|hydraulic|components?|\boem\b|pumps?|valves?|"
        r"\bhvac\b|automation equipment|equipment maker|fabricant|fabricante|hersteller|packaging machinery|"
        r"auto parts maker|plant floor|metal ?works|plastics|chemicals?|maschinenbau\w*|fabricación|indústria|"
        r"(?:makes?|making|manufactures?|produces?|builds?|building) (?:\S+ ){0,3}(?:equipment|machinery|machines|"
        r"parts|components|devices|tools|valves|pumps|hardware|furniture|materials|controllers|sensors|electronics|"
        r"(?:packaging|plastic|protective|barrier|polymer|industrial|stretch|shrink|optical) films|chips|robots|vehicles|trucks|forklifts|batteries|turbines|instruments|motors|engines)|"
        r"(?:wir )?(?:bauen|herstellen|fertigen|produzieren) \w+|\bsteuerungen\b|nous fabriquons|fabricamos|"
        r"(?:produce|producono|produciamo|produzimos|producimos|produit|fabrique|fabrica|costruisce|costruiamo) "
        r"(?:\S+ ){0,2}(?:macchin\w+|m[aá]quinas?|maquinaria|machines?|componenti|componentes|composants|pi[eè]ces|"
        r"attrezzature|equipos|equipamentos|[eé]quipements|impianti)|macchin[ae] utensili|machines?-outils|"
        r"m[aá]quinas?-herramienta|werkzeugmaschinen|azienda manifatturiera|stabilimento",
        "manufacturing",
        3,
    ),
    (
        r"e-?commerce|online store|online shop|web ?shop|\bdtc\b|\bd2c\b|direct to consumer|marketplace|"
        r"shopify store|retailer|online retail|sell \w+(?: \S+){0,5} online|we sell online|b2b online|"
        r"online (?:b2b )?(?:distribu\w+|wholesale\w*|store|shop)|distribuidora (?:\S+ ){0,3}online|supplements brand|dtc brand",
        "ecommerce",
        3,
    ),
    (
        r"consult(?:ing|ancy|ants?)|advisory|accounting firm|accountants|audit firm|law ?firm|legal firm|"
        r"agency|agencies|staffing|recruit(?:ing|ment) (?:firm|agency)|\bit services\b|managed services|msp|"
        r"cabinet de conseil|conseil|consultora|consultor[ií]a|beratung|professional services|"
        r"architecture firm|engineering firm|pr firm|design studio|creative studio|law practice|"
        r"managed (?:it|security|service)s?(?: \+ \w+)? provider|translation agency|it consultancy",
        "professional_services",
        3,
    ),
    (
        r"k-?12|schools?|universit(?:y|ies)|college|academy|ed ?tech|education(?:al)?|bootcamp|school district|"
        r"tutoring",
        "education",
        3,
    ),
    (
        r"non-?profit|not-for-profit|charit(?:y|ies)|\bngo\b|foundation|fundaci[oó]n|funda[cç][aã]o|fondazione|fondation|"
        r"stiftung|onlus|\bong\b|asociaci[oó]n sin [aá]nimo de lucro|association [aà] but non lucratif",
        "nonprofit",
        3,
    ),
    (
        r"government|public sector|public agency|state agency|\bstate \w+ (?:\w+ )?agency|municipal\w*|city council|"
        r"federal|ministry|county|economic development",
        "government",
        3,
    ),
    (
        r"media company|publisher|publishing|newspaper|magazine|broadcast\w*|news site|podcast network|"
        r"streaming service|record label|media group|trade publication|b2b publisher",
        "media",
        3,
    ),
    (
        r"real estate|realt(?:y|or)|brokerage|property management|homebuilder|estate agents?|letting agent",
        "real_estate",
        3,
    ),
    (
        r"logistics|freight|shipping company|\b3pl\b|trucking|courier|supply chain|warehouse (?:company|operator)|fleet|"
        r"delivery company|forwarder|warehousing",
        "logistics",
        3,
    ),
)

# "i run X", "i head up X", "in charge of X": the visitor's own department, said with a verb.
_I_RUN = (
    r"(?:i (?:do|run|lead|head|own|manage|oversee|look after|handle)(?:[ -]up)?|(?:i'm |i am )?in charge of|"
    r"i'm responsible for|i am responsible for)"
)

# Role cues. Order matters: the first matching entry wins inside one mention, so specific titles
# ("marketing ops", "sales ops") come before the generic department words.
ROLE_CUES: Final[tuple[tuple[str, Role], ...]] = (
    (
        r"(?:master'?s|phd|grad(?:uate)?|undergrad(?:uate)?|mba|college|university) student|student|thesis|"
        r"dissertation|doing (?:a|my) (?:masters|phd)|studying \w+(?: \w+)?|"
        r"(?:i'm|im) (?:a |an )?(?:junior|sophomore|freshman)(?! \w*(?:marketer|developer|engineer|manager|designer|analyst))|"
        r"estudiante|étudiant\w*|estudante|studente(?:ssa)?|dottorand[oa]|doctorand[oa]|doctorant\w*|doktorand\w*|"
        r"(?:la |mi |ma |minha )(?:tesi|tesis|th[eè]se|tese)\b",
        "student",
    ),
    (
        r"rev ?ops|revenue operations|revenue ops|sales (?:&|and) marketing ops|sales ops|sales operations|"
        r"gtm ops|go-to-market ops|crm (?:admin|manager|lead)|salesforce admin(?:istrator)?",
        "revops",
    ),
    (
        r"co-?founders?|founders?|founding (?:team|member|partner)|\bowner\b|business owner|solo ?founder",
        "founder",
    ),
    (
        r"(?:vp|svp|head|director|lead) (?:of )?(?:demand(?: gen\w*)?|field marketing|revenue marketing)\b|"
        r"marketing (?:&|and) (?:comms|communications|brand) (?:director|manager|lead|head)|"
        r"director ?,? (?:revenue|demand|field|product) marketing|"
        r"\bcmo\b|chief marketing officer|(?:vp|svp|evp|head|director|dir|manager|lead|mgr|senior manager|"
        r"sr manager|manager of|head of) (?:of |de |du |des |del |da |do )?(?:marketing|demand gen\w*|brand|content|"
        r"communications|comms|digital|performance marketing|product marketing|field marketing|marketing ops|"
        r"marketing operations|marketing analytics|mktg)(?! (?:ops|operations|analytics)\b)|"
        r"marketing (?:ops )?(?:director|manager|lead|head|vp|coordinator|specialist|analyst|exec\w*|ops|"
        r"operations|team lead)|demand gen\w*|comms manager|communications manager|marketer|\bpmm\b|"
        rf"product marketing|(?:{_I_RUN}|i work in) (?:the )?marketing|"
        r"marketing (?:lead|person|guy|girl)|in marketing|digital marketing",
        "marketing",
    ),
    (
        r"growth marketing (?:manager|mgr|lead|director|head|specialist)|(?:head|vp|director|lead|manager) (?:of )?growth|"
        r"growth (?:lead|manager|marketer|marketing|head|pm|product manager)|responsable (?:du )?growth|"
        rf"{_I_RUN} (?:the )?growth|in growth",
        "growth",
    ),
    (
        r"(?:vp|svp|head|director|lead) (?:of )?revenue(?! marketing)|revenue (?:director|lead|leader)|"
        r"(?:vp|svp|head|director|manager|lead) (?:of )?sales|sales "
        r"(?:director|manager|lead|head|vp|rep|exec\w*)|account executive|\bae\b|\bsdr\b|\bbdr\b|"
        rf"{_I_RUN} (?:the )?sales|in sales|business development|bizdev|"
        r"(?:direttore|direttrice|responsabile|director|directora|gerente|diretor|diretora|directeur|directrice|"
        r"responsable|jefe|jefa) (?:commerciale?|comercial)|vertriebsleiter(?:in)?|leiter(?:in)? (?:des )?vertriebs?",
        "sales",
    ),
    (
        r"head of gtm|gtm (?:lead|head|director)|vp (?:of )?gtm|chief of staff|"
        r"\bceo\b|\bcro\b|chief revenue officer|chief executive|president|managing director|\bmd\b|general manager|\bgm\b|managing partner|"
        r"\bcoo\b|chief operating officer|\bsvp\b|\bevp\b|executive director|partner at",
        "executive",
    ),
    (
        r"\bcfo\b|chief financial|controller|finance (?:director|manager|lead|team)|accountant|fp&a|"
        rf"{_I_RUN} finance|in finance|procurement (?:manager|lead|director|head|officer|specialist|team)|"
        r"(?:head|vp|director|manager) (?:of )?(?:procurement|purchasing)|purchasing (?:manager|director|lead)",
        "finance",
    ),
    (
        r"\bcto\b|chief technology|engineer(?:ing)? (?:manager|lead|director)|(?:head|vp|director) of engineering|"
        r"(?:backend|frontend|front-end|back-end|software|data|full ?stack|devops|platform|staff|senior|"
        r"sr|lead)?\s?(?:engineer|developer)|\bdev\b|programmer|it manager|it admin|sysadmin|data analyst|"
        r"data scientist|bi analyst|analytics engineer",
        "engineering",
    ),
    (
        r"\bcpo\b|product manager|head of product|vp (?:of )?product|product owner|\bpm\b|product lead",
        "product",
    ),
    (
        r"office manager|ops manager|operations manager|executive assistant|\bea\b|admin assistant|"
        r"office admin|assistant to|operations (?:lead|director|team)|(?:i (?:do|run|lead|head)) ops",
        "operations",
    ),
)

# Known tools in B2B go-to-market stacks: mentions make a message about "their stack".
TOOLS: Final[dict[str, str]] = {
    "salesforce": "Salesforce",
    "hubspot": "HubSpot",
    "marketo": "Marketo",
    "pardot": "Pardot",
    "account engagement": "Pardot",
    "slack": "Slack",
    "snowflake": "Snowflake",
    "bigquery": "BigQuery",
    "big query": "BigQuery",
    "google ads": "Google Ads",
    "adwords": "Google Ads",
    "google shopping": "Google Ads",
    "linkedin ads": "LinkedIn Ads",
    "linkedin": "LinkedIn Ads",
    "segment": "Segment",
    "pipedrive": "Pipedrive",
    "zoho": "Zoho",
    "dynamics": "Microsoft Dynamics",
    "shopify": "Shopify",
    "zoom": "Zoom",
    "6sense": "6sense",
    "bizible": "Bizible",
    "google analytics": "Google Analytics",
    "ga4": "Google Analytics",
    "facebook ads": "Meta Ads",
    "facebook": "Meta Ads",
    "meta ads": "Meta Ads",
    "meta": "Meta Ads",
    "looker": "Looker",
    "tableau": "Tableau",
    "power bi": "Power BI",
    "redshift": "Redshift",
    "databricks": "Databricks",
    "outreach": "Outreach",
    "salesloft": "Salesloft",
    "gong": "Gong",
    "zapier": "Zapier",
    "intercom": "Intercom",
    "okta": "Okta",
    "follow up boss": "Follow Up Boss",
    "excel": "Excel",
    "google sheets": "Google Sheets",
    "crm": "CRM",
    "warehouse": "data warehouse",
    "data warehouse": "data warehouse",
    "api": "API",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "reddit ads": "Reddit Ads",
    "bing ads": "Microsoft Ads",
    "microsoft ads": "Microsoft Ads",
    "quickbooks": "QuickBooks",
    "netsuite": "NetSuite",
    "stripe": "Stripe",
    "dreamdata": "Dreamdata",
    "hockeystack": "HockeyStack",
    "demandbase": "Demandbase",
    "clearbit": "Clearbit",
    "mailchimp": "Mailchimp",
    "eloqua": "Eloqua",
    "sugarcrm": "SugarCRM",
    "freshsales": "Freshsales",
    "metabase": "Metabase",
    "fivetran": "Fivetran",
}


# Tools that are a CRM: knowing one answers "which CRM are you on?".
CRM_TOOLS: Final[frozenset[str]] = frozenset(
    {
        "Salesforce",
        "HubSpot",
        "Pipedrive",
        "Zoho",
        "Microsoft Dynamics",
        "SugarCRM",
        "Freshsales",
        "Follow Up Boss",
        "CRM",
    }
)


def _alternation(phrases: list[str]) -> str:
    return "|".join(sorted(phrases, key=len, reverse=True))


INDUSTRY_RES: Final[tuple[tuple[fastre.Regex, Industry, int], ...]] = tuple(
    (fastre.compile(rf"(?<![\w-])(?:{pat})(?![\w])"), ind, w) for pat, ind, w in INDUSTRY_CUES
)
ROLE_RES: Final[tuple[tuple[fastre.Regex, Role], ...]] = tuple(
    (fastre.compile(rf"(?<![\w-])(?:{pat})(?![\w-])"), role) for pat, role in ROLE_CUES
)
TOOL_RE: Final[fastre.Regex] = fastre.compile(
    rf"(?<![\w-])({_alternation([re.escape(t) for t in TOOLS])})(?![\w-])"
)

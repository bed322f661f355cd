"""The reply guard: a model reply says what the draft, the visitor and the profile say, nothing more."""

from __future__ import annotations

import pytest

from agent.model.guard import GuardInput, ReplyGuard
from agent.profile import CompanyProfile

DRAFT_PRICE = "Growth is $399/month for up to 25 seats. What does your stack look like?"
DRAFT_SLOTS = "Happy to set up 20 min with Maya Chen: today 3:30pm or tomorrow 9:00am ET."
DRAFT_HANDOFF = "Our team is offline right now; I can book you 20 min with Maya Chen: tomorrow 9:00am ET."


def check(
    profile: CompanyProfile,
    reply: str,
    draft: str = DRAFT_PRICE,
    *,
    visitor: str = "",
    after_hours: bool = False,
    truncated: bool = False,
) -> list[str]:
    return ReplyGuard(profile).check(
        GuardInput(
            reply=reply, draft=draft, visitor_text=visitor, after_hours=after_hours, truncated=truncated
        )
    )


def test_a_faithful_rewrite_passes(profile: CompanyProfile) -> None:
    reply = "Growth runs $399/month and covers up to 25 seats. Which CRM and ad platforms are you on?"
    assert check(profile, reply) == []
    assert (
        check(profile, "Sure! 20 min with Maya Chen works: today 3:30pm or tomorrow 9:00am ET.", DRAFT_SLOTS)
        == []
    )


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        ("Growth is $299/month for 25 seats. What's your stack?", "ungrounded amount"),
        ("Growth is $399/month, and 20% off if you sign today. What's your stack?", "ungrounded amount"),
        ("Growth is $399/month; annual prepay gets a discount. What's your stack?", "discount"),
        ("The Pro plan is $399/month for 25 seats. What's your stack?", "unknown plan"),
        ("Growth is $399/month and syncs with Pipedrive too. What's your stack?", "unknown tool"),
        (
            "Growth is $399/month with SOC 2 and SSO included. What's your stack?",
            "feature not in the profile",
        ),
        ("Growth is $399/month, or try our free plan. What's your stack?", "feature not in the profile"),
        ("Growth is $399/month for up to 25 seats.", "question"),
        ("", "empty"),
        ("Growth is $399/month for up to 25 seats. " * 12 + "What's your stack?", "too long"),
        ("Per the approved draft: Growth is $399/month for 25 seats. Your stack?", "leaks the prompt"),
        ("Growth is $399/month for 25 seats, ask Priya. What's your stack?", "names a rep"),
    ],
)
def test_violations(profile: CompanyProfile, reply: str, why: str) -> None:
    problems = check(profile, reply)
    assert any(why in p for p in problems), problems


def test_profile_facts_and_the_visitors_own_words_may_be_used(profile: CompanyProfile) -> None:
    # SSO is in the profile (Enterprise); Pipedrive and $80k were the visitor's words.
    reply = "Enterprise adds SSO/SAML. With $80k a month of spend and Pipedrive, Growth ($399/month) fits. Your stack?"
    assert check(profile, reply, visitor="we spend $80k a month on ads and use pipedrive") == []


def test_no_live_person_after_hours(profile: CompanyProfile) -> None:
    reply = "Maya Chen is online right now and can jump in! Or grab tomorrow 9:00am ET."
    assert any("live person" in p for p in check(profile, reply, DRAFT_HANDOFF, after_hours=True))
    # In hours the same words are the draft's business, not a violation of the after-hours rule.
    assert not any("live person" in p for p in check(profile, reply, DRAFT_HANDOFF, after_hours=False))
    # After hours, when the draft itself says it (it never does), it may be repeated.
    draft = "Maya Chen is online now. Want me to bring her in?"
    assert check(profile, "Maya Chen is online now; want me to bring her in?", draft, after_hours=True) == []


def test_the_drafts_times_links_and_emails_are_kept(profile: CompanyProfile) -> None:
    assert any("time" in p for p in check(profile, "Maya Chen has time tomorrow morning.", DRAFT_SLOTS))
    draft = "Here's the pricing guide: https://lumenpipeline.example/pricing-guide. What's your email?"
    assert any(
        "link" in p for p in check(profile, "I'll send you the pricing guide. What's your email?", draft)
    )
    invite = "Booked! The invite goes to dana@acme.example."
    problems = check(profile, "Booked! The invite is on its way.", invite, visitor="dana@acme.example")
    assert "drops the draft's email" in problems
    # Problems are stored with the call, so they never carry the visitor's address.
    assert not any("dana@" in p for p in problems)


def test_impersonating_a_rep(profile: CompanyProfile) -> None:
    draft = "Connecting you with Maya Chen now; they'll see this whole conversation."
    problems = check(profile, "Hi, I'm Maya Chen and I'll help you from here.", draft)
    assert "claims to be a rep" in problems


def test_a_cut_off_reply(profile: CompanyProfile) -> None:
    assert "cut off at the token limit" in check(profile, "Growth is $399/month. What's", truncated=True)

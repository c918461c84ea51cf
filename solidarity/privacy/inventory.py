"""Every column the database holds, and what kind of data it is (SR-01). test_inventory fails on a table
or column missing here, on one listed here that no longer exists, and on a "personal-B" column that is
not encrypted. A new column is classified by whoever adds it, in the same change.

public       shown to anyone on a community's public pages (names of processes, projects, results)
internal     keys, states, counts, settings and days that say nothing about a person by themselves
personal     about a person and kept in plain text on purpose: a pseudonymous handle, a role, a choice
             of language; or a gap still to close, listed in PLAIN_PERSONAL_TO_ENCRYPT
personal-B   about a person, encrypted on the server (privacy.fields.EncryptedTextField, AES-256-GCM)
sensitive-A  encrypted in the browser; the server holds only ciphertext (none yet: community safety)
secret       hashes of passwords, codes and receipts, and two-factor secrets
ephemeral    deleted on a schedule: sessions and throttle counters
"""

CLASSES = {"public", "internal", "personal", "personal-B", "sensitive-A", "secret", "ephemeral"}

_ID = {"id": "internal"}
_OWNED = {"id": "internal", "community_id": "internal"}

INVENTORY: dict[str, dict[str, str]] = {
    # Django and django-otp
    "django_migrations": {"id": "internal", "app": "internal", "name": "internal", "applied": "internal"},
    "django_content_type": {**_ID, "app_label": "internal", "model": "internal"},
    "auth_permission": {**_ID, "name": "internal", "content_type_id": "internal", "codename": "internal"},
    "auth_group": {**_ID, "name": "internal"},
    "auth_group_permissions": {**_ID, "group_id": "internal", "permission_id": "internal"},
    "django_session": {"session_key": "ephemeral", "session_data": "ephemeral", "expire_date": "ephemeral"},
    "otp_totp_totpdevice": {**_ID, "user_id": "internal", "name": "internal", "confirmed": "internal",
                            "throttling_failure_timestamp": "ephemeral", "throttling_failure_count": "ephemeral",
                            "created_at": "internal", "last_used_at": "internal", "key": "secret",
                            "step": "internal", "t0": "internal", "digits": "internal", "tolerance": "internal",
                            "drift": "internal", "last_t": "secret"},
    "otp_static_staticdevice": {**_ID, "user_id": "internal", "name": "internal", "confirmed": "internal",
                                "throttling_failure_timestamp": "ephemeral", "throttling_failure_count": "ephemeral",
                                "created_at": "internal", "last_used_at": "internal"},
    "otp_static_statictoken": {**_ID, "device_id": "internal", "token": "secret"},
    # accounts
    "accounts_user": {**_ID, "password": "secret", "last_login": "internal", "is_superuser": "internal",
                      "handle": "personal", "email": "personal-B", "phone": "personal-B", "language": "personal",
                      "is_active": "internal", "is_staff": "internal", "is_demo": "internal",
                      "date_joined": "internal"},
    "accounts_user_groups": {**_ID, "user_id": "internal", "group_id": "internal"},
    "accounts_user_user_permissions": {**_ID, "user_id": "internal", "permission_id": "internal"},
    # privacy
    "privacy_auditentry": {**_OWNED, "actor_id": "internal", "action": "internal", "target_type": "internal",
                           "target_id": "internal", "detail": "personal", "day": "internal"},
    "privacy_throttlebucket": {**_ID, "key": "ephemeral", "count": "ephemeral", "expires_at": "ephemeral",
                               "blocked_until": "ephemeral"},
    # communities
    "communities_community": {**_ID, "slug": "public", "name": "public", "description": "public",
                              "created_on": "internal", "capabilities_off": "internal", "currency": "public"},
    "communities_membership": {**_OWNED, "public_id": "internal", "user_id": "internal", "role": "personal", "joined_on": "internal",
                               "role_since": "internal"},
    "communities_invitation": {**_OWNED, "public_id": "internal", "purpose": "internal", "code_hash": "secret", "label": "internal",
                               "role": "internal", "for_user_id": "internal", "created_by_id": "internal",
                               "max_uses": "internal", "uses": "internal", "expires_at": "internal",
                               "revoked": "internal", "created_on": "internal"},
    "communities_notice": {**_OWNED, "user_id": "internal", "kind": "internal", "about": "personal",
                           "day": "internal"},
    # mutual aid
    "mutualaid_aidsettings": {**_OWNED, "exchange_mode": "internal", "public_intake": "internal",
                              "purge_days": "internal", "approval_threshold_cents": "internal"},
    "mutualaid_zone": {**_OWNED, "name": "public"},
    "mutualaid_zoneborder": {**_OWNED, "from_zone_id": "internal", "to_zone_id": "internal"},
    "mutualaid_responder": {**_OWNED, "name": "public", "phone": "public", "hours": "public", "serves": "public"},
    "mutualaid_helprequest": {**_OWNED, "public_id": "internal", "code_hash": "secret", "category": "internal",
                              "urgency": "internal", "zone_id": "internal", "cross_streets": "personal-B",
                              "address": "personal-B", "description": "personal-B", "contact_name": "personal-B",
                              "contact": "personal-B", "languages": "personal", "access_needs": "personal",
                              "times": "personal", "status": "internal", "channel": "internal",
                              "entered_by_id": "internal", "merged_into_id": "internal", "referred_to": "personal-B",
                              "call_back": "internal", "coordinator_note": "personal-B", "crisis": "internal",
                              "outcome": "internal", "created_on": "internal", "closed_on": "internal",
                              "purge_on": "internal"},
    "mutualaid_offer": {**_OWNED, "public_id": "internal", "member_id": "internal", "kind": "internal", "title": "personal",
                        "details": "personal-B", "categories": "internal", "zone_id": "internal",
                        "languages": "personal", "access_provides": "personal", "times": "personal",
                        "capacity": "internal", "contact": "personal-B", "active": "internal", "created_on": "internal"},
    "mutualaid_match": {**_OWNED, "public_id": "internal", "request_id": "internal", "offer_id": "internal", "status": "internal",
                        "score": "internal", "created_on": "internal"},
    "mutualaid_payment": {**_OWNED, "public_id": "internal", "kind": "internal", "state": "internal", "amount_cents": "internal",
                          "category": "internal", "name": "personal-B", "note": "personal-B",
                          "requested_by_id": "internal", "created_on": "internal", "paid_on": "internal"},
    "mutualaid_approval": {**_OWNED, "payment_id": "internal", "approver_id": "internal", "day": "internal"},
    "mutualaid_entry": {**_OWNED, "payment_id": "internal", "account": "internal", "amount_cents": "internal",
                        "day": "internal"},
    # participatory budgeting
    "budgeting_process": {**_OWNED, "slug": "public", "title": "public", "description": "public", "phase": "public",
                          "ideas_open": "public", "voting_opens": "public", "voting_closes": "public",
                          "public_ideas": "internal", "eligibility": "public", "ballot_type": "public",
                          "max_choices": "public", "min_spend_percent": "public", "points": "public",
                          "rule": "public", "completion": "public", "frozen": "internal",
                          "results_published": "internal", "created_on": "internal"},
    "budgeting_budget": {**_OWNED, "process_id": "internal", "name": "public", "amount_cents": "public"},
    "budgeting_idea": {**_OWNED, "process_id": "internal", "title": "public", "description": "public",
                       "category": "public", "submitted_by_id": "internal", "status": "internal",
                       "merged_into_id": "internal", "created_on": "internal"},
    "budgeting_project": {**_OWNED, "process_id": "internal", "budget_id": "internal", "code": "public",
                          "title": "public", "description": "public", "cost_cents": "public", "location": "public",
                          "category": "public", "image": "public", "image_alt": "public", "funded": "public",
                          "progress": "public"},
    "budgeting_projectidea": {**_OWNED, "project_id": "internal", "idea_id": "internal"},
    "budgeting_progressupdate": {**_OWNED, "project_id": "internal", "day": "public", "progress": "public",
                                 "text": "public"},
    "budgeting_votingcode": {**_OWNED, "code_hash": "secret", "sheet": "internal", "process_id": "internal"},
    "budgeting_site": {**_OWNED, "process_id": "internal", "name": "public"},
    "budgeting_rollentry": {**_OWNED, "process_id": "internal", "voter_id": "internal", "code_id": "internal",
                            "channel": "internal", "site_id": "internal"},
    # A ballot's choices are about no one: nothing in these rows leads to the roll (core.ballots).
    "budgeting_ballot": {**_OWNED, "receipt_hash": "secret", "process_id": "internal", "budget_id": "internal",
                         "site_id": "internal"},
    "budgeting_choice": {**_OWNED, "ballot_id": "internal", "project_id": "internal", "value": "internal"},
    "budgeting_paperbatch": {**_OWNED, "label": "internal", "accepted": "internal", "process_id": "internal",
                             "site_id": "internal", "budget_id": "internal"},
    "budgeting_paperentry": {**_OWNED, "entered_by_id": "internal", "text": "internal", "batch_id": "internal"},
    "budgeting_result": {**_OWNED, "process_id": "internal", "budget_id": "internal", "rule": "public",
                         "winners": "public", "total_cost": "public", "reasons": "public",
                         "greedy_winners": "public", "support": "public", "ballot_count": "public",
                         "export_sha256": "public", "counted_on": "public"},
}

# Plain-text personal columns that should be encrypted and are not yet: each is a known gap of SR-09,
# stated here so that a new one cannot slip in unnoticed (test_inventory pins this list).
PLAIN_PERSONAL_TO_ENCRYPT = {
    ("mutualaid_helprequest", "languages"), ("mutualaid_helprequest", "access_needs"),
    ("mutualaid_helprequest", "times"), ("mutualaid_offer", "title"), ("mutualaid_offer", "languages"),
    ("mutualaid_offer", "access_provides"), ("mutualaid_offer", "times"),
}

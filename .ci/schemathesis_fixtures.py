"""Records for the fuzzer to find: one of every kind, made through the API the way users make them.

Usage: schemathesis_fixtures.py BASE_URL CONFIG_OUT ENV_OUT (ADMIN_EMAIL and ADMIN_PASSWORD in the
environment: the administrator `baqylau admin create` made).

Writes CONFIG_OUT, a schemathesis.toml that pins every path parameter to a real record's id, so that
an operation on `/campaigns/{id}/observations/{observation_id}` reaches its 2xx path and not only
404, and ENV_OUT with the bearer tokens for the fuzzing passes (the administrator's, the agency officer's
and one for the session-ending operations). A fixture that cannot be made stops
the run: a fixture that silently fails would quietly shrink what the fuzzer covers.
"""

import datetime as dt
import json
import os
import struct
import sys
import zlib

import requests

BASE, CONFIG_OUT, ENV_OUT = sys.argv[1], sys.argv[2], sys.argv[3]
API = BASE + "/api/v1"
PASSWORD = "correct horse battery staple"


def png():
    """A 1x1 grey PNG, built here rather than committed as a binary file."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")


def call(method, path, token=None, expect=(200, 201, 204), **kw):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = requests.request(method, API + path, headers=headers, timeout=60, **kw)
    if r.status_code not in expect:
        sys.exit(f"fixture {method} {path}: {r.status_code} {r.text[:2000]}")
    if r.status_code == 204 or not r.content:
        return None
    return r.json()


def post(path, token, body=None, **kw):
    return call("POST", path, token, json=body if body is not None else {}, **kw)


def account(email, name):
    a = post("/accounts", None, {"email": email, "password": PASSWORD, "display_name": name})
    return a["id"], sign_in(email, PASSWORD)


def first(path, **params):
    found = call("GET", path, params=params)
    items = found["items"] if isinstance(found, dict) else found
    if not items:
        sys.exit(f"fixture: nothing at {path} {params}")
    return items[0]


def sign_in(email, password):
    return post("/auth/login", None, {"email": email, "password": password})["token"]


admin_token = sign_in(os.environ["ADMIN_EMAIL"], os.environ["ADMIN_PASSWORD"])
# Sign-out and token revocation are fuzzed with a session of their own so the other passes keep theirs.
lockout_token = sign_in(os.environ["ADMIN_EMAIL"], os.environ["ADMIN_PASSWORD"])
# The token the session-ending pass revokes: one made for it, not a session the passes use.
token_id = post("/auth/tokens", admin_token, {"name": "schemathesis", "scopes": ["read"]})["token_id"]

mtszn = first("/agencies", code="MTSZN")["id"]
service = first("/services", code="ZAGS-01")["id"]
report = first("/reports")["id"]
region = "110000000"

citizen_id, citizen = account("citizen@example.kz", "Citizen")
officer_id, officer = account("officer@example.kz", "Officer")
call("PUT", f"/accounts/{officer_id}/role", admin_token, json={"role": "agency_officer", "agency_id": mtszn})
member_id, member = account("member@example.kz", "Member")

# An agency of its own for DELETE, so deleting it leaves the seeded directory intact.
spare_agency = post(
    "/agencies",
    admin_token,
    {"code": "SCHEMATHESIS-LLP", "kind": "service_provider", "name_kk": "Серіктестік", "name_ru": "Товарищество",
     "name_en": "Partnership"},
)["id"]

# Organisations: the administrator's NGO with a member, and a citizen's NGO that invites the
# administrator (so `/invitations/{id}/accept|decline` has the caller's invitation).
org = post("/organizations", admin_token, {"name": "Qoğam Baqylau", "bin": "040840001241"})["id"]
member_invitation = post(f"/organizations/{org}/invitations", admin_token, {"email": "member@example.kz", "role": "member"})
post(f"/invitations/{member_invitation['id']}/accept", member)
post(f"/organizations/{org}/invitations", admin_token, {"email": "citizen@example.kz", "role": "member"})
other_org = post("/organizations", citizen, {"name": "Azamattyq Alańy", "bin": "040840001251"})["id"]
invitation = post(f"/organizations/{other_org}/invitations", citizen, {"email": os.environ["ADMIN_EMAIL"], "role": "member"})
invitation = invitation["id"]

# A monitoring campaign with its team, observations, evidence, questionnaire and responses.
campaign = post(
    "/campaigns",
    admin_token,
    {"organization_id": org, "basis": "own_initiative", "title_ru": "Качество услуг ЗАГС",
     "title_kk": "АХАЖ қызметтерінің сапасы", "methodology_md": "Наблюдатели посещают отделы ЗАГС.",
     "period_from": "2026-01-01", "period_to": "2026-12-31", "regions": [region],
     "service_ids": [service], "agency_ids": [mtszn]},
)["id"]
post(f"/campaigns/{campaign}/team", admin_token, {"account_id": member_id})
call(
    "PUT",
    f"/campaigns/{campaign}/questionnaire",
    admin_token,
    json={"questions": [
        {"key": "sat", "kind": "scale", "required": True, "text_ru": "Оценка", "options": []},
        {"key": "channel", "kind": "single_choice", "required": False, "text_ru": "Канал",
         "options": [{"key": "office", "text_ru": "Офис"}, {"key": "egov", "text_ru": "eGov"}]},
    ]},
    expect=(200, 204),
)
post(f"/campaigns/{campaign}/activate", admin_token)
observation_body = {
    "service_id": service, "agency_id": mtszn, "region": region, "address": "ул. Абая, 10", "online": False,
    "observed_on": "2026-10-15", "channel": "provider_office", "waiting_minutes": 40, "days_taken": 1,
    "outcome": "rendered", "satisfaction": 3, "note_md": "Очередь.",
    "violations": [{"category": "deadline_breached", "note": "Зафиксировано"}],
    "respondent": {"name": "Асан Асанов", "phone": "+77010000000"},
}
observation = post(f"/campaigns/{campaign}/observations", admin_token, observation_body)["id"]
post(f"/campaigns/{campaign}/observations", admin_token, observation_body)
evidence = call(
    "POST",
    f"/campaigns/{campaign}/observations/{observation}/evidence",
    admin_token,
    files={"file": ("queue.png", png(), "image/png")},
    data={"caption": "Очередь"},
)["id"]
post(f"/campaigns/{campaign}/responses", admin_token, {"service_id": service, "agency_id": mtszn,
                                                        "answers": {"sat": 4, "channel": "office"}})

# A conclusion on it, published, with the agency's measure on a recommendation.
sections = {
    "compliance": "Сроки нарушены в двух отделах из пяти.",
    "recommendations": "1. Соблюдать сроки регистрации.\n2. Не требовать лишних справок.",
    "quality_proposals": "1. Ввести электронную очередь.",
    "bylaw_proposals": "1. Сократить перечень документов.",
}
conclusion_body = {"campaign_id": campaign, "title": "Заключение по ЗАГС", "language": "ru", "agency_ids": [mtszn],
                   "sections": sections, "insert_violations_table": True}
conclusion = post("/conclusions", admin_token, conclusion_body)["id"]
post(f"/conclusions/{conclusion}/submit", admin_token)
post(f"/conclusions/{conclusion}/publish", admin_token)
measure = post(
    f"/conclusions/{conclusion}/measures",
    officer,
    {"item": "recommendations.1", "status": "accepted", "text_md": "Сроки взяты на контроль.", "attachments": []},
)["id"]
draft_conclusion = post("/conclusions", admin_token, conclusion_body)["id"]

# Information requests: one answered with a file, one submitted and waiting for its answer.
request_body = {"agency_id": mtszn, "language": "ru", "subject": "Сведения об услугах",
                "questions_md": "Сколько услуг оказано в 2025 году?", "service_ids": [service]}
submit = {"none_of_the_matches_answers": True, "no_secrets_sought": True}


def submitted_request():
    rid = post("/requests", admin_token, request_body)["id"]
    post(f"/requests/{rid}/published-check", admin_token)
    post(f"/requests/{rid}/submit", admin_token, submit)
    return rid


answered = submitted_request()
request_file = call(
    "POST", f"/requests/{answered}/files", officer, files={"file": ("answer.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")}
)["id"]
post(f"/requests/{answered}/answer", officer, {"body_md": "Оказано 1 204 услуги.", "partial": False, "attachments": [],
                                               "file_ids": [request_file]})
pending = submitted_request()
officer_request = submitted_request()

# A discussion of a draft act, open now, with comments by named authors (Law Art. 15).
for token, name in ((admin_token, "Айгерім Сапарова"), (citizen, "Ерлан Нұрланов")):
    call("PATCH", "/me", token, json={"full_name": name})
now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
discussion = post(
    "/discussions",
    officer,
    {"subject": "draft_act", "title_kk": "Қағидалар жобасы", "title_ru": "Проект правил", "service_ids": [service],
     "text_md": "# Правила\n\n1. Срок оказания услуги пять рабочих дней.\n",
     "opens_at": (now - dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z"),
     "closes_at": (now + dt.timedelta(days=60)).isoformat().replace("+00:00", "Z")},
)["id"]
comment = post(f"/discussions/{discussion}/comments", admin_token, {"proposal_md": "Сократить срок до трёх дней."})["id"]
post(f"/discussions/{discussion}/comments", citizen, {"proposal_md": "Уточнить, что услуга бесплатна."})

webhook = post("/webhooks", admin_token, {"url": "http://127.0.0.1:9/hook"})["id"]
spare_webhook = post("/webhooks", admin_token, {"url": "http://127.0.0.1:9/spare"})["id"]

# A transfer of a day off recorded from a resolution (the calendar page and API of administrators).
transfer = post("/calendar-transfers", admin_token, {"worked_on": "2026-12-19", "rested_on": "2026-12-28", "basis": "Постановление № 1027"})["id"]

notifications = call("GET", "/me/notifications", officer)["items"] + call("GET", "/me/notifications", admin_token)["items"]
notification = notifications[0]["id"] if notifications else 1

# Every path parameter, by the path's first segment and the parameter's name.
ids = {
    "accounts": {"id": citizen_id},
    "organizations": {"id": org, "account_id": member_id},
    "invitations": {"id": invitation},
    "agencies": {"id": mtszn},
    "services": {"id": service},
    "calendar": {"year": 2026},
    "calendar-transfers": {"id": transfer},
    "me": {"id": notification},
    "reports": {"id": report, "revision": 1},
    "requests": {"id": pending, "file_id": request_file},
    "discussions": {"id": discussion, "number": 1, "comment_id": comment},
    "comments": {"id": comment},
    "campaigns": {"id": campaign, "observation_id": observation, "evidence_id": evidence, "account_id": member_id},
    "observations": {"id": observation},
    "conclusions": {"id": conclusion, "number": 1, "measure_id": measure},
    "measures": {"id": measure},
    # The administrator moderates too: hiding the comment leaves it readable to the administrator.
    "moderation": {"subject": "comment", "id": comment},
    "problems": {"code": "validation_failed"},
    "webhooks": {"id": webhook},
    "auth": {"id": token_id},
}
# Operations that would destroy the record the others use get a record of their own.
special = {
    ("DELETE", "/agencies/{id}"): {"id": spare_agency},
    ("DELETE", "/webhooks/{id}"): {"id": spare_webhook},
    ("GET", "/requests/{id}/files/{file_id}"): {"id": answered},
    ("PATCH", "/conclusions/{id}"): {"id": draft_conclusion},
    ("POST", "/conclusions/{id}/submit"): {"id": draft_conclusion},
}

spec = call("GET", "/openapi.json")


def write_config(path_out, ids):
    lines = [
        "# Written by .ci/schemathesis_fixtures.py for one run: every path parameter is a real record.",
        "",
        "# Ids inside bodies too, so that creating a conclusion or a request does not stop at an unknown campaign.",
        "[parameters]",
        f'"body.campaign_id" = {campaign}',
        f'"body.agency_id" = {mtszn}',
        f'"body.service_id" = {service}',
        "",
    ]
    for path, item in spec["paths"].items():
        segment = path.strip("/").split("/")[0]
        for method, op in item.items():
            names = [p["name"] for p in op.get("parameters", []) if p.get("in") == "path"]
            if not names:
                continue
            values = {**ids.get(segment, {}), **special.get((method.upper(), path), {})}
            missing = [n for n in names if n not in values]
            if missing:
                sys.exit(f"fixture: no record for {missing} in {method.upper()} {path}")
            lines += [
                "[[operations]]",
                # One filter, the operation's label: separate path and method filters would match either.
                f"include-name = {json.dumps(method.upper() + ' ' + path)}",
                "parameters = { " + ", ".join(f'"path.{n}" = {json.dumps(values[n])}' for n in names) + " }",
                "",
            ]
    with open(path_out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


write_config(CONFIG_OUT, ids)
# The officer's pass runs after the administrator's, which withdraws its request: the officer
# answers, extends, refuses and forwards one of its own.
officer_ids = {**ids, "requests": {"id": officer_request, "file_id": request_file}}
write_config(CONFIG_OUT.removesuffix(".toml") + "-officer.toml", officer_ids)
with open(ENV_OUT, "w", encoding="utf-8") as f:
    f.write(f"ADMIN_TOKEN={admin_token}\nOFFICER_TOKEN={officer}\nLOCKOUT_TOKEN={lockout_token}\n")
print(f"fixtures: campaign {campaign}, conclusion {conclusion}, request {pending}, discussion {discussion}")

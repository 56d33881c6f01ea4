"""An instructor brings notes and shares them with a class: a member sees and studies them, an outsider never does."""

import re

from playwright.sync_api import expect

from tests.classes.factories import ClassFactory
from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory, UserFactory

NOTES = "# Kinesis\n\n## Limits\n\n- Retention: 24 hours to 365 days\n- Record size: 1 MB\n"


def test_a_shared_topic_reaches_the_members_of_the_class_and_no_one_else(browser, live_server, transactional_db):
    ines, member, outsider = (
        InstructorFactory(username="ines"),
        UserFactory(username="mia"),
        UserFactory(username="otto"),
    )
    klass = ClassFactory(instructor=ines, name="Evening cohort")
    klass.add_learner(member)
    pages = {}
    for person in (ines, member, outsider):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
        context.set_default_timeout(10_000)
        pages[person.username] = context.new_page()
        log_in(pages[person.username], person.username)

    teacher = pages["ines"]
    teacher.goto("/notes/new/")
    teacher.get_by_label("Paste your notes").fill(NOTES)
    teacher.get_by_role("button", name="Save").click()
    expect(teacher).to_have_url(re.compile(r"/topics/kinesis/$"))
    teacher.goto(klass.get_absolute_url())
    shared = teacher.locator("#shared-topics")
    shared.get_by_role("button", name=re.compile("^Share")).click()
    expect(shared.get_by_role("button", name=re.compile("^Unshare"))).to_be_visible()  # swapped in by htmx
    expect(teacher.locator("main")).to_have_count(1)

    pages["mia"].goto("/topics/")
    expect(pages["mia"].get_by_role("link", name="Kinesis")).to_be_visible()
    pages["mia"].goto("/study/topic/kinesis/")
    expect(pages["mia"].locator("#card-front")).to_be_visible()

    pages["otto"].goto("/topics/")
    expect(pages["otto"].get_by_role("link", name="Kinesis")).to_have_count(0)
    assert pages["otto"].request.get("/topics/kinesis/").status == 404  # as a request: a 404 page logs a console error

    shared.get_by_role("button", name=re.compile("^Unshare")).click()
    expect(shared.get_by_role("button", name=re.compile("^Share"))).to_be_visible()
    pages["mia"].goto("/topics/")
    expect(pages["mia"].get_by_role("link", name="Kinesis")).to_have_count(0)
    for page in pages.values():
        page.context.close()

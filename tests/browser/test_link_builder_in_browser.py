"""A link built with the link builder, opened in a fresh browser, shows exactly the controls the teacher ticked and the
values the teacher set (the same page as a teacher would use it: keyboard and clicks, then "Copy link")."""

from urllib.parse import parse_qs, urlparse

from lstm_engine import count_parameters


def choose(tab, control_label: str, choice: str) -> None:
    """Click `choice` in the link builder's row for `control_label`."""
    row = tab.locator('[data-testid="stSidebar"] [data-testid="stRadio"]', has_text=f"{control_label} (students)")
    row.get_by_text(choice, exact=True).click()


def switch_on(tab, wait_until_idle) -> None:
    """Switch "Choose what students may do" on and wait for its rows. A click that lands while the sidebar is being
    redrawn can be lost, so the switch is read back and clicked again until it holds."""
    switch = tab.get_by_role("switch", name="Choose what students may do")
    for _ in range(3):
        if not switch.is_checked():
            tab.get_by_text("Choose what students may do").click()
        wait_until_idle(tab)
        if switch.is_checked():
            break
    tab.locator('[data-testid="stSidebar"] [data-testid="stRadio"]', has_text="(students)").first.wait_for()


def test_a_built_link_opens_exactly_the_ticked_controls_and_values(page, browser, app_url, wait_until_idle,
                                                                  copied_link):
    page.goto(f"{app_url}/rnn-vs-lstm")
    wait_until_idle(page)
    thumb = page.get_by_role("slider", name="Hidden size")                  # start values, set on the page
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("window.location.search.includes('hidden=129')")
    page.get_by_text("Keras", exact=True).click()
    page.wait_for_function("window.location.search.includes('convention=Keras')")
    wait_until_idle(page)
    page.get_by_text("Copy link to this view").click()
    switch_on(page, wait_until_idle)
    choose(page, "Layers", "Hide")
    wait_until_idle(page)
    choose(page, "Count as", "See only")
    wait_until_idle(page)
    choose(page, "Log scale", "Hide")
    wait_until_idle(page)
    link = copied_link(page)
    assert parse_qs(urlparse(link).query) == {"hidden": ["129"], "convention": ["Keras"], "hide": ["layers,log"],
                                             "lock": ["convention"]}
    assert page.get_by_role("slider", name="Layers").count() == 1             # the teacher's own view is whole

    student = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    student.goto(link)
    wait_until_idle(student)
    main = student.locator('[data-testid="stMain"]')
    assert main.get_by_role("slider", name="Layers").count() == 0
    assert main.get_by_text("Log scale", exact=True).count() == 0
    keras = main.get_by_role("radio", name="Keras")
    assert keras.is_checked() and keras.is_disabled()
    hidden = main.get_by_role("slider", name="Hidden size")
    assert hidden.input_value() == "129" and hidden.is_enabled()
    lstm = main.locator('[data-testid="stMetric"]', has_text="LSTM parameters").locator('[data-testid="stMetricValue"]')
    assert lstm.inner_text() == f"{count_parameters('lstm', 64, 129, 1, False, 'keras').total:,}"
    assert student.locator('[data-testid="stAlert"]', has_text="link were adjusted").count() == 0
    student.context.close()

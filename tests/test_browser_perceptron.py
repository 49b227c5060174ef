"""The perceptron and XOR pages in Chromium: the reader drives their sliders from the keyboard and
each frame says what the build measured (the best line at 0° gets 2 of 4, at 10° 3 of 4; the
perceptron starts from w = 0 and ends after its last update). Fixtures come from conftest.py."""

from test_browser import PAGES, open_page
from test_reader import FOCUS_JS, frame_of

TITLE_JS = "() => document.querySelector('.js-plotly-plot')._fullLayout.title.text"
ACTIVE_JS = "() => document.querySelector('.js-plotly-plot')._fullLayout.sliders[0].active"


# Every frame shown 200 ms late, as on a loaded machine: the grip must still move with its frame
# (it once moved first, and a reader, or this test, read the old frame's title beside it)
SLOW_FRAMES_JS = """() => { const animate = Plotly.animate;
  Plotly.animate = (...a) => new Promise((r, j) => setTimeout(() => animate(...a).then(r, j), 200)); }"""


def focus_slider(page, iframe, frame) -> None:
    """Tab into the scene until its slider has the focus, as a keyboard reader would."""
    frame.evaluate(SLOW_FRAMES_JS)
    iframe.focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        focus = frame.evaluate(FOCUS_JS)
        if focus and focus["slider"]:
            return
    raise AssertionError("Tab never reached the slider")


def press_until(page, frame, key: str, active: int) -> str:
    """Press ``key`` and return the title shown at the first moment the slider reads ``active``
    (read together, so a grip that moves before its frame is shown is caught)."""
    page.keyboard.press(key)
    shown = frame.wait_for_function(f"a => ({ACTIVE_JS})() === a && ({TITLE_JS})()",
                                    arg=active, timeout=5_000)
    return shown.json_value()


def test_turning_the_normal_shows_two_then_three_of_four(context, server, metrics):
    page = open_page(context, server + PAGES["xor-proof"])
    iframe, frame = frame_of(page, "xor_lines")
    focus_slider(page, iframe, frame)
    assert press_until(page, frame, "Home", 0) == "normal at 0°: the best line gets 2 of 4"
    assert press_until(page, frame, "ArrowRight", 1) == "normal at 10°: the best line gets 3 of 4"
    last = metrics["xor_lines"]["frames"] - 1
    assert press_until(page, frame, "End", last).startswith("normal at 350°")
    assert not context.watch.errors, context.watch.errors


def test_perceptron_slider_runs_from_zero_to_the_last_update(context, server, metrics):
    page = open_page(context, server + PAGES["perceptron-to-mlp"])
    iframe, frame = frame_of(page, "perceptron_steps")
    focus_slider(page, iframe, frame)
    assert press_until(page, frame, "Home", 0).startswith("start: w = 0")
    assert press_until(page, frame, "ArrowRight", 1).startswith("update 1:")
    updates = metrics["perceptron_steps"]["updates"]
    assert press_until(page, frame, "End", updates).startswith(f"update {updates}:")
    assert not context.watch.errors, context.watch.errors


def test_keys_pressed_faster_than_frames_each_count(context, server):
    """Three quick presses while the frames are slow move the slider three steps (pressed before
    the first frame was shown, the second and third counted from the old step: one step in all)."""
    page = open_page(context, server + PAGES["xor-proof"])
    iframe, frame = frame_of(page, "xor_lines")
    focus_slider(page, iframe, frame)
    press_until(page, frame, "Home", 0)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert frame.wait_for_function(f"() => ({ACTIVE_JS})() === 3 && ({TITLE_JS})()", timeout=5_000
                                   ).json_value().startswith("normal at 30°")
    assert not context.watch.errors, context.watch.errors

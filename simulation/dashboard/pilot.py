"""Drive the dashboard in a browser as a trainer would: click, read what the page shows.

Used by the browser tests, the README's screenshot and the dashboard benchmark. A
:class:`Pilot` wraps a Playwright ``Page`` open on the dashboard; it reads numbers only from
what the page displays (the readout under the plots, the caption under the network), never
from the server's memory.
"""

import re
import time

READOUT = re.compile(
    r"Month (?P<month>\d+): collaboration (?P<collaboration_district>[\d.]+) in the district, "
    r"(?P<collaboration_block>[\d.]+) in blocks \(reported "
    r"(?P<collaboration_reported_block>[\d.]+)\); (?P<sector_breadth>[\d.]+) of 5 sectors "
    r"acting jointly; Gram Panchayat phase (?P<gp_phase_mean>[\d.]+) of 4; vulnerable reached "
    r"(?P<reach_vulnerable>[\d.]+)%; allied effort (?P<allied_engagement>[\d.]+)%; forums "
    r"reformed (?P<forums_reformed>[\d.]+)%, wound up (?P<forums_dropped>[\d.]+)%; VHSNCs "
    r"meeting (?P<vhsnc_met>[\d.]+)%; frontline teams together "
    r"(?P<frontline_joint_work>[\d.]+)%\."
)
#: The readout's values shown as percentages (the pilot reads them back as shares).
PERCENT = ("reach_vulnerable", "allied_engagement", "forums_reformed", "forums_dropped")
PERCENT += ("vhsnc_met", "frontline_joint_work")
NETWORK = re.compile(
    r"Block (?P<block>\d+) of (?P<blocks>\d+): (?P<stakeholders>\d+) stakeholders, "
    r"(?P<ties>\d+) ties, (?P<strong_ties>\d+) strong ties \(strength at least [\d.]+\), "
    r"(?P<silent>\d+) silent spectators\."
)


class Pilot:
    """A browser page on the dashboard, with a trainer's actions."""

    def __init__(self, page, url: str, timeout_ms: float = 60_000):
        self.page = page
        self.url = url
        self.timeout_ms = timeout_ms
        page.set_default_timeout(timeout_ms)

    def open(self) -> "Pilot":
        self.page.goto(self.url)
        self.page.locator(".phc-readout").wait_for()
        self.page.locator(".phc-network-summary").wait_for()
        return self

    def settle(self) -> "Pilot":
        """Wait until the page is shown in full: Solara fades the page while the server is
        busy (as it opens, after a click), and a picture taken then looks washed out."""
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.solara-content-main')]"
            ".every(e => getComputedStyle(e).opacity === '1')"
        )
        return self

    # ---------------------------------------------------------------- reading the page
    def text(self, css: str) -> str:
        return self.page.locator(css).first.inner_text().strip()

    def month(self) -> int:
        m = re.match(r"Month (\d+)", self.text(".phc-readout"))
        return int(m.group(1))

    def readout(self) -> dict[str, float]:
        """The latest values under the plots, as the page prints them."""
        text = self.text(".phc-readout")
        m = READOUT.fullmatch(text)
        if m is None:
            raise AssertionError(f"readout not understood: {text!r}")
        return {
            k: int(v) if k == "month" else round(float(v) / 100, 3) if k in PERCENT else float(v)
            for k, v in m.groupdict().items()
        }

    def network(self) -> dict[str, int]:
        """The counts in the caption under the network."""
        text = self.text(".phc-network-summary")
        m = NETWORK.fullmatch(text)
        if m is None:
            raise AssertionError(f"network caption not understood: {text!r}")
        return {k: int(v) for k, v in m.groupdict().items()}

    def notice(self) -> str:
        return self.text(".phc-notice")

    def comparison(self) -> str:
        loc = self.page.locator(".phc-comparison")
        return loc.first.inner_text().strip() if loc.count() else ""

    def picture(self, card_title: str) -> bytes:
        """The pixels of the figure in the card with this title."""
        card = self.page.locator(".v-card", has_text=card_title).last
        return card.locator("img").first.screenshot()

    def network_picture(self) -> bytes:
        return self.picture("The network of one block")

    def plots_picture(self) -> bytes:
        return self.picture("Collaboration over time")

    # ---------------------------------------------------------------- acting
    def button(self, name: str):
        return self.page.get_by_role("button", name=name, exact=True)

    def wait_for(self, condition, what: str) -> None:
        deadline = time.monotonic() + self.timeout_ms / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            self.page.wait_for_timeout(50)

    def step(self, months: int = 1) -> None:
        """Press Step ``months`` times, each time waiting for the readout to move on."""
        for _ in range(months):
            before = self.month()
            self.button("Step").click()
            self.wait_for(lambda before=before: self.month() == before + 1, "the next month")

    def fire(self, label: str) -> str:
        """Press a live event's button; returns the notice the page shows."""
        before = self.page.locator(".phc-fired").count() and self.text(".phc-fired")
        self.button(label).click()
        self.wait_for(
            lambda: self.page.locator(".phc-fired").count() and self.text(".phc-fired") != before,
            f"the event {label!r}",
        )
        return self.notice()

    def pending(self, change: str) -> None:
        """Open the scenario and wait until it lists ``change`` among the settings waiting for
        Reset (a list the room can see: the scenario is open)."""
        self.open_scenario()
        listed = self.page.locator(".phc-scenario .phc-pending")
        self.wait_for(
            lambda: listed.count() and listed.is_visible() and change in listed.inner_text(),
            f"the pending change {change!r}",
        )

    def show_plots(self, label: str) -> None:
        """Press the button of the pair of plots called ``label``, waiting for them to show."""
        before = self.plots_picture()
        self.button(label).click()
        self.wait_for(lambda: self.plots_picture() != before, f"the plots {label!r}")

    def scenario_open(self) -> bool:
        return self.page.locator(".phc-scenario").is_visible()

    def open_scenario(self) -> None:
        """Press "Change the scenario" (unless its controls are open): they open over the page."""
        if not self.scenario_open():
            self.button("Change the scenario").click()
            self.page.locator(".phc-scenario").wait_for(state="visible")

    def close_scenario(self) -> None:
        """Press the scenario's Close (if it is open), waiting until the page shows again."""
        if self.scenario_open():
            self.button("Close").click()
            self.page.locator(".phc-scenario").wait_for(state="hidden")

    def discard(self) -> None:
        """Press the scenario's "Discard changes", waiting until no change is listed."""
        self.open_scenario()
        self.button("Discard changes").click()
        self.wait_for(lambda: not self.page.locator(".phc-pending").count(), "the discard")

    def reset(self) -> None:
        """Close the scenario (if it is open), press Reset and wait for month 0 with no change
        waiting for a Reset."""
        self.close_scenario()
        self.button("Reset").click()
        self.wait_for(
            lambda: self.month() == 0 and not self.page.locator(".phc-pending-count").count(),
            "the reset",
        )

    def load_preset(self, label: str) -> str:
        before = self.page.locator(".phc-notice").count() and self.notice()
        self.button(label).click()
        self.wait_for(
            lambda: self.page.locator(".phc-notice").count() and self.notice() != before,
            f"the preset {label!r}",
        )
        return self.notice()

    def slider(self, label: str):
        """The slider with this label (a Vuetify slider: arrow keys move it one step); the
        scenario's sliders are in the page while it is closed, but hidden."""
        return self.page.locator(".v-input", has_text=label).get_by_role("slider").first

    def pending_value(self, label: str) -> tuple[float, float] | None:
        """(model's value, value after Reset) of a control listed as pending, else None."""
        if not self.page.locator(".phc-pending").count():
            return None
        m = re.search(
            re.escape(label.lower()) + r": (\d+(?:\.\d+)?) → (\d+(?:\.\d+)?)",
            self.text(".phc-pending"),
        )
        return (float(m.group(1)), float(m.group(2))) if m else None

    def nudge(self, label: str, key: str, times: int = 1) -> float:
        """Press ``key`` (ArrowRight, ArrowLeft, End, Home) on a slider, waiting each time until
        the server has the new value; returns the slider's value. Opens the scenario first if
        the slider is one of its controls."""
        if self.page.locator(".phc-scenario .v-input", has_text=label).count():
            self.open_scenario()
        slider = self.slider(label)
        pending = self.pending_value(label)
        model_value = pending[0] if pending else float(slider.get_attribute("aria-valuenow"))
        for _ in range(times):
            before = float(slider.get_attribute("aria-valuenow"))
            slider.focus()  # each time: the page redraws the controls after every change
            slider.press(key)
            value = float(slider.get_attribute("aria-valuenow"))
            if value == before:  # at a bound: nothing to send
                continue

            def arrived(value=value):
                pending = self.pending_value(label)
                return (pending is not None and pending[1] == value) or (
                    pending is None and value == model_value
                )

            self.wait_for(arrived, f"{label} = {value} on the server")
        return float(slider.get_attribute("aria-valuenow"))

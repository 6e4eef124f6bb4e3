"""The trainer's dashboard: a page for a room of district and block officers.

Start it with ``make dashboard`` (or ``python -m simulation.dashboard``). The page is composed
here from Solara components and Mesa's public ``ModelController`` (Reset, play/pause, Step),
not from Mesa's ``SolaraViz``: SolaraViz always adds cards a training room has no use for
("Model Parameters", "Use Threads", "Render Interval", "Time: 0.0", a "PAGE 0" tab) and lays
its panels out in equal tiles, with no option to change either (Mesa 3.5), and no Mesa
internal is overwritten. Three columns fill a projector's 1280x720 without scrolling: the run
controls (with the button that opens the scenario), the live events and the presets; one
block's network with its legend; and the indicators over time, a pair of plots at a time, with
their latest values in words. The scenario's fourteen controls, each with a line on what it
stands for in the field, open together over the page (a dialog, three columns of them at
1280x720, four at 1920x1080): a page has no room for them beside the network and the plots.
Figures are shown at the size they are drawn for (``page_css``), so their text keeps its size.

Every browser session has its own model: the model is created inside ``Page`` (``use_memo``),
and the page's other state lives in Solara reactive variables, which Solara keeps per session.
"""

import html

import solara
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import force_update, update_counter

from simulation.dashboard import views
from simulation.dashboard.scenes import (
    CONTROLS,
    PRESETS,
    STATES,
    Settings,
    lesson_of,
    state_label,
    state_preset,
)
from simulation.dashboard.session import Comparison, TrainingRoomModel
from simulation.events import EVENTS

TITLE = "Multisectoral collaboration for primary health care: training room"
#: The title in the page's bar (the full one does not fit beside the menu at 1280 px).
SHORT_TITLE = "Training room: collaboration for primary health care"
#: Play speed: months per second the model runs at when playing.
PLAY_SPEEDS = (1, 10)
DPI = views.DPI

#: Per browser session (Solara scopes reactive variables to the session that uses them).
settings = solara.reactive(Settings())
previous: solara.Reactive[Comparison | None] = solara.reactive(None)
selected_block = solara.reactive(0)
notice: solara.Reactive[tuple[str, str] | None] = solara.reactive(None)
#: The pair of plots shown (a key of ``views.PAIRS``).
shown_plots = solara.reactive(next(iter(views.PAIRS)))
#: Whether the scenario's controls are open over the page.
editing = solara.reactive(False)

EVENT_EXPLANATIONS = {
    "transfer_dho": "The district health officer is posted elsewhere today. The newcomer "
    "starts with weak ties and must earn the departments' trust again.",
    "pdia_cycle": "Every officer of the district starts a PDIA cycle with all departments "
    "together: pick a problem, find root causes, act, reflect, adapt.",
    "deliverables": "The Collector assigns each department its own deliverables and targets, "
    "tracked in review meetings, instead of holding health alone to account.",
    "pandemic": "A COVID-19-like emergency: two years of whole-of-government pressure.",
}


NETWORK_CAPTION = (
    "The district's officers sit on the top row (the District Collector in dark grey, the "
    "district health officer in red, each department's district officer in its colour), the block "
    "medical officer in the centre, the block's officers of the other departments around it "
    "(the Block Development Officer for RDPR, the Child Development Project Officer for "
    "WCD/ICDS, the block education officer, and so on), Gram Panchayats on the ring, each with "
    "its two communities just outside. <b>Size</b>: formal power. <b>Ties</b>: darker and "
    "thicker is stronger collaboration. <b>Black rings</b>: silent spectators, who sat across "
    f"a more powerful partner last month and were less than {views.SILENT_BELOW:.0%} likely to "
    "put effort in."
)


#: The button that opens the scenario's controls.
SCENARIO_BUTTON = "Change the scenario"
#: The scenario dialog's widest (CSS pixels): three columns of controls at 1280 px; four on a
#: screen of at least ``views.LARGE_SCREEN``, up to ``SCENARIO_LARGE_WIDTH``.
SCENARIO_WIDTH = 1240
SCENARIO_LARGE_WIDTH = 1800

#: Space between a card's edge and its contents, in CSS pixels.
CARD_PADDING = 8
#: Size of the text beside the figures: the network's legend, the readout (CSS pixels).
LEGEND_PX = 15
#: The same on a screen of at least ``views.LARGE_SCREEN``, beside figures shown 1.5 times larger.
LARGE_LEGEND_PX = 18


def page_css() -> str:
    """The page's layout: a column of controls (it scrolls on its own if a screen is too
    short) beside the network and the plots, and the scenario's controls in a grid over the
    page. Each figure is shown at the size it was drawn for (``views.NETWORK_SIZE``,
    ``views.PLOTS_SIZE``), so that 1 pt of their text is 1 CSS pixel at a projector's 1280x720
    and 1.5 on a screen of at least ``views.LARGE_SCREEN`` (the PNGs' natural size there). On
    a narrow screen the columns wrap, the controls (and Step) first, and the figures shrink to
    fit."""
    large_width, large_height = views.LARGE_SCREEN
    sizes = {"network": views.NETWORK_SIZE[0], "plots": views.PLOTS_SIZE[0]}

    def widths(scale: float) -> str:
        return "\n".join(
            f".phc-{name}-figure {{ width: {scale * px:g}px; }}\n"
            f".phc-{name} {{ flex: 0 1 {scale * px + 2 * CARD_PADDING + 4:g}px; }}"
            for name, px in sizes.items()
        )

    return f"""
.v-app-bar.v-toolbar, .v-app-bar .v-toolbar__content {{ height: 48px !important; }}
.v-content {{ padding-top: 48px !important; }}
.phc-main {{ flex-wrap: nowrap; align-items: flex-start; gap: 6px; }}
.phc-controls {{ flex: 0 1 272px; max-height: calc(100vh - 80px); overflow-y: auto; }}
.phc-network, .phc-plots {{ min-width: 0; }}
.phc-scenario-dialog {{ margin: 8px; max-height: calc(100vh - 16px) !important; }}
.phc-scenario > div {{ padding: 0 12px 8px 12px; }}
.phc-scenario .v-label, .phc-control-label {{ font-size: 15px; line-height: 1.3;
  font-weight: bold; color: rgba(0, 0, 0, 0.87); }}
.phc-scenario .v-select .v-label {{ display: none; }}
.phc-scenario .v-btn-toggle .v-btn {{ text-transform: none; letter-spacing: 0;
  font-size: 14px; }}
.phc-scenario .v-select__selection, .phc-scenario .phc-slider-value {{ font-size: 15px; }}
.phc-scenario .phc-pending {{ margin: 0; font-size: 14px; max-height: 4.2em;
  overflow-y: auto; }}
.phc-scenario .phc-notice {{ margin: 0 0 4px 0; }}
.phc-scenario-grid {{ display: grid; grid-template-columns: repeat(3, minmax(0, 1fr));
  grid-auto-flow: row dense; gap: 4px 24px; margin: 4px 0 6px 0; }}
.phc-scenario-grid .phc-control-cmu {{ grid-column: span 2; }}
.phc-scenario-grid .phc-explanation {{ font-size: 14px; line-height: 1.25; color: #555; }}
.phc-scenario-intro {{ font-size: 15px; line-height: 1.3; padding-top: 10px; }}
.phc-pending-count {{ margin: 6px 0 0 0 !important; font-size: 14px; }}
.phc-scenario .v-input__slot {{ flex-wrap: wrap; }}
.phc-scenario .v-input__slot > .v-label {{ flex: 0 0 100%; white-space: normal; height: auto;
  margin-bottom: 2px; }}
.phc-main .v-card {{ margin: 2px !important; }}
.phc-main .v-card > div {{ padding: 0 {CARD_PADDING}px 6px {CARD_PADDING}px; }}
.phc-main .v-card__title {{ font-size: 1.1rem; line-height: 1.4; padding: 6px {CARD_PADDING}px;
  word-break: normal; }}
.phc-events .v-btn {{ height: auto !important; min-height: 30px; padding: 4px 6px !important; }}
.phc-events .v-btn__content {{ white-space: normal; flex-shrink: 1; line-height: 1.2; }}
.phc-plots .v-item-group {{ flex-wrap: wrap; }}
.phc-plots .v-btn {{ text-transform: none; font-size: 14px; letter-spacing: 0; }}
{widths(1)}
.phc-network-figure, .phc-plots-figure {{ max-width: 100%; height: auto; display: block;
  margin: 0 auto; }}
.phc-legend {{ display: flex; flex-wrap: wrap; gap: 0 12px; }}
.phc-legend span {{ white-space: nowrap; }}
.phc-legend i {{ display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  margin-right: 4px; vertical-align: -1px; }}
.phc-legend, .phc-readout, .phc-comparison, .phc-event-gap, .phc-network-summary,
.phc-network-caption {{
  font-size: {LEGEND_PX}px; line-height: 1.35; }}
.phc-network-caption {{ margin-top: 2px; }}
.phc-network-caption summary {{ cursor: pointer; color: #1976d2; }}
@media (min-width: {large_width}px) and (min-height: {large_height}px) {{
  .phc-controls {{ flex-basis: 330px; }}
  .phc-scenario-dialog {{ max-width: {SCENARIO_LARGE_WIDTH}px !important; }}
  .phc-scenario-grid {{ grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px 32px; }}
  .phc-scenario-grid .phc-explanation, .phc-scenario .phc-pending {{ font-size: 17px; }}
  .phc-scenario-intro, .phc-scenario .v-label, .phc-control-label,
  .phc-scenario .v-select__selection, .phc-scenario .phc-slider-value {{ font-size: 19px; }}
  .phc-scenario .v-btn, .phc-scenario .v-btn-toggle .v-btn {{ font-size: 17px; }}
}}
@media (max-width: 1100px) {{
  .phc-main {{ flex-wrap: wrap; }}
  .phc-controls {{ flex: 1 1 100%; max-height: none; }}
  .phc-scenario-grid {{ grid-template-columns: repeat(2, minmax(0, 1fr)); }}
  .phc-scenario-grid .phc-control-cmu {{ grid-column: 1 / -1; }}
}}
@media (max-width: 600px) {{
  .phc-scenario-grid {{ grid-template-columns: minmax(0, 1fr); }}
}}
"""


SMALL_BLOCK = {"display": "block", "font-size": "0.8em"}
#: A text on a line of its own (solara.Text is inline: two in a row would run together).
BLOCK = {"display": "block"}


def _say(kind: str, text: str) -> None:
    notice.set((kind, text))


@solara.component
def Notice(errors_only: bool = False):
    if notice.value is None or (errors_only and notice.value[0] != "error"):
        return
    kind, text = notice.value
    if kind == "error":
        solara.Error(text, classes=["phc-notice"])
    else:
        solara.Info(text, classes=["phc-notice"])


@solara.component
def EventsPanel(model: TrainingRoomModel):
    """Buttons that act on the running model now."""
    update_counter.get()

    def fire(name: str) -> None:
        try:
            fired = model.fire(name)
        except Exception as error:  # shown on the page, never a crash
            _say("error", f"{EVENTS[name]} failed: {error}")
            return
        _say("info", f"Month {fired.month}: {fired.label}: {fired.detail}.")
        shown_plots.set(views.EVENT_PLOTS[name][0])  # the plots where the event acts
        force_update()

    with solara.Card("Live events: act on the running model now", classes=["phc-events"]):
        with solara.Row(style={"flex-wrap": "wrap"}, gap="6px"):
            for name, label in EVENTS.items():
                solara.Button(
                    label,
                    on_click=lambda name=name: fire(name),
                    color="secondary",
                    small=True,
                    style={"flex": "1 1 45%"},
                )
        with solara.Details("What each event does"):
            for name, label in EVENTS.items():
                solara.Text(f"{label}: {EVENT_EXPLANATIONS[name]}", style=SMALL_BLOCK)
        Notice()
        if model.fired:
            happened = "; ".join(f"month {f.month}: {f.label}" for f in model.fired)
            solara.Text(f"So far: {happened}.", classes=["phc-fired"], style=BLOCK)


def choose_block(number, n_blocks: int) -> None:
    """Show block ``number`` (1-based, as on the slider); anything else is reported."""
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= n_blocks:
        _say("error", f"block = {number!r} is not a block number from 1 to {n_blocks}")
        return
    selected_block.set(number - 1)


@solara.component
def NetworkLegend():
    """What the network's colours and rings mean, as text on the page (sized like the page's
    text, not shrunk with the figure)."""
    entries = []
    for label, colour, ringed in views.network_legend():
        dot = "border: 2px solid black" if ringed else f"background: {colour}"
        entries.append(f'<span><i style="{dot}"></i>{html.escape(label)}</span>')
    solara.HTML(tag="div", unsafe_innerHTML="".join(entries), classes=["phc-legend"])


@solara.component
def NetworkPanel(model: TrainingRoomModel):
    """One block of the district: who sits with whom, and how strong their ties are."""
    update_counter.get()
    n_blocks = model.world.nodes.n_blocks
    block = max(0, min(selected_block.value, n_blocks - 1))
    with model.lock:
        pic = views.picture(model.world, block)
    # Drawn once per model and block, then updated in place (faster than drawing anew).
    canvas = solara.use_memo(lambda: views.NetworkCanvas(model.world, pic), [model, block])
    fig = canvas.update(pic).fig
    with solara.Card("The network of one block"):
        NumberSlider("Block", block + 1, 1, n_blocks, 1, lambda b: choose_block(b, n_blocks))
        # the same figure object each month: hand over fresh PNG bytes, not the figure
        solara.Image(views.png(fig, DPI), classes=["phc-network-figure"])
        NetworkLegend()
        solara.Text(
            f"Block {block + 1} of {n_blocks}: {len(pic.nodes)} stakeholders, {len(pic.ties)} "
            f"ties, {pic.strong_ties} strong ties (strength at least {views.STRONG_TIE}), "
            f"{int(pic.silent.sum())} silent spectators.",
            classes=["phc-network-summary"],
            style=BLOCK,
        )
        # Plain HTML: solara.Markdown would fetch KaTeX from a CDN, unreachable offline; and
        # the browser's own folding takes one line (a solara.Details takes three).
        solara.HTML(
            tag="details",
            unsafe_innerHTML=f"<summary>How to read the network</summary>{NETWORK_CAPTION}",
            classes=["phc-network-caption"],
        )


def choose_plots(name) -> None:
    """Show the pair of plots with this name (a button's); anything else is reported."""
    if not isinstance(name, str) or name not in views.PAIRS:
        _say("error", f"plots = {name!r} is not one of {', '.join(views.PAIRS)}")
        return
    shown_plots.set(name)


@solara.component
def IndicatorsPanel(model: TrainingRoomModel):
    """The indicators month by month, a pair of plots at a time, with the comparison run drawn
    faint, and the latest values in words."""
    update_counter.get()
    with model.lock:
        series = model.timeseries()
        twin = model.twin
        comparison = twin.timeseries() if twin is not None else None
    label = twin.label if twin is not None else ""
    if comparison is None and previous.value is not None:
        comparison, label = previous.value.series, previous.value.label
    pair = shown_plots.value
    canvas = solara.use_memo(lambda: views.IndicatorCanvas(views.PAIRS[pair]), [pair])
    lesson = lesson_of(model.settings)
    shows = lesson.month(series) if lesson is not None else None
    fig = canvas.update(
        series,
        comparison,
        label,
        [(f.month, f.label) for f in model.fired],
        months=max(120, model.month + 12),
        lessons=[(lesson.panel, *shows, lesson.mark)] if shows is not None else [],
    ).fig
    with solara.Card("Collaboration over time"):
        Choice("plots", pair, tuple(views.PAIRS), lambda _, name: choose_plots(name))
        # the same figure object each month: hand over fresh PNG bytes, not the figure
        solara.Image(views.png(fig, DPI), classes=["phc-plots-figure"])
        r = views.readout(series)
        if r:
            solara.Text(
                f"Month {r['month']}: collaboration {r['collaboration_district']:.3f} in the "
                f"district, {r['collaboration_block']:.3f} in blocks (reported "
                f"{r['collaboration_reported_block']:.3f}); {r['sector_breadth']:.2f} of 5 "
                f"sectors acting jointly; Gram Panchayat phase {r['gp_phase_mean']:.2f} of 4; "
                f"vulnerable reached {r['reach_vulnerable']:.1%}; allied effort "
                f"{r['allied_engagement']:.1%}; forums reformed {r['forums_reformed']:.1%}, "
                f"wound up {r['forums_dropped']:.1%}; VHSNCs meeting {r['vhsnc_met']:.1%}; "
                f"frontline teams together {r['frontline_joint_work']:.1%}.",
                classes=["phc-readout"],
                style=BLOCK,
            )
        else:
            solara.Text("Month 0: press Step or play.", classes=["phc-readout"], style=BLOCK)
        event = model.fired[-1] if twin is not None and model.fired else None
        g = views.event_gap(series, comparison, event.name, event.month) if event else None
        if g is not None and g["months"]:  # from the month after the event
            solara.Text(
                f"Since month {event.month}, '{event.label}' moved {g['series']} by up to "
                f"{g['largest']:.3f} (now {g['now']:.3f}; {g['without']:.3f} without it).",
                classes=["phc-event-gap"],
                style=BLOCK,
            )
        if comparison is not None:
            solara.Text(f"Faint lines: {label}.", classes=["phc-comparison"], style=BLOCK)


@solara.component
def NumberSlider(label: str, value, low, high, step, on_value):
    """A bounded slider whose every value, however odd, goes to ``on_value`` to be checked
    (Solara's own sliders convert the value first, and a value that does not convert would
    raise inside Solara instead of showing as a message)."""
    with solara.Row(gap="8px", style={"align-items": "center"}):
        solara.v.Slider(
            label=label,
            v_model=value,
            min=low,
            max=high,
            step=step,
            thumb_label=True,
            hide_details=True,
            on_v_model=on_value,
        )
        solara.Text(shown_value(value, step), classes=["phc-slider-value"])


def shown_value(value, step) -> str:
    """A slider's value as the page shows it beside the slider: as many decimals as its step."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    decimals = 0 if step is None or float(step).is_integer() else len(f"{step:g}".split(".")[1])
    return f"{value:.{decimals}f}"


@solara.component
def StateSelect(label: str, value, on_value):
    """A drop-down of the states by name (Tamil Nadu, not tamil_nadu); the page sends the
    state's key, and anything else goes on to ``on_value``, which reports it."""
    solara.v.Select(
        label=label,
        v_model=value,
        items=[{"text": state_label(s), "value": s} for s in STATES],
        on_v_model=on_value,
        hide_details=True,
        dense=True,
    )


@solara.component
def Choice(key: str, value: str, choices: tuple[str, ...], set_value, shown=str):
    """Toggle buttons for one of ``choices``, each labelled ``shown(choice)``. The page sends
    the index of the button pressed; an index that is no button's goes on to ``set_value``,
    which reports it."""

    def pick(index) -> None:
        valid = isinstance(index, int) and not isinstance(index, bool)
        set_value(key, choices[index] if valid and 0 <= index < len(choices) else index)

    with solara.v.BtnToggle(
        v_model=choices.index(value), on_v_model=pick, mandatory=True, dense=True
    ):
        for choice in choices:
            solara.v.Btn(children=[shown(choice)], small=True)


def _control(key: str, shown: Settings, set_value) -> None:
    c = CONTROLS[key]
    value = getattr(shown, key)
    on_value = lambda v, key=key: set_value(key, v)  # noqa: E731
    if key == "state":  # its own label, as the other controls' (the select's is hidden)
        solara.Text(c.label, classes=["phc-control-label"])
        StateSelect(c.label, value, on_value)
    elif c.choices:
        solara.Text(c.label, classes=["phc-control-label"])
        Choice(key, value, c.choices, set_value, c.shown)
    else:
        NumberSlider(c.label, value, c.low, c.high, c.step, on_value)
    solara.Div(children=[c.explanation], classes=["phc-explanation"])


@solara.component
def ScenarioControls(model: solara.Reactive[TrainingRoomModel]):
    """Presets and controls; changes take effect on Reset (a preset loads at once)."""

    def load(preset) -> None:
        try:
            new = TrainingRoomModel(preset.settings)
        except Exception as error:
            _say("error", f"Could not load {preset.label}: {error}")
            return
        settings.set(preset.settings)
        model.set(new)
        if preset.lesson is not None:  # the plots where its lesson will show
            shown_plots.set(preset.lesson.pair)
        _say("info", f"Loaded {preset.label}. {preset.story}")

    def load_state(state) -> None:
        try:
            preset = state_preset(state)
        except (ValueError, TypeError) as error:
            _say("error", str(error))
            return
        load(preset)

    def set_value(key: str, value) -> None:
        try:
            if key == "state":  # a new state brings its own context values
                changed = settings.value.changed(
                    state=value, power_asymmetry=None, tenure_months=None, political_leadership=None
                )
            else:
                changed = settings.value.changed(**{key: value})
        except (ValueError, TypeError) as error:
            _say("error", str(error))
            return
        settings.set(changed)

    def discard() -> None:  # back to the running model's settings
        settings.set(model.value.settings)

    shown = settings.value.resolved()
    changes = changes_waiting(model.value)
    with solara.Card("Presets"):
        for preset in PRESETS.values():
            solara.Button(preset.label, on_click=lambda p=preset: load(p), text=True, block=True)
        StateSelect("A state's own context", None, load_state)
    # Over the page, every control at once (the page has no room for fourteen of them beside
    # the network and the plots); in the page from the start (eager), shown on demand.
    dialog = solara.v.Dialog(
        v_model=editing.value,
        on_v_model=lambda open_: editing.set(open_ is True),
        max_width=SCENARIO_WIDTH,
        eager=True,
        content_class="phc-scenario-dialog",
    )
    with dialog, solara.Card(classes=["phc-scenario"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML="<b>The scenario.</b> Changes apply when you close this and press "
            "Reset; until then the run goes on as it was.",
            classes=["phc-scenario-intro"],
        )
        with solara.Div(classes=["phc-scenario-grid"]):
            for key in CONTROLS:
                if key == "training_start_month" and shown.training == "none":
                    continue
                with solara.Column(gap="0px", classes=[f"phc-control-{key}"]):
                    _control(key, shown, set_value)
        Notice(errors_only=True)  # a refused value, here where it was set
        with solara.Row(gap="8px", style={"align-items": "center"}):
            with solara.Div(style={"flex": "1 1 auto", "min-width": "0"}):
                Pending(changes)
            solara.Button("Discard changes", on_click=discard, outlined=True, disabled=not changes)
            solara.Button("Close", on_click=lambda: editing.set(False), color="primary")


def changes_waiting(model: TrainingRoomModel) -> list[str]:
    """The scenario's settings that differ from the running model's, as the page lists them:
    they apply on Reset."""
    return settings.value.resolved().differences(model.settings)


@solara.component
def Pending(changes: list[str]):
    """The settings that differ from the running model's, which apply on Reset."""
    if changes:
        solara.Warning(
            f"Waiting for Reset: {'; '.join(changes)}.",
            dense=True,
            classes=["phc-pending"],
        )


@solara.component
def PendingCount(changes: list[str]):
    """Beside Reset: how many changed settings wait for it (the scenario lists them)."""
    if changes:
        n = len(changes)
        solara.Warning(
            f"{n} changed setting{'s apply' if n > 1 else ' applies'} when you press Reset.",
            dense=True,
            classes=["phc-pending-count"],
        )


@solara.component
def RunPanel(model: solara.Reactive[TrainingRoomModel]):
    """Reset, play/pause and Step (Mesa's ``ModelController``), the month, the play speed, the
    button that opens the scenario's controls and the changes waiting for Reset.

    Reset builds a new model from the scenario controls' settings (``settings``)."""
    update_counter.get()
    speed = solara.use_reactive(3)
    interval = solara.use_reactive(1000 // speed.value)
    one_month = solara.use_reactive(1)  # every month is drawn
    no_threads = solara.use_reactive(False)

    def set_speed(value) -> None:
        low, high = PLAY_SPEEDS
        if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
            speed.set(int(value))
            interval.set(1000 // int(value))

    with solara.Card("Run the model", classes=["phc-run"]):
        ModelController(  # (it reads .value of each, as SolaraViz passes them)
            model,
            model_parameters={"settings": settings},
            play_interval=interval,
            render_interval=one_month,
            use_threads=no_threads,
        )
        solara.Text(f"Month {model.value.month}", classes=["phc-month"], style=BLOCK)
        NumberSlider("Months per second", speed.value, *PLAY_SPEEDS, 1, set_speed)
        solara.Button(
            SCENARIO_BUTTON, on_click=lambda: editing.set(True), outlined=True, block=True
        )
        PendingCount(changes_waiting(model.value))


@solara.component
def Page():
    initial = solara.use_memo(lambda: TrainingRoomModel(settings.value), [])
    model = solara.use_reactive(initial)

    def keep_previous_run():
        def changed(new, old):
            if old is not None and old is not new and old.month > 0:
                previous.set(Comparison.previous_run(old))

        return model.subscribe_change(changed)

    solara.use_effect(keep_previous_run, [])
    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(SHORT_TITLE)
    solara.Style(page_css())
    with solara.Row(classes=["phc-main"], gap="6px"):
        with solara.Column(classes=["phc-controls"], gap="4px"):
            RunPanel(model)
            EventsPanel(model.value)
            ScenarioControls(model)
        with solara.Column(classes=["phc-network"]):
            NetworkPanel(model.value)
        with solara.Column(classes=["phc-plots"]):
            IndicatorsPanel(model.value)

"""The class's own experiment: a student queues a run from the panel and sees its place, the server's worker trains
it in a child process while it holds one of the machine's training slots, and the finished run joins the class
chart; the teacher can fix the model for everyone. Real lstm_engine training throughout."""

import json

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.class_ui.experiment import CLASS_RUN
from dashboard.classroom import ClassSettings, enqueue_run, list_runs, new_class, new_student_id, save_settings
from dashboard.classroom.schema import trainings
from dashboard.serving.training_worker import work_once
from dashboard.training import training_jobs
from lstm_engine.memory.training import TrainConfig

TINY = TrainConfig(steps=20, hidden_size=8, batch_size=8)


def panel(code, student_id):
    """The experiment panel alone, as a student of class `code` sees it in Why LSTM's expander."""
    from dashboard.class_ui.experiment import class_experiment_panel
    from dashboard.class_ui.session import ClassContext, class_state
    info, _, _ = class_state(code)
    class_experiment_panel(ClassContext(code, student_id, info))


def open_panel(code, student_id):
    at = AppTest.from_function(panel, args=(code, student_id), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_worker_trains_in_a_child_process_only_while_a_machine_slot_is_free(class_store):
    ticket = new_class(class_store)
    enqueue_run(class_store, ticket.code, new_student_id(), "lstm", 10, TINY)
    taken = [training_jobs.take_slot(60) for _ in range(training_jobs.MAX_RUNNING)]     # solo trainings, say
    try:
        assert not work_once("test-worker")                      # the machine is busy: the run waits
        assert list_runs(class_store, ticket.code)[0].status == "queued"
    finally:
        for slot in taken:
            slot.release()
    assert work_once("test-worker")
    run = list_runs(class_store, ticket.code)[0]
    assert run.status == "done" and 0.0 <= run.held_out_accuracy <= 1.0 and len(run.gaps) == len(run.accuracy) > 3


def test_a_students_run_shows_its_place_then_joins_the_class_chart(class_store):
    ticket, me = new_class(class_store), new_student_id()
    at = open_panel(ticket.code, me)
    at.radio(key="class_ui:run_kind").set_value("lstm")
    at.radio(key="class_ui:run_gap").set_value(25)
    at.button(key="class_ui:train").click().run()
    said = " ".join(m.value for m in at.markdown)
    assert "LSTM, gaps up to 25, seed 0): number **1** in the queue" in said
    assert work_once("test-worker")                             # the server's worker: CLASS_RUN, really trained
    at.run()
    run = list_runs(class_store, ticket.code, me)[0]
    assert run.mine and run.status == "done"
    said = " ".join(m.value for m in at.markdown)
    assert f"**{run.held_out_accuracy:.0%}** right on held-out sentences" in said
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    lstm = next(trace for trace in chart["data"] if trace["name"] == "LSTM" and trace["yaxis"] == "y")
    assert lstm["customdata"] == [[25, int(run.held_out_accuracy >= 0.9), 1]]          # 1 run at gap 25
    assert json.loads(run_config(class_store, run))["hidden_size"] == CLASS_RUN.hidden_size


def run_config(store, run) -> str:
    with store.read() as connection:
        return connection.scalar(select(trainings.c.config).where(trainings.c.kind == run.kind,
                                                                  trainings.c.seed == run.seed))


def test_the_teachers_choice_of_model_holds_for_every_student(class_store):
    ticket = new_class(class_store)
    save_settings(class_store, ticket.code, ticket.token, ClassSettings(experiment_kind="rnn"), controls=(),
                  pages=())
    at = open_panel(ticket.code, new_student_id())
    assert [radio.key for radio in at.radio] == ["class_ui:run_gap"]
    assert "Model: **RNN** (set by your teacher)" in " ".join(m.value for m in at.markdown)

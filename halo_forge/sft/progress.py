"""A transformers Trainer's progress shown by :mod:`halo_forge.console`: :func:`use_trainer_progress`
turns its bar and printed log dicts into the console's one bar per stage, with the loss on it.
"""

from __future__ import annotations

from typing import Any

from halo_forge import console


def trainer_progress(label: str = "train") -> Any:
    """A transformers ``TrainerCallback``: the steps as one bar with the loss on it, instead of the
    Trainer's own bar and its printed ``{'loss': ...}`` dicts (see :func:`use_trainer_progress`)."""
    from transformers import TrainerCallback

    class TrainerProgress(TrainerCallback):
        def __init__(self):
            self.bar_context = self.bar = None
            self.loss: list[float] = []

        def on_train_begin(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                self.bar_context = console.progress(label, total=state.max_steps, unit="step")
                self.bar = self.bar_context.__enter__()

        def on_step_end(self, args, state, control, **kwargs):
            if self.bar is not None:
                self.bar.update(state.global_step - self.bar.n)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if self.bar is None or not logs:
                return
            if "loss" in logs:
                self.loss.append(float(logs["loss"]))
            parts = [f"loss {self.loss[0]:.3f} -> {self.loss[-1]:.3f}" if len(self.loss) > 1 else
                     f"loss {self.loss[-1]:.3f}" if self.loss else ""]
            if "eval_loss" in logs:
                parts.append(f"val loss {float(logs['eval_loss']):.3f}")
            self.bar.set_postfix_str(", ".join(p for p in parts if p))

        def on_train_end(self, args, state, control, **kwargs):
            if self.bar_context is not None:
                self.bar_context.__exit__(None, None, None)
                self.bar_context = self.bar = None

    return TrainerProgress()


def use_trainer_progress(trainer: Any, label: str = "train") -> None:
    """Replace the Trainer's printing callbacks (its tqdm bar, or the dict printer when tqdm is off)."""
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    trainer.remove_callback(ProgressCallback)
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(trainer_progress(label))

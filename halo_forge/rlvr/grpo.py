"""GRPO (group relative policy optimization) on TRL's ``GRPOTrainer``, beside RAFT on the same footing.

    from halo_forge.config import GRPOConfig
    from halo_forge.rlvr.grpo import GRPORun
    from halo_forge.rlvr.verifiers import GCCVerifier

    with GCCVerifier(run_after_compile=True) as verifier:
        result = GRPORun(verifier, GRPOConfig(prompts_file="data/train.jsonl", eval_file="data/heldout.jsonl",
                                              output_dir="runs/grpo", max_steps=50)).run()

RAFT trains only on the samples that passed; GRPO samples ``num_generations`` completions per task, scores
each with the verifier's graduated reward and pushes the policy towards the completions that beat their
group's mean and away from those below it, so failing samples teach too. TRL runs the whole loop
(sampling, advantages, the clipped loss, checkpoints, resume); this module only feeds it what RAFT uses:

* the tasks of ``prompts_file`` (held-out tasks never trained on), rendered with the one chat format
  (:func:`halo_forge.models.chat_prompt`) into the dataset's ``prompt`` column, with a ``task_id`` column;
* the model from :func:`halo_forge.models.load_model` (embedded GGUF, hub id, directory or adapter), with
  a fresh seeded LoRA adapter unless it already is one;
* rewards from :func:`halo_forge.rlvr.verifier_reward.trl_reward` (verifier pool, sandbox, cache);
* the held-out evaluation of :func:`halo_forge.benchmark.runner.evaluate` every ``eval_steps`` steps.

TRL generates a whole batch, then calls the reward, so verification does not overlap generation as in
RAFT; within a batch the verifier's worker processes run in parallel.

Run directory (``output_dir``)::

    run.json                 what the run was made with (config, tasks, verifier); a restart must match
    checkpoints/checkpoint-N TRL checkpoints (adapter, optimizer, scheduler, RNG); a rerun resumes the last
    metrics.jsonl            every TRL log line: loss, rewards/verifier/mean, verifier/pass_rate, kl, ...
    rewards.jsonl            every training completion with its task, status and reward
    tensorboard/             the same logs and the held-out scores as TensorBoard scalars
    eval/step_N/             results.json + samples.jsonl of the held-out evaluation (benchmark format)
    eval.jsonl               one row per evaluation: step, pass_at_1 (+ 95% interval), compile_rate, ...
    adapter/                 the trained adapter + tokenizer (loads with halo_forge.models.load_model)
    grpo_result.json         final step, train loss, last evaluation, paths
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any, Sequence

from transformers import TrainerCallback

from halo_forge.config import GenerationConfig, GRPOConfig, ModelConfig, to_dict
from halo_forge.errors import ConfigError, InputError
from halo_forge.benchmark.schema import RESULTS_FILE, eval_columns, row_metric, row_score
from halo_forge.rlvr.raft_store import SERVER_KEYS, _differences, flat_numbers, write_json
from halo_forge.rlvr.verifier_reward import trl_reward
from halo_forge.tasks import Task, atomic_write_text, tasks_digest, train_and_heldout

log = logging.getLogger(__name__)

__all__ = ["GRPORun", "train_command"]

# Settings that change no result, so a run may resume (or continue) with other values.
RESUMABLE_KEYS = ("max_steps", "output_dir", "prompts_file", "eval_file", "save_steps", "save_total_limit",
                  "logging_steps")
LR_SCHEDULERS = {"constant": "constant_with_warmup", "cosine": "cosine", "linear": "linear"}


class GRPORun:
    """One GRPO run over ``config.output_dir``; building it loads nothing, :meth:`run` does the work.

    ``callbacks``: extra ``transformers.TrainerCallback`` objects (e.g. a wall-clock budget).
    """

    def __init__(self, verifier: Any, config: GRPOConfig | None = None, *, model_config: ModelConfig | None = None,
                 generation: GenerationConfig | None = None, progress: bool = True, callbacks: Sequence[Any] = ()):
        self.verifier = verifier
        self.config = config if config is not None else GRPOConfig()
        self.model_config = model_config if model_config is not None else ModelConfig()
        self.generation = generation if generation is not None else GenerationConfig()
        self.root = Path(self.config.output_dir)
        self.start_model = (self.config.sft_checkpoint if self.config.sft_checkpoint is not None
                            else self.config.model_name)
        self.progress = progress
        self.callbacks = list(callbacks)

    # -- the run

    def run(self, tasks: str | Path | Sequence[Any] | None = None,
            eval_tasks: str | Path | Sequence[Any] | None = None) -> dict[str, Any]:
        """Train (or resume) up to ``max_steps``; returns what ``grpo_result.json`` holds. ``tasks`` and
        ``eval_tasks`` (a JSONL file, Task objects or task dicts) default to ``prompts_file``/``eval_file``."""
        from transformers.trainer_utils import get_last_checkpoint

        from halo_forge.sft.lora import save_adapter

        if self.generation.engine != "hf":
            raise ConfigError([f"generation.engine: {self.generation.engine}: grpo train samples and evaluates "
                               "the model it trains in this process; use engine: hf"])
        train, heldout = self.tasks(tasks, eval_tasks)
        self._claim(train, heldout)
        checkpoints = self.root / "checkpoints"
        resume_from = get_last_checkpoint(str(checkpoints)) if checkpoints.is_dir() else None
        if resume_from is not None:
            log.info("%s: resuming from %s", self.root, resume_from)
            self._drop_evaluations_after(int(resume_from.rsplit("-", 1)[1]))
        model, tokenizer = self.load_model()
        trainer = self.build_trainer(model, tokenizer, train, heldout)
        output = trainer.train(resume_from_checkpoint=resume_from)
        for handler in trainer.callback_handler.callbacks:
            if getattr(handler, "tb_writer", None) is not None:
                handler.tb_writer.close()
        adapter = save_adapter(trainer.model, tokenizer, self.root / "adapter", self.base_model)
        evaluations = self._evaluations()
        result = {"global_step": output.global_step, "train_loss": output.training_loss,
                  "train_runtime": output.metrics.get("train_runtime"), "resumed_from": resume_from,
                  "adapter_dir": str(adapter), "evaluations": evaluations,
                  "final_eval": evaluations[-1] if evaluations else None, "config": to_dict(self.config)}
        write_json(self.root / "grpo_result.json", result)
        return result

    def tasks(self, tasks: Any = None, eval_tasks: Any = None) -> tuple[list[Task], list[Task]]:
        """``(train, held_out)``, as RAFT reads them (a held-out prompt never trained on)."""
        cfg = self.config
        return train_and_heldout(tasks if tasks is not None else cfg.prompts_file,
                                 eval_tasks if eval_tasks is not None else cfg.eval_file, "grpo")

    def load_model(self) -> tuple[Any, Any]:
        """The start model through the shared loading path; a plain model gets a fresh seeded LoRA adapter."""
        import torch

        from halo_forge.models import load_model, resolve_model
        from halo_forge.sft.lora import LoraSettings, add_lora

        cfg = self.config
        source = resolve_model(self.start_model)
        self.base_model = source.weights.name if source.kind == "adapter" else self.start_model
        model, tokenizer = load_model(self.start_model, self.model_config, trainable=True)
        if source.kind != "adapter":
            torch.manual_seed(cfg.seed)       # the fresh adapter's initialisation is part of the run
            model = add_lora(model, LoraSettings.of(cfg, "grpo"), self.start_model)
        return model, tokenizer

    def build_trainer(self, model: Any, tokenizer: Any, train: list[Task], heldout: list[Task]) -> Any:
        """TRL's GRPOTrainer with our dataset, reward, arguments and callbacks."""
        from datasets import Dataset
        from torch.utils.tensorboard import SummaryWriter
        from transformers.integrations import TensorBoardCallback

        from halo_forge.models import chat_prompt
        from halo_forge.sft.fit import jsonl_metrics

        system = self.model_config.system_prompt
        rows = [{"prompt": chat_prompt(tokenizer, t.prompt, system), "task_id": t.task_id} for t in train]
        reward = trl_reward(self.verifier, train, log_file=self.root / "rewards.jsonl")
        callbacks = [jsonl_metrics(self.root / "metrics.jsonl"),
                     TensorBoardCallback(tb_writer=SummaryWriter(log_dir=str(self.root / "tensorboard")))]
        if heldout:
            callbacks.append(_HeldOutEvaluation(self, model, tokenizer, heldout))
        tokenizer.padding_side = "left"       # TRL generates from left-padded prompts
        return _trainer_class()(model=model, reward_funcs=reward, args=self._training_args(model),
                                train_dataset=Dataset.from_list(rows), processing_class=tokenizer,
                                callbacks=[*callbacks, *self.callbacks])

    def _training_args(self, model: Any) -> Any:
        import torch
        import trl

        cfg = self.config
        param = next(model.parameters())
        on_gpu = param.device.type == "cuda"
        return trl.GRPOConfig(
            output_dir=str(self.root / "checkpoints"),
            max_steps=cfg.max_steps,
            per_device_train_batch_size=cfg.prompts_per_step * cfg.num_generations // cfg.gradient_accumulation_steps,
            gradient_accumulation_steps=cfg.gradient_accumulation_steps,
            num_generations=cfg.num_generations,
            max_completion_length=cfg.max_completion_length,
            temperature=cfg.temperature, top_p=cfg.top_p,
            learning_rate=cfg.learning_rate, lr_scheduler_type=LR_SCHEDULERS[cfg.lr_scheduler],
            warmup_steps=round(cfg.warmup_ratio * cfg.max_steps),
            weight_decay=cfg.weight_decay, max_grad_norm=cfg.max_grad_norm,
            beta=cfg.beta, epsilon=cfg.epsilon, num_iterations=cfg.num_iterations, loss_type=cfg.loss_type,
            scale_rewards=cfg.scale_rewards, mask_truncated_completions=cfg.mask_truncated_completions,
            activation_checkpointing=cfg.gradient_checkpointing,
            logging_steps=cfg.logging_steps, logging_first_step=True,
            save_strategy="steps", save_steps=cfg.save_steps, save_total_limit=cfg.save_total_limit,
            seed=cfg.seed, data_seed=cfg.seed,
            report_to="none",                  # our own TensorBoard + JSONL callbacks, fixed directories
            use_cpu=param.device.type == "cpu",
            bf16=on_gpu and param.dtype == torch.bfloat16, fp16=on_gpu and param.dtype == torch.float16,
            dataloader_pin_memory=on_gpu,
            disable_tqdm=not self.progress,
        )

    # -- held-out evaluation

    def evaluate(self, step: int, model: Any, tokenizer: Any, heldout: list[Task]) -> dict[str, Any]:
        """The benchmark's evaluation of the current policy; files under ``eval/step_N``. A finished
        evaluation is read back, not redone."""
        from halo_forge.benchmark.runner import evaluate, write_results
        from halo_forge.generation import HFEngine

        out = self.root / "eval" / f"step_{step}"
        if not (out / RESULTS_FILE).exists():
            was_training = model.training
            model.eval()
            try:
                engine = HFEngine(model, tokenizer, self.model_config, progress=self.progress)
                result = evaluate(engine, self.verifier, heldout, n=self.config.eval_samples,
                                  sampling=self.generation, ks=[1], bootstrap_samples=self.config.bootstrap_samples,
                                  seed=self.generation.seed)
            finally:
                model.train(was_training)
            header = {"step": step, "model": self.start_model if step == 0 else f"{self.root}@step{step}",
                      "verifier": {"settings": self.verifier.settings(), "compile_only": result.metric == "compile"},
                      "sampling": to_dict(self.generation)}
            write_results(out, header, result)
        row = {"step": step, **eval_columns(json.loads((out / RESULTS_FILE).read_text(encoding="utf-8")))}
        self._write_eval_log(row)
        return row

    def _evaluations(self) -> list[dict[str, Any]]:
        rows = []
        for directory in sorted((self.root / "eval").glob("step_*"), key=lambda p: int(p.name[5:])):
            if (directory / "results.json").exists():
                results = json.loads((directory / "results.json").read_text(encoding="utf-8"))
                rows.append({"step": int(directory.name[5:]), **eval_columns(results)})
        return rows

    def _write_eval_log(self, row: dict[str, Any]) -> None:
        # eval.jsonl is rebuilt from eval/step_N, so a resumed run never holds two rows for one step.
        atomic_write_text(self.root / "eval.jsonl",
                          "".join(json.dumps(r) + "\n" for r in self._evaluations()))
        from torch.utils.tensorboard import SummaryWriter

        writer = SummaryWriter(log_dir=str(self.root / "tensorboard"))
        for key, value in flat_numbers(row).items():
            if key != "step":
                writer.add_scalar(f"heldout/{key}", value, row["step"])
        writer.close()

    def _drop_evaluations_after(self, step: int) -> None:
        """Evaluations of steps past the checkpoint a run resumes from are of weights that are redone."""
        for directory in (self.root / "eval").glob("step_*"):
            if int(directory.name[5:]) > step:
                shutil.rmtree(directory)

    # -- the run's identity

    def _claim(self, train: list[Task], heldout: list[Task]) -> None:
        fingerprint = json.loads(json.dumps({
            "grpo": {k: v for k, v in to_dict(self.config).items() if k not in RESUMABLE_KEYS},
            "start_model": self.start_model, "model": to_dict(self.model_config),
            "generation": {k: v for k, v in to_dict(self.generation).items() if k not in SERVER_KEYS},
            "verifier": {k: v for k, v in self.verifier.settings().items() if k != "max_workers"},
            "train_tasks_sha256": tasks_digest(train), "heldout_tasks_sha256": tasks_digest(heldout)},
            default=str))
        path = self.root / "run.json"
        if not path.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            write_json(path, fingerprint)
            return
        differences = _differences(json.loads(path.read_text(encoding="utf-8")), fingerprint)
        if differences:
            raise InputError(f"{self.root}: holds a GRPO run made with different settings "
                             f"({'; '.join(differences[:4])}{'; ...' if len(differences) > 4 else ''}); "
                             "rerun with the same settings to resume, or choose another --output")


def _trainer_class() -> type:
    """TRL's GRPOTrainer, tokenizing our rendered prompts the way SFT and generation do."""
    import trl

    from halo_forge.models import prompt_add_special_tokens

    class HaloGRPOTrainer(trl.GRPOTrainer):
        def _tokenize_prompts(self, prompts: list) -> Any:
            if not isinstance(prompts[0], str):
                return super()._tokenize_prompts(prompts)
            # The chat template already wrote every special token; TRL's default would add a BOS on top
            # for tokenizers that add one to any text.
            ids = self.processing_class(text=prompts, add_special_tokens=prompt_add_special_tokens(
                self.processing_class))["input_ids"]
            return ids, None, {}

    return HaloGRPOTrainer


class _HeldOutEvaluation(TrainerCallback):
    """Evaluates the held-out tasks before the first step (``eval_baseline``), every ``eval_steps`` steps and
    when training ends."""

    def __init__(self, run: GRPORun, model: Any, tokenizer: Any, heldout: list[Task]):
        self.run, self.model, self.tokenizer, self.heldout = run, model, tokenizer, heldout

    def on_train_begin(self, args, state, control, **kwargs):
        if self.run.config.eval_baseline and state.global_step == 0:
            self._evaluate(0)

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step % self.run.config.eval_steps == 0 or state.global_step >= state.max_steps:
            self._evaluate(state.global_step)

    def on_train_end(self, args, state, control, **kwargs):
        self._evaluate(state.global_step)     # a run stopped early (by a callback) is scored too; else read back

    def _evaluate(self, step: int) -> None:
        row = self.run.evaluate(step, self.model, self.tokenizer, self.heldout)
        log.info("step %d: held-out %s@1 %.3f, compile rate %.3f", step, row_metric(row), row_score(row),
                 row["compile_rate"])


# -------------------------------------------------------------------------------------------------- CLI

def train_command(cfg: Any, args: Any) -> int:
    """``halo-forge grpo train``: run or resume, then print the held-out scores per evaluation."""
    from halo_forge.rlvr.verifiers.registry import build_verifier

    verifier = build_verifier(cfg.verifier, training=True)
    with verifier:
        result = GRPORun(verifier, cfg.grpo, model_config=cfg.model, generation=cfg.generation).run()
    loss = result["train_loss"]
    print(f"trained to step {result['global_step']}"
          + (f", train loss {loss:.4f}" if isinstance(loss, float) else ""))
    for row in result["evaluations"]:
        metric = row_metric(row)
        low, high = row.get(f"{metric}_at_1_ci") or (float("nan"), float("nan"))
        print(f"step {row['step']}: held-out {metric}@1 {row_score(row):.3f} [{low:.3f}, {high:.3f}], "
              f"compile rate {row['compile_rate']:.3f}")
    out = Path(cfg.grpo.output_dir)
    print(f"adapter: {result['adapter_dir']}")
    print(f"metrics: {out / 'metrics.jsonl'}")
    return 0

"""GRPO with TRL's own GRPOTrainer and halo-forge's sandboxed verifier as the reward function.

    python docs/examples/grpo_with_trl.py --model runs/merged --tasks data/train.jsonl --output runs/trl_grpo

Nothing here is halo-forge's training code: the model, the LoRA adapter, the loop, the checkpoints are all
TRL's. halo-forge contributes one reward function, which verifies each completion of the batch in the
sandbox (compile, run the task's tests) and returns the graduated reward (0, 0.3, 0.5, 0.7 + partial
credit, 1.0). The dataset's ``task_id`` column tells it which task a completion answers.
"""

import argparse

from datasets import Dataset
from peft import LoraConfig
from trl import GRPOConfig, GRPOTrainer

from halo_forge.rlvr import trl_reward
from halo_forge.rlvr.verifiers import GCCVerifier
from halo_forge.tasks import read_tasks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="hub id or model directory")
    parser.add_argument("--tasks", required=True, help="C task records (JSONL) with stdin/stdout tests")
    parser.add_argument("--output", default="runs/trl_grpo")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--max-completion-length", type=int, default=256)
    parser.add_argument("--lora-targets", default="q_proj,k_proj,v_proj,o_proj")
    args = parser.parse_args()

    tasks = read_tasks(args.tasks)
    # Conversational prompts: TRL applies the model's chat template. task_id is what the reward reads.
    dataset = Dataset.from_list([{"prompt": [{"role": "user", "content": t.prompt}], "task_id": t.task_id}
                                 for t in tasks])
    config = GRPOConfig(output_dir=args.output, max_steps=args.steps, per_device_train_batch_size=4,
                        num_generations=2, max_completion_length=args.max_completion_length,
                        learning_rate=1e-4, logging_steps=1, save_steps=10, report_to="none",
                        bf16=False)
    lora = LoraConfig(r=8, lora_alpha=16, target_modules=args.lora_targets.split(","), task_type="CAUSAL_LM")
    with GCCVerifier(run_after_compile=True) as verifier:
        trainer = GRPOTrainer(model=args.model, reward_funcs=trl_reward(verifier, tasks), args=config,
                              train_dataset=dataset, peft_config=lora)
        trainer.train()
    for row in trainer.state.log_history:
        if "rewards/verifier/mean" in row:
            print(f"step {row['step']}: mean reward {row['rewards/verifier/mean']:.3f}, "
                  f"pass rate {row['verifier/pass_rate']:.3f}")


if __name__ == "__main__":
    main()

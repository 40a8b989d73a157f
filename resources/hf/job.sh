# fttool's command on Hugging Face Jobs (resources/hf/job.sh): `bash -c "<this file>" fttool-hf-job ARGS`.
# It runs the same training as a local job of fttool's TRL engine, on the same pins:
#   1. install: a fresh venv (/tmp/venv) with exactly the CUDA route's pins of resources/runtime/trl.lock
#   2. hf download: the data set fttool prepared and pushed (data/train.jsonl, data/validation.jsonl), at the
#      commit it pushed, into the working folder
#   3. trl sft|dpo --config job.yaml: TRL's own command line; the YAML pushes the adapter to the model repo
#   4. (--merge) resources/hf/merge_push.py: the base model merged with the adapter, pushed to <repo>-merged
# Nothing here is secret: the lock, the YAML and the merge script come base64-encoded in environment
# variables (FTTOOL_LOCK_B64, FTTOOL_CONFIG_B64, FTTOOL_MERGE_B64); the token is the job's HF_TOKEN secret,
# which `hf` and TRL read from the environment. For tests only: FTTOOL_SKIP_INSTALL=1 skips step 1 (the caller
# puts an installed runtime's bin/ first on PATH) and FTTOOL_WORKDIR names the working folder (default
# /tmp/fttool-job).
set -euo pipefail

method=sft dataset_repo="" revision="" train_file=data/train.jsonl valid_file="" base_model="" output_repo=""
merge=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --method) method=$2; shift 2 ;;
    --dataset-repo) dataset_repo=$2; shift 2 ;;
    --dataset-revision) revision=$2; shift 2 ;;
    --train-file) train_file=$2; shift 2 ;;
    --valid-file) valid_file=$2; shift 2 ;;
    --base-model) base_model=$2; shift 2 ;;
    --output-repo) output_repo=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    *) echo "fttool: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$method" in sft|dpo) ;; *) echo "fttool: unknown method $method" >&2; exit 2 ;; esac
if [ -z "$dataset_repo" ] || [ -z "$revision" ]; then
  echo "fttool: --dataset-repo and --dataset-revision are required" >&2
  exit 2
fi

work=${FTTOOL_WORKDIR:-/tmp/fttool-job}
mkdir -p "$work"
cd "$work"
printf %s "$FTTOOL_LOCK_B64" | base64 -d > requirements.txt
printf %s "$FTTOOL_CONFIG_B64" | base64 -d > job.yaml

if [ "${FTTOOL_SKIP_INSTALL:-0}" != 1 ]; then
  echo "fttool: installing the TRL runtime ($(grep -c '==' requirements.txt) pinned packages from trl.lock)"
  uv venv /tmp/venv --python 3.12
  uv pip install --python /tmp/venv -r requirements.txt
  export PATH="/tmp/venv/bin:$PATH"
fi

echo "fttool: reading dataset $dataset_repo at $revision"
hf download "$dataset_repo" --repo-type dataset --revision "$revision" --local-dir . > /dev/null
for f in "$train_file" ${valid_file:+"$valid_file"}; do
  if [ ! -s "$f" ]; then
    echo "fttool: $f is missing from dataset $dataset_repo at $revision" >&2
    exit 1
  fi
done

echo "fttool: training $base_model with trl $method"
trl "$method" --config job.yaml
echo "fttool: pushed adapter to $output_repo"

if [ "$merge" = 1 ]; then
  printf %s "$FTTOOL_MERGE_B64" | base64 -d > merge_push.py
  python merge_push.py --config job.yaml
fi
echo "fttool: done"

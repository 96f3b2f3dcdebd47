#!/bin/bash
# Drive the bash completion as bash does: set COMP_WORDS/COMP_CWORD, call
# _migctl, look at COMPREPLY.
#   test_completion.sh MIGCTL COMPLETION_FILE
set -u
migctl=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=/dev/null
source "$2" || { echo "test_completion: cannot source $2" >&2; exit 1; }
failed=0

# complete "WORDS": what was typed after migctl; a trailing blank (or
# nothing) means a new, empty word is being completed.
complete_words()
{
	local typed
	read -ra typed <<<"$1"
	[[ -z $1 || $1 == *" " ]] && typed+=("")
	COMP_WORDS=("$migctl" "${typed[@]}")
	COMP_CWORD=${#typed[@]}
	COMPREPLY=()
	_migctl
}

# expect "WORDS" CANDIDATE... : every candidate is offered.
expect()
{
	local words=$1 want got
	shift
	complete_words "$words"
	got=" ${COMPREPLY[*]} "
	for want in "$@"; do
		if [[ $got != *" $want "* ]]; then
			echo "test_completion: 'migctl $words<TAB>' did not offer '$want' (got:$got)" >&2
			failed=1
		fi
	done
}

# refuse "WORDS" CANDIDATE... : none of them is offered.
refuse()
{
	local words=$1 bad
	shift
	complete_words "$words"
	for bad in "$@"; do
		if [[ " ${COMPREPLY[*]} " == *" $bad "* ]]; then
			echo "test_completion: 'migctl $words<TAB>' offered '$bad'" >&2
			failed=1
		fi
	done
}

export MIGCTL_STATE_DIR="$work/node"
expect "" mig show run emulate apply version exec nvml-env
expect "em" emulate
refuse "em" mig show
expect "-" -L -i --query-gpu --backend
expect "--backend " auto emulated nvml
expect "--backend nvml m" mig
expect "mig -" -lgip -cgi --create-gpu-instance -C --json
expect "show --co" --color
expect "show --color " auto always never
expect "run --" --profile --device --create --wait
expect "emulate " create add models figures list remove
expect "emulate create " H100-SXM5-80GB A30-24GB A100-SXM4-40GB
expect "emulate create H1" H100-SXM5-80GB H100-PCIE-80GB
expect "emulate figures A3" A30-24GB
expect "emulate create --" --dir --force
expect "export -o " yaml json
# No node yet: no profiles, and completing did not create one.
complete_words "run --profile "
[[ ${#COMPREPLY[@]} -eq 0 ]] || { echo "test_completion: profiles offered without a node" >&2; failed=1; }
[[ ! -e $MIGCTL_STATE_DIR ]] || { echo "test_completion: completion created a node" >&2; failed=1; }
# The node's GPUs' profiles: an A30's 1g.6gb, an H100's 1g.10gb, not a B200's 1g.23gb.
"$migctl" emulate create A30-24GB H100-SXM5-80GB >/dev/null || exit 1
expect "run --profile " 1g.6gb 1g.10gb 3g.40gb
expect "run --profile 1g.1" 1g.10gb
refuse "run --profile " 1g.23gb
expect "mig -cgi 3g.40gb,1g" 3g.40gb,1g.10gb
expect "exec -- printen" printenv
[[ $failed -eq 0 ]] && echo "test_completion: ok"
exit $failed

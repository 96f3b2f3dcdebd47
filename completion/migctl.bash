# bash completion for migctl (installed as
# share/bash-completion/completions/migctl; docs/install.md).
#
# Everything comes from migctl itself, so it follows the program: the
# commands from `migctl --help`, a command's options from `migctl CMD
# --help`, GPU models from `migctl emulate models`, profile names from
# `migctl mig -lgip --json` on the node migctl would use -- only when that
# node exists: pressing TAB never creates one.

_migctl_help_options()
{
	"$1" "${@:2}" --help 2>/dev/null |
		sed -n 's/^  \(-[^ ,]*\)\(, \(-[^ ]*\)\)\{0,1\}.*/\1 \3/p'
}

_migctl_node_exists()
{
	local dir=${MIGCTL_STATE_DIR-}
	if [[ -z $dir ]]; then
		if [[ $EUID -eq 0 ]]; then
			dir=/var/lib/migctl
		else
			dir=${XDG_STATE_HOME:-$HOME/.local/state}/migctl
		fi
	fi
	[[ -f $dir/state.json ]]
}

_migctl_profiles()
{
	_migctl_node_exists || return 0
	"$1" mig -lgip --json 2>/dev/null |
		sed -n 's/.*"name": "MIG \([^"]*\)".*/\1/p' | sort -u
}

_migctl_models()
{
	"$1" emulate models 2>/dev/null | awk 'NR > 1 { print $1 }'
}

_migctl()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]} cmd="" sub="" i
	COMPREPLY=()

	# The command word: the first word that is not an option (--backend X is global).
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--backend) ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=${COMP_WORDS[i]}
			elif [[ -z $sub ]]; then
				sub=${COMP_WORDS[i]}
			fi
			;;
		esac
	done
	# After `migctl exec --` or `migctl run ... --`: complete a command line.
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- && ($cmd == exec || $cmd == run) ]]; then
			COMPREPLY=($(compgen -c -- "$cur"))
			return 0
		fi
	done

	case $prev in
	--backend)
		COMPREPLY=($(compgen -W "auto emulated nvml" -- "$cur"))
		return 0
		;;
	--profile | -cgi | --create-gpu-instance)
		# comma-separated lists: complete the last element
		local head=""
		[[ $cur == *,* ]] && head=${cur%,*},
		COMPREPLY=($(compgen -P "$head" -W "$(_migctl_profiles "$prog")" -- "${cur##*,}"))
		[[ -n $head ]] && compopt -o nospace 2>/dev/null
		return 0
		;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return 0
		;;
	-o | --output-format)
		if [[ $cmd != checkpoint ]]; then
			COMPREPLY=($(compgen -W "yaml json" -- "$cur"))
			return 0
		fi
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	-f | --config-file | -k | --hooks | --hooks-file | --dir)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--backend --help $(_migctl_help_options "$prog" -L)" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
				sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')" -- "$cur"))
		fi
		return 0
	fi

	if [[ $cmd == emulate ]]; then
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W "$("$prog" emulate --help 2>/dev/null |
				sed -n 's/^  migctl emulate \([a-z-]*\).*/\1/p')" -- "$cur"))
			return 0
		fi
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_migctl_help_options "$prog" emulate "$sub")" -- "$cur"))
			return 0
		fi
		case $sub in
		create | add | figures)
			COMPREPLY=($(compgen -W "$(_migctl_models "$prog")" -- "$cur"))
			;;
		esac
		return 0
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_migctl_help_options "$prog" "$cmd")" -- "$cur"))
		return 0
	fi
	case $cmd in
	apply | assert | restore | checkpoint) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	return 0
}
complete -F _migctl migctl

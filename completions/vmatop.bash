# bash completion for vmatop.  Options, sort keys and backends are read from
# vmatop itself (--help and its error messages), so they never go stale.
_vmatop_words() {  # the list inside "(...)" of vmatop's message for a bad value
	"${1:-vmatop}" "$2" '' 2>&1 | sed -n '1{s/.*(\(one of \)\{0,1\}\(.*\))$/\2/;s/ or /, /;s/,//g;p}'
}
_vmatop() {
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local prog=${COMP_WORDS[0]}
	case $prev in
	-s|--sort)
		mapfile -t COMPREPLY < <(compgen -W "$(_vmatop_words "$prog" --sort)" -- "$cur")
		return ;;
	--backend)
		mapfile -t COMPREPLY < <(compgen -W "$(_vmatop_words "$prog" --backend)" -- "$cur")
		return ;;
	-u|--user)
		mapfile -t COMPREPLY < <(compgen -u -- "$cur")
		return ;;
	-p|--pid|--maps)
		# pids, shown with their command names when there is more than one
		local -a pids
		mapfile -t pids < <(ps -eo pid=,comm= | awk -v c="$cur" 'index($1, c) == 1 { print $1 }')
		COMPREPLY=("${pids[@]}")
		return ;;
	-d|--delay|-n|--iterations|--top|--output|--headroom|--round|--db)
		[ "$prev" = --output ] || [ "$prev" = --db ] && mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	esac
	if [[ $cur == -* ]]; then
		local opts
		opts=$("$prog" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*(\[?=)?' |
			tr -d ' ,[' | sed 's/=$/=/' | sort -u)
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	fi
}
complete -F _vmatop vmatop

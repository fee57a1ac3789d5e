# bash completion for kvmexit and kvmexittime
_kvmexit()
{
	local cur prev opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	opts="-h --help -p --pid -t --tid -T --tids -v --vcpu -a --alltids -d --debug --attach --btf --version"
	[[ ${COMP_WORDS[0]##*/} == kvmexit ]] && opts="$opts -m --max-parallelism"
	case $prev in
	-p|--pid)
		# processes holding /dev/kvm open are the VMMs
		COMPREPLY=($(compgen -W "$(ls -l /proc/[0-9]*/fd 2>/dev/null |
			awk '/^\/proc/ { p = $1 } /\/dev\/kvm/ { split(p, a, "/"); print a[3] }' |
			sort -u)" -- "$cur"))
		return ;;
	-t|--tid|-T|--tids|-v|--vcpu|-m|--max-parallelism)
		return ;;
	--attach)
		COMPREPLY=($(compgen -W "auto raw tracepoint" -- "$cur"))
		return ;;
	--btf)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	[[ $cur == -* ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _kvmexit kvmexit kvmexittime

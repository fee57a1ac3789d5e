# Shared by the CLI tests.  usage_error TOOL ARGS...: expects exit 2,
# nothing on stdout, the usage block first on stderr; sets $last to the
# error line.
bats_require_minimum_version 1.5.0

usage_error() {
	local tool=$1
	shift
	run --separate-stderr "./$tool" "$@"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "${stderr_lines[0]}" == "usage: $tool [-h] [-p PID] [-t TID | -T TIDS | -v VCPU | -a]"* ]]
	last=${stderr_lines[-1]}
}

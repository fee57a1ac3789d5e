# Shared by the CLI tests.  usage_error TOOL ARGS...: expects exit 2,
# nothing on stdout, the usage block first on stderr; sets $last to the
# error line.
bats_require_minimum_version 1.5.0

# The binaries under test: the top-level build unless the caller names others.
: "${KVMEXIT:=./kvmexit}" "${KVMEXITTIME:=./kvmexittime}"
# Absolute, for tests that cd or run the tool from another user's shell.
KVMEXIT=$(readlink -f "$KVMEXIT") KVMEXITTIME=$(readlink -f "$KVMEXITTIME")

# tool_bin kvmexit|kvmexittime: the binary to run for that tool.
tool_bin() {
	if [ "$1" = kvmexit ]; then echo "$KVMEXIT"; else echo "$KVMEXITTIME"; fi
}

# Skips unless this test may load and attach BPF programs here.
need_tracing() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to load BPF programs"
	"$KVMEXIT" 0 >/dev/null 2>&1 || skip "kvmexit cannot trace here: $("$KVMEXIT" 0 2>&1 >/dev/null)"
}

usage_error() {
	local tool=$1
	shift
	run --separate-stderr "$(tool_bin "$tool")" "$@"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "${stderr_lines[0]}" == "usage: $tool [-h] [-p PID] [-t TID | -T TIDS | -v VCPU | -a]"* ]]
	last=${stderr_lines[-1]}
}

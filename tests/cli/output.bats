#!/usr/bin/env bats
# Lost output is an error (exit 1, one line), never a silent success.

load helpers

# run_sh 'shell code': runs it under bash with the binaries in $KVMEXIT...
run_sh() {
	run --separate-stderr env KVMEXIT="$KVMEXIT" KVMEXITTIME="$KVMEXITTIME" \
		bash -c "$1"
}

@test "-h and --version to a full disk or a closed stdout: exit 1" {
	for tool in kvmexit kvmexittime; do
		bin=$(tool_bin $tool)
		for opt in -h --version; do
			run --separate-stderr "$bin" $opt
			[ "$status" -eq 0 ]
			run_sh "\"$bin\" $opt >/dev/full"
			[ "$status" -eq 1 ]
			[ "$stderr" = "$tool: error: writing output: No space left on device" ]
			run_sh "\"$bin\" $opt >&-"
			[ "$status" -eq 1 ]
			[ "$stderr" = "$tool: error: writing output: Bad file descriptor" ]
		done
	done
}

@test "kvmexit's report to a full disk or a closed stdout: exit 1" {
	need_tracing
	run_sh '"$KVMEXIT" 0 >/dev/full'
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: error: writing output: No space left on device" ]
	run_sh '"$KVMEXIT" 0 >&-'
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: error: writing output: Bad file descriptor" ]
}

@test "a full disk stops kvmexit at the header, not after the duration" {
	need_tracing
	SECONDS=0
	run_sh '"$KVMEXIT" 30 >/dev/full'
	[ "$status" -eq 1 ]
	[ "$SECONDS" -lt 20 ]
}

@test "a reader that left while SIGPIPE is ignored: exit 1, one line" {
	need_tracing
	run_sh 'trap "" PIPE; "$KVMEXIT" 1 | true; echo "rc=${PIPESTATUS[0]}"'
	[ "$output" = "rc=1" ]
	[ "$stderr" = "kvmexit: error: writing output: Broken pipe" ]
}

@test "a plain SIGPIPE still ends the tool by the signal" {
	need_tracing
	ign=$(awk '/^SigIgn:/ { print $2 }' /proc/self/status)
	(( (0x$ign >> 12) & 1 )) && skip "SIGPIPE is ignored by the test runner"
	run_sh '"$KVMEXIT" 1 | true; echo "rc=${PIPESTATUS[0]}"'
	[ "$output" = "rc=141" ]
	[ -z "$stderr" ]
}

@test "kvmexittime stops at the first summary it cannot write" {
	need_tracing
	run_sh '"$KVMEXITTIME" 1 5 >/dev/full'
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexittime: error: writing output: No space left on device" ]
	SECONDS=0
	run_sh 'trap "" PIPE; "$KVMEXITTIME" 1 5 | head -n 1; echo "rc=${PIPESTATUS[0]}"'
	[ "${lines[0]}" = "Tracing kvm exit...  Hit Ctrl-C to end." ]
	[ "${lines[1]}" = "rc=1" ]
	[ "$stderr" = "kvmexittime: error: writing output: Broken pipe" ]
	[ "$SECONDS" -lt 5 ]
}

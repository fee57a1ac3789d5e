#!/usr/bin/env bats
# kvmexittime's command line: the same filter options and errors as kvmexit.

load helpers

@test "-h prints the help on stdout and exits 0" {
	run --separate-stderr "$KVMEXITTIME" -h
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "usage: kvmexittime [-h] [-p PID] [-t TID | -T TIDS | -v VCPU | -a] [-d]" ]
	[[ "$output" == *"[interval [count]]"* ]]
	[[ "$output" == *"  -p PID, --pid PID     trace this PID only"* ]]
}

@test "--version prints the same version as kvmexit" {
	run "$KVMEXITTIME" --version
	[ "$status" -eq 0 ]
	[ "${output#kvmexittime }" = "$("$KVMEXIT" --version | cut -d' ' -f2)" ]
}

@test "filter errors are kvmexit's" {
	usage_error kvmexittime -v 0
	[ "$last" = "kvmexittime: error: argument -v/--vcpu: not allowed without argument -p/--pid" ]
	usage_error kvmexittime -a
	[ "$last" = "kvmexittime: error: argument -a/--alltids: not allowed without argument -p/--pid" ]
	usage_error kvmexittime -t 1 -T 2
	[ "$last" = "kvmexittime: error: argument -T/--tids: not allowed with argument -t/--tid" ]
	usage_error kvmexittime -T 1,x
	[[ "$last" == "kvmexittime: error: argument -T/--tids: must be comma separated decimal TIDs"* ]]
	# The highest ID below pid_max: free unless the PIDs have wrapped.
	local none=$(($(cat /proc/sys/kernel/pid_max) - 1))
	usage_error kvmexittime -p $none
	[ "$last" = "kvmexittime: error: argument -p/--pid: no process with PID $none" ]
	usage_error kvmexittime -p $$ -v 1
	[ "$last" = "kvmexittime: error: argument -v/--vcpu: PID $$ has no vCPU 1 (no thread named 'CPU 1/KVM')" ]
}

@test "interval must be positive, count not negative; three positionals are too many" {
	usage_error kvmexittime 0
	[ "$last" = "kvmexittime: error: argument interval: must be at least 1: '0'" ]
	usage_error kvmexittime 1 -- -1
	[ "$last" = "kvmexittime: error: argument count: must not be negative: '-1'" ]
	usage_error kvmexittime -- -5
	[ "$last" = "kvmexittime: error: argument interval: must not be negative: '-5'" ]
	usage_error kvmexittime 1 2 3
	[ "$last" = "kvmexittime: error: unrecognized arguments: 3" ]
	usage_error kvmexittime x
	[ "$last" = "kvmexittime: error: argument interval: invalid int value: 'x'" ]
}

@test "-m is kvmexit's only" {
	usage_error kvmexittime -m 2
	[ "$last" = "kvmexittime: error: unrecognized arguments: -m" ]
}

@test "without privileges: one line saying what to do, exit 1" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to drop privileges"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$KVMEXITTIME" 1
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexittime: need root (or CAP_BPF and CAP_PERFMON) to load BPF programs: run it as root, e.g. with sudo" ]
}

@test "--hist=REASON must name an exit reason; --units takes ns, us or ms" {
	run --separate-stderr "$KVMEXITTIME" --hist=BOGUS 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "kvmexittime: error: argument --hist: no exit reason 'BOGUS': give a name as the table prints it (IOIO, MSR_WRITE, ...) or a code" ]
	run --separate-stderr "$KVMEXITTIME" --units s 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "kvmexittime: error: argument --units: invalid choice: 's' (choose from 'ns', 'us', 'ms')" ]
	run --separate-stderr "$KVMEXITTIME" --stats=1 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "kvmexittime: error: argument --stats: ignored explicit argument '1'" ]
}

@test "--stats, --hist and --units are kvmexittime's only" {
	for o in --stats --hist --units=us; do
		run --separate-stderr "$KVMEXIT" "$o" 1
		[ "$status" -eq 2 ]
		[[ "${stderr_lines[-1]}" == "kvmexit: error: unrecognized arguments: $o" ]]
	done
}

@test "count 0: a summary every interval until SIGTERM" {
	need_tracing
	local out=$BATS_TEST_TMPDIR/out pid
	"$KVMEXITTIME" 1 0 >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		[ "$(grep -c '^Total' "$out")" -ge 3 ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	wait "$pid"
	[ "$(grep -c '^Total' "$out")" -ge 3 ]
}

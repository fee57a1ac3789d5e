#!/usr/bin/env bats
# Both tools run inside a PID namespace (unshare -pf --mount-proc, as in a
# container): -p/-t/-T/-v take and show that namespace's IDs, IDs it does not
# have are errors, and the programs load with the namespace-relative filter.
# Root only.  Real exits counted from inside a namespace: tests/vm/pidns.bats.

bats_require_minimum_version 1.5.0
KVMEXIT=$(realpath "${KVMEXIT:-./kvmexit}")
KVMEXITTIME=$(realpath "${KVMEXITTIME:-./kvmexittime}")
export KVMEXIT KVMEXITTIME

setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to load BPF programs"
	[ -e /sys/module/kvm ] || skip "KVM is not loaded on this host"
	unshare -pf --mount-proc true 2>/dev/null || skip "unshare -pf --mount-proc does not work here"
}

# in_ns SCRIPT: runs SCRIPT with sh as PID 1 of a new PID namespace, with
# its own /proc; "sleep 60" started first is PID 2 there.
in_ns() {
	run --separate-stderr unshare -pf --mount-proc sh -c "sleep 60 & $1"
}

@test "-p, -t, -T of a process in the namespace: its IDs there, in the header" {
	in_ns '[ $! = 2 ] || exit 9
		"$KVMEXIT" -p 2 0 && "$KVMEXIT" -t 2 0 && "$KVMEXIT" -T 1,2 0 &&
		"$KVMEXIT" -p 2 -a 0 && "$KVMEXIT" 0'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "Display kvm exit reasons and statistics for PID 2 after sleeping 0 secs." ]
	[ "${lines[1]}" = "KVM_EXIT_REASON                     COUNT" ]
	[ "${lines[2]}" = "Display kvm exit reasons and statistics for TID 2 after sleeping 0 secs." ]
	[ "${lines[4]}" = "Display kvm exit reasons and statistics for TIDS ['1', '2'] after sleeping 0 secs." ]
	[ "${lines[6]}" = "Display kvm exit reasons and statistics for PID 2 and its all threads after sleeping 0 secs." ]
	[ "${lines[8]}" = "Display kvm exit reasons and statistics for all threads after sleeping 0 secs." ]
}

@test "kvmexittime loads with the namespace's filter too" {
	in_ns '"$KVMEXITTIME" -p 2 1 1 && "$KVMEXITTIME" -T 1,2 1 1'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "Tracing kvm exit...  Hit Ctrl-C to end." ]
	# (lines has no empty ones)
	[[ "${lines[1]}" == "Exit reason"* ]]
	[[ "${lines[2]}" == "Total "* ]]
	[[ "${lines[4]}" == "TID     "* ]]
}

@test "IDs the namespace does not have are errors, exit 2" {
	# This shell's PID exists on the host, not in the namespace (which
	# holds only PIDs 1 to 3).
	in_ns "\"\$KVMEXIT\" -p $$ 0"
	[ "$status" -eq 2 ]
	[ "${stderr##*$'\n'}" = "kvmexit: error: argument -p/--pid: no process with PID $$" ]
	in_ns "\"\$KVMEXITTIME\" -t $$ 1"
	[ "$status" -eq 2 ]
	[ "${stderr##*$'\n'}" = "kvmexittime: error: argument -t/--tid: no thread with TID $$" ]
	in_ns "\"\$KVMEXIT\" -T 2,$$ 0"
	[ "$status" -eq 2 ]
	[ "${stderr##*$'\n'}" = "kvmexit: error: argument -T/--tids: no thread with TID $$" ]
	in_ns '"$KVMEXIT" -p 2 -t 1 0'
	[ "$status" -eq 2 ]
	[ "${stderr##*$'\n'}" = "kvmexit: error: argument -t/--tid: TID 1 is not a thread of process 2" ]
}

@test "a process of a namespace nested in the caller's is refused" {
	command -v pgrep >/dev/null || skip "no pgrep"
	# unshare (PID 3) forks the nested namespace's init, a sleep.
	in_ns 'unshare -pf sleep 60 & sleep 0.5
		n=$(pgrep -P $!) || exit 9
		"$KVMEXIT" -p $n 0; echo "rc=$? n=$n" >&2'
	[ "$status" -eq 0 ]
	n=$(sed -n 's/^rc=2 n=//p' <<<"$stderr")
	[ -n "$n" ]
	[[ "$stderr" == *"kvmexit: error: argument -p/--pid: PID $n is in a PID namespace nested in this one, where the tools cannot see it: run them in that namespace or in the initial one"* ]]
}

@test "a /proc of another namespace is refused, exit 1" {
	# unshare -pf without --mount-proc: /proc is still the parent's.
	run --separate-stderr unshare -pf "$KVMEXIT" 0
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "kvmexit: /proc belongs to another PID namespace than this process (PID 1 here): mount one for this namespace (unshare --mount-proc, or mount -t proc proc /proc)" ]
}

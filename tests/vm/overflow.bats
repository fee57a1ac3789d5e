#!/usr/bin/env bats
# kernels: bullseye   (5.10 (no module BTF, old prototype) in CI; VM_MATRIX=full for all)
# More vCPU threads than kvmexit's per-thread table holds, traced
# system-wide: the exits printed plus the exits reported lost equal
# tracefs's count, exactly (issue 14).  kvmexittime with too small a table
# counts and reports what it could not time; and a thread ID reused under a
# small pid_max starts from nothing (issue 15).  VM_KERNEL picks the kernel.

bats_require_minimum_version 1.5.0
load lib

setup_file() {
	boot_scenario overflow 300
}

setup() {
	[ "$VM_RC" -ne 3 ] || skip "$(grep -m1 SKIP "$LOG")"
}

@test "$VM_KERNEL: overflow: the VM ran both cases" {
	[ "$VM_RC" -eq 0 ] || { tail -20 "$LOG"; false; }
	grep -q '^@@ done$' "$LOG"
	{ ! grep '^@@ error' "$LOG"; } || false
	grep -qx '@@ guests ok=20 of 20 results=1280' "$LOG"
}

@test "$VM_KERNEL: 1280 vCPU threads: printed + reported lost = tracefs, exactly" {
	local c="overflow kvmexit" rows printed lost total
	[ "$(part_rc "$c" kvmexit)" = 0 ]
	[ "$(part "$c" tracefs | sed -n 's/^overrun //p')" = 0 ]
	total=$(part "$c" tracefs | sed -n 's/^total //p')
	rows=$(part "$c" kvmexit | awk 'NR > 3' | wc -l)
	printed=$(part "$c" kvmexit | awk 'NR > 3 { n += $NF } END { print n + 0 }')
	# Rows for exactly the 1024 threads the table holds (each has IOIO).
	[ "$(part "$c" kvmexit | awk 'NR > 3 && $3 == "IOIO"' | wc -l)" -eq 1024 ]
	lost=$(part "$c" kvmexit-stderr |
		sed -n 's/^kvmexit: warning: \([0-9]*\) exits not counted: the per-thread table (1024 threads, as in bcc) was full: make room with --max-threads$/\1/p')
	echo "rows $rows printed $printed lost $lost tracefs $total"
	[ -n "$lost" ]
	[ $((printed + lost)) -eq "$total" ]
	# The 256 threads without a row did 10 IOIO each at least.
	[ "$lost" -ge $((256 * 10)) ]
}

@test "$VM_KERNEL: kvmexittime, room for 16 threads of 64: timed + not timed = tracefs" {
	local c="full kvmexittime" timed state stats total
	grep -qx '@@ guest rc=0 results=64' "$LOG"
	[ "$(part_rc "$c" kvmexittime)" = 0 ]
	[ "$(part "$c" tracefs | sed -n 's/^overrun //p')" = 0 ]
	total=$(part "$c" tracefs | sed -n 's/^total //p')
	timed=$(part "$c" kvmexittime | awk -F'\t' 'NR > 3 && $1 !~ /^Total/ { n += $2 } END { print n + 0 }')
	state=$(part "$c" kvmexittime-stderr |
		sed -n 's/^kvmexittime: warning: \([0-9]*\) exits not timed: the per-thread table was full: make room with --max-threads$/\1/p')
	stats=$(part "$c" kvmexittime-stderr |
		sed -n 's/^kvmexittime: warning: \([0-9]*\) exits not timed: the per-reason table was full: make room with --max-threads$/\1/p')
	echo "timed $timed state-full ${state:-0} stats-full ${stats:-0} tracefs $total"
	if grep -q 'per-thread state: task storage' <(part "$c" kvmexittime-stderr); then
		# 5.13+: the state is in each thread, no table to fill; the last
		# exit (HLT) of all 64 threads never completes.
		[ -z "$state" ]
		[ $((timed + ${stats:-0} + 64)) -eq "$total" ]
		return
	fi
	[ -n "$state" ]
	# The 48 threads without a slot did 10 IOIO each at least.
	[ "$state" -ge $((48 * 10)) ]
	# The last exit (HLT) of each of the 16 tracked threads never completes.
	[ $((timed + state + ${stats:-0} + 16)) -eq "$total" ]
}

@test "$VM_KERNEL: kvmexittime: a new thread with a dead thread's ID completes none of its exits" {
	local c="reuse kvmexittime"
	grep -qx '@@ guests ok=12' "$LOG"
	[ "$(part_rc "$c" kvmexittime)" = 0 ]
	part "$c" kvmexittime | grep -q '^IOIO'
	# 12 guests x 32 vCPUs x 2 port writes, each completed by its entry.
	[ "$(part "$c" kvmexittime | awk -F'\t' '$1 ~ /^IOIO/ { print $2 + 0 }')" -eq 768 ]
	# Every HLT ended its thread: none may be completed by another's entry.
	{ ! part "$c" kvmexittime | grep '^HLT'; } || false
}

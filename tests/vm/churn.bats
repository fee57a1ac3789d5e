#!/usr/bin/env bats
# kernels: bookworm   (user space and one BPF hook: one kernel in CI; VM_MATRIX=full for all)
# VMs that come and go (issue 15, kvmexittime's half; tests/vm/churn.sh):
# 3200 vCPU threads over the run, tables of 256, and every exit that
# completed is in a report, nothing is lost, RSS stays flat.

bats_require_minimum_version 1.5.0
load lib

C="churn auto"

setup_file() {
	boot_scenario churn 400
}

setup() {
	[ "$VM_RC" -ne 3 ] || skip "$(grep -m1 SKIP "$LOG")"
	command -v jq >/dev/null || skip "jq is not installed (make deps)"
}

@test "$VM_KERNEL: churn: 100 guests of 32 vCPUs came and went" {
	[ "$VM_RC" -eq 0 ] || { tail -20 "$LOG"; false; }
	grep -q '^@@ done$' "$LOG"
	{ ! grep '^@@ error' "$LOG"; } || false
	grep -q '^guests ok=100 of 100 ' "$LOG"
	[ "$(part_rc "$C" kvmexittime)" = 0 ]
}

@test "$VM_KERNEL: churn: the reports add up to tracefs's count, exactly" {
	local sum total hlt dropped
	sum=$(part "$C" kvmexittime | jq -s '[.[].rows[].count] | add')
	total=$(part "$C" tracefs | sed -n 's/^total //p')
	hlt=$(part "$C" tracefs | awk '$1 == 120 { print $2 }')
	dropped=$(part "$C" tracefs | sed -n 's/^dropped //p')
	echo "kvmexittime $sum tracefs $total hlt $hlt (hist dropped ${dropped:-0})"
	# Every vCPU thread ends in its HLT, which no entry completes.
	[ "$hlt" -eq 3200 ]
	[ "$sum" -ge $((total - hlt)) ]
	[ "$sum" -le $((total - hlt + ${dropped:-0})) ]
	[ "$(part "$C" kvmexittime | jq -s '[.[].rows[] | select(.reason == "IOIO") | .count] | add')" -eq 9600 ]
}

@test "$VM_KERNEL: churn: tables of 256 threads never filled: nothing lost" {
	[ "$(part "$C" kvmexittime | jq -s '[.[].events | .state_full + .stats_full + .hist_full + .unpaired_exit] | add')" -eq 0 ]
	{ ! part "$C" kvmexittime-stderr | grep -q warning; } || false
}

@test "$VM_KERNEL: churn: RSS stays flat, first vs last sample within 10 %" {
	local first last
	first=$(sed -n 's/^rss 10 //p' "$LOG")
	last=$(sed -n 's/^rss 100 //p' "$LOG")
	echo "RSS after 10 guests $first kB, after 100 $last kB"
	[ -n "$first" ] && [ -n "$last" ]
	[ "$last" -le $((first * 11 / 10)) ]
}

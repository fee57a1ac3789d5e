#!/usr/bin/env bats
# kernels: bookworm   (user space and one BPF hook: one kernel in CI; VM_MATRIX=full for all)
# VMs that come and go (issue 15; tests/vm/churn.sh): 3200 vCPU threads
# over the run, tables of 256 (1024, and 4096 threads but 6553
# (thread, reason) pairs, for the one-report runs, which harvest every 10 s), and for
# kvmexittime in interval mode, kvmexit in periodic mode, with
# --prometheus and with one report: every exit is in a report, nothing is
# lost, Prometheus counters never go down, RSS stays flat.

bats_require_minimum_version 1.5.0
load lib

C="churn auto"

setup_file() {
	boot_scenario churn 600
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
	[ "$(part_rc "$C" kvmexit-json)" = 0 ]
	[ "$(part_rc "$C" kvmexit-prom)" = 0 ]
	[ "$(part_rc "$C" kvmexit-once)" = 0 ]
	[ "$(part_rc "$C" kvmexittime-once)" = 0 ]
}

@test "$VM_KERNEL: churn: kvmexit -i 1 --json: the reports add up to tracefs's count" {
	sum_is_tracefs "$C" "$(part "$C" kvmexit-json | jq -s '[.[].rows[].count] | add')"
	[ "$(part "$C" kvmexit-json | jq -s '[.[].rows[] | select(.reason == "IOIO") | .count] | add')" -eq 9600 ]
	[ "$(part "$C" kvmexit-json | jq -s '[.[].losses | .threads_full + .rare_full + .undecoded] | add')" -eq 0 ]
	[ -z "$(part "$C" kvmexit-json-stderr)" ]
}

@test "$VM_KERNEL: churn: kvmexit with one report at the end counts them all" {
	sum_is_tracefs "$C" "$(part "$C" kvmexit-once | awk '$1 ~ /^[0-9]+$/ { n += $NF } END { print n + 0 }')"
	[ -z "$(part "$C" kvmexit-once-stderr)" ]
}

# Each series' values in the order written; the last is its final one.
prom_series() {
	part "$C" kvmexit-prom | awk '
		/^@@@$/ { v++; next }
		/^kvm_exits_total\{/ { print $1, v, $2 }'
}

@test "$VM_KERNEL: churn: kvmexit --prometheus: counters never go down, and add up" {
	local versions down
	versions=$(part "$C" kvmexit-prom | grep -c '^@@@$')
	echo "$versions versions of the file"
	[ "$versions" -ge 20 ]
	down=$(prom_series | awk '{ if ($1 in last && $3 < last[$1]) print; last[$1] = $3 }')
	echo "went down: ${down:-none}"
	[ -z "$down" ]
	sum_is_tracefs "$C" "$(prom_series | awk '{ last[$1] = $3 } END { for (s in last) n += last[s]; print n + 0 }')"
	# 100 VMs came and went: their series ended five files after them.
	[ "$(part "$C" kvmexit-prom | awk '/^@@@$/ { n = 0; next } /^kvm_exits_total\{/ { n++ } END { print n + 0 }')" -eq 0 ]
	[ -z "$(part "$C" kvmexit-prom-stderr)" ]
}

@test "$VM_KERNEL: churn: the reports add up to tracefs's count, exactly" {
	local hlt
	# Every vCPU thread ends in its HLT, which no entry completes.
	hlt=$(part "$C" tracefs | awk '$1 == 120 { print $2 }')
	[ "$hlt" -eq 3200 ]
	sum_is_tracefs "$C" "$(part "$C" kvmexittime | jq -s '[.[].rows[].count] | add')" "$hlt"
	[ "$(part "$C" kvmexittime | jq -s '[.[].rows[] | select(.reason == "IOIO") | .count] | add')" -eq 9600 ]
}

@test "$VM_KERNEL: churn: kvmexittime with one summary at the end has every completed exit" {
	sum_is_tracefs "$C" "$(part "$C" kvmexittime-once | jq -s '[.[].rows[].count] | add')" \
		"$(part "$C" tracefs | awk '$1 == 120 { print $2 }')"
	[ "$(part "$C" kvmexittime-once | jq -s '[.[].events | .state_full + .stats_full + .hist_full + .unpaired_exit] | add')" -eq 0 ]
	{ ! part "$C" kvmexittime-once-stderr | grep -q warning; } || false
}

@test "$VM_KERNEL: churn: tables of 256 threads never filled: nothing lost" {
	[ "$(part "$C" kvmexittime | jq -s '[.[].events | .state_full + .stats_full + .hist_full + .unpaired_exit] | add')" -eq 0 ]
	{ ! part "$C" kvmexittime-stderr | grep -q warning; } || false
}

@test "$VM_KERNEL: churn: RSS stays flat, first vs last sample within 10 %" {
	local tool first last
	# kvmexit-once is left out: its one report lists every thread the run
	# saw, so it keeps their rows (24 bytes each per reason) until then.
	for tool in kvmexittime kvmexit-json kvmexit-prom; do
		first=$(awk -v t=$tool '$1 == "rss" && $2 == 10 { for (i = 3; i < NF; i++) if ($i == t) print $(i + 1) }' "$LOG")
		last=$(awk -v t=$tool '$1 == "rss" && $2 == 100 { for (i = 3; i < NF; i++) if ($i == t) print $(i + 1) }' "$LOG")
		echo "$tool: RSS after 10 guests $first kB, after 100 $last kB"
		[ -n "$first" ] && [ -n "$last" ]
		[ "$last" -le $((first * 11 / 10)) ]
	done
}

#!/usr/bin/env bats
# kernels: bookworm   (user space only: one kernel in CI)
# Periodic reports (issue 11, tests/vm/periodic.sh): "kvmexit -i 1 -c 8"
# and "kvmexittime 1 8" give 8 reports whose windows follow one another
# and whose counts add up to one report over the whole run, exactly.

bats_require_minimum_version 1.5.0
load lib

N=8
C="periodic auto"

setup_file() {
	boot_scenario periodic 180
}

setup() {
	[ "$VM_RC" -ne 3 ] || skip "$(grep -m1 SKIP "$LOG")"
	command -v jq >/dev/null || skip "jq is not installed (make deps)"
}

@test "$VM_KERNEL: periodic: the guest ran inside the reports" {
	[ "$VM_RC" -eq 0 ] || { tail -20 "$LOG"; false; }
	grep -q '^@@ done$' "$LOG"
	{ ! grep '^@@ error' "$LOG"; } || false
	[ "$(part "$C" guest | grep -c 'result=OK')" -eq 2 ]
	# It took less than the N seconds the reports cover.
	[ "$(sed -n 's/^@@ guest rc=0 after \([0-9]*\) s$/\1/p' "$LOG")" -lt $((N - 1)) ]
}

@test "$VM_KERNEL: periodic: N reports, valid, numbered, windows end to end" {
	local tool j
	for tool in kvmexit kvmexittime; do
		[ "$(part_rc "$C" periodic-$tool)" = 0 ]
		j=$BATS_TEST_TMPDIR/$tool
		part "$C" periodic-$tool >"$j"
		[ "$(wc -l <"$j")" -eq "$N" ]
		run tests/lib/check-json "$j"
		[ "$status" -ne 77 ] || skip "$output"
		[ "$status" -eq 0 ] || { echo "$output"; false; }
		[ "$(jq -r .report "$j" | tr '\n' ' ')" = "$(seq -s ' ' "$N") " ]
		# Each window starts where the previous one ended, about 1 s long.
		jq -s -e '. as $r | [range(1; length) | $r[.].window.start == $r[. - 1].window.end] | all' "$j"
		jq -s -e '[.[] | .window.seconds > 0.9 and .window.seconds < 1.5] | all' "$j"
	done
}

@test "$VM_KERNEL: periodic: kvmexit's reports add up to the whole run's" {
	local sum whole
	sum=$(part "$C" periodic-kvmexit | jq -r '.rows[] | "\(.reason) \(.count)"' | collapse_names)
	whole=$(part "$C" kvmexit | awk 'NR > 3 { print $1, $2 }' | collapse_names)
	[ -n "$whole" ]
	[ "$sum" = "$whole" ] || { echo "sum:"; echo "$sum"; echo "whole:"; echo "$whole"; false; }
	grep -qx 'IOIO 600' <<<"$sum"
}

@test "$VM_KERNEL: periodic: kvmexittime's reports add up to the whole run's" {
	local sum whole
	sum=$(part "$C" periodic-kvmexittime | jq -r '.rows[] | "\(.reason) \(.count)"' | collapse_names)
	whole=$(part "$C" kvmexittime | awk -F'\t' 'NR > 3 && $1 !~ /^Total/ { gsub(/ +$/, "", $1); gsub(/ +$/, "", $2); print $1, $2 }' | collapse_names)
	[ -n "$whole" ]
	[ "$sum" = "$whole" ] || { echo "sum:"; echo "$sum"; echo "whole:"; echo "$whole"; false; }
	grep -qx 'IOIO 600' <<<"$sum"
}

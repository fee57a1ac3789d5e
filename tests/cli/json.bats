#!/usr/bin/env bats
# Periodic reports, --json and --prometheus on the command line (issue
# 11); real rows are checked in the nested VM (tests/vm/periodic.bats,
# e2e.bats, prom.bats).

load helpers

@test "-i and -c: kvmexit's only, checked, not with duration" {
	usage_error kvmexit -i 0
	[ "$last" = "kvmexit: error: argument -i/--interval: must be at least 1: '0'" ]
	usage_error kvmexit -c 2
	[ "$last" = "kvmexit: error: argument -c/--count: needs -i/--interval" ]
	usage_error kvmexit -i 1 -c 0
	[ "$last" = "kvmexit: error: argument -c/--count: must be at least 1: '0'" ]
	usage_error kvmexit -i 1 5
	[ "$last" = "kvmexit: error: argument -i/--interval: not allowed with argument duration" ]
	usage_error kvmexittime -i 1
	[ "$last" = "kvmexittime: error: unrecognized arguments: -i" ]
	usage_error kvmexit --prometheus
	[ "$last" = "kvmexit: error: argument --prometheus: expected one argument" ]
}

@test "--json: one valid object per report and nothing else on stdout" {
	need_tracing
	run --separate-stderr "$KVMEXIT" --json -i 1 -c 2
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	printf '%s\n' "${lines[@]}" >"$BATS_TEST_TMPDIR/k"
	run --separate-stderr "$KVMEXITTIME" --json --stats --hist 1 2
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	printf '%s\n' "${lines[@]}" >>"$BATS_TEST_TMPDIR/k"
	run tests/lib/check-json "$BATS_TEST_TMPDIR/k"
	[ "$status" -ne 77 ] || skip "$output"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	command -v jq >/dev/null || skip "jq is not installed (make deps)"
	[ "$(jq -r '"\(.tool) \(.report)"' "$BATS_TEST_TMPDIR/k" | tr '\n' ,)" = "kvmexit 1,kvmexit 2,kvmexittime 1,kvmexittime 2," ]
}

@test "--prometheus: a file at once, atomically replaced; a bad path is one line, exit 1" {
	need_tracing
	local f=$BATS_TEST_TMPDIR/k.prom
	run --separate-stderr "$KVMEXIT" --prometheus "$f" -i 1 -c 1
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	grep -qx '# TYPE kvm_exits_total counter' "$f"
	# No temporary file is left beside it.
	[ "$(ls "$BATS_TEST_TMPDIR" | grep -c 'k\.prom')" -eq 1 ]
	if command -v promtool >/dev/null; then
		promtool check metrics <"$f"
	fi
	run --separate-stderr "$KVMEXITTIME" --prometheus "$BATS_TEST_TMPDIR/no/such/dir/k.prom" 1
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "kvmexittime: --prometheus '$BATS_TEST_TMPDIR/no/such/dir/k.prom': cannot create a file beside it: No such file or directory" ]]
}

#!/usr/bin/env bats
# kernels: bookworm   (one kernel in CI; VM_MATRIX=full for all)
# A real guest started inside a PID namespace (tests/vm/pidns.sh): kvmexit
# and kvmexittime run from inside the namespace with its IDs count what the
# same tools count from outside with global IDs, and what tracefs counts.
# VM_KERNEL picks the Debian kernel (bullseye, bookworm, trixie, sid).

bats_require_minimum_version 1.5.0
load lib

IO=200			# port writes per vCPU (tests/vm/pidns.sh)
IO_DELAY_NS=1000000	# the VMM sleeps 1 ms on each
C="ns auto"		# the one case pidns.sh prints

setup_file() {
	boot_scenario pidns 120
}

setup() {
	[ "$VM_RC" -ne 3 ] || skip "$(grep -m1 SKIP "$LOG")"
}

# The ids section: "nspid=", "global=", "task=" lines.
ids() {
	awk '/^@@ ids/ { on = 1; next } /^@@ / { on = 0 } on' "$LOG"
}

# rank TID TID...: "TID vcpuN" for the given threads, in TID order: the
# vCPU threads were created in order, so their IDs rise alike in both
# namespaces.
rank() {
	printf '%s\n' "$@" | sort -n | awk '{ print $1, "vcpu" NR - 1 }'
}

# rows PART MAP: the -a rows "vcpuN NAME count" of kvmexit's part, with the
# TIDs renamed by MAP ("TID vcpuN" lines).
rows() {
	part "$C" "$1" | awk -v map="$2" '
		BEGIN { n = split(map, m, "\n"); for (i = 1; i <= n; i++) {
			split(m[i], f, " "); name[f[1]] = f[2] } }
		NR > 3 { print (($1 in name) ? name[$1] : "tid" $1), $2, $3 }' | sort
}

@test "$VM_KERNEL: the VM ran the namespace case" {
	[ "$VM_RC" -eq 0 ] || { tail -20 "$LOG"; false; }
	grep -q '^@@ done$' "$LOG"
	{ ! grep '^@@ error' "$LOG"; } || false
	[ "$(part_rc "$C" guest)" = 0 ]
	[ "$(part "$C" guest | grep -c 'result=OK')" -eq 2 ]
}

@test "$VM_KERNEL: the guest has other IDs in its namespace" {
	local nspid global
	nspid=$(ids | sed -n 's/^nspid=//p')
	global=$(ids | sed -n 's/^global=//p')
	[ "$nspid" = "$(guest_field "$C" pid)" ]
	[ -n "$global" ] && [ "$global" != "$nspid" ]
	ids | grep -qx "NSpid:[[:space:]]*$global[[:space:]]*$nspid"
}

@test "$VM_KERNEL: kvmexit -p -a inside shows the namespace's IDs, counts as outside" {
	local nspid global v0 v1 g0 g1 in out
	nspid=$(ids | sed -n 's/^nspid=//p')
	global=$(ids | sed -n 's/^global=//p')
	v0=$(guest_field "$C" vcpu0)
	v1=$(guest_field "$C" vcpu1)
	[ "$(part_rc "$C" inside)" = 0 ]
	[ "$(part_rc "$C" outside)" = 0 ]
	[ "$(part "$C" inside | head -1)" = "Display kvm exit reasons and statistics for PID $nspid and its all threads... Hit Ctrl-C to end." ]
	[ "$(part "$C" outside | head -1)" = "Display kvm exit reasons and statistics for PID $global and its all threads... Hit Ctrl-C to end." ]
	# The rows inside name the vCPU threads by the IDs the guest printed
	# (gettid() in the namespace); outside by their global TIDs.
	in=$(rows inside "$(rank "$v0" "$v1")")
	[ -n "$in" ]
	! grep -q '^tid' <<<"$in" || { echo "$in"; false; }
	# Global vCPU TIDs: the guest's threads but its main one.
	read -r g0 g1 < <(ids | sed -n 's/^task=//p' | grep -vx "$global" | sort -n | head -2 | xargs)
	out=$(rows outside "$(rank "$g0" "$g1")")
	if [ "$in" != "$out" ]; then
		echo "inside:"; echo "$in"; echo "outside:"; echo "$out"
		false
	fi
	# The deterministic exits are exact: per vCPU 200 IOIO, 7 CPUID,
	# 3 RDMSR + 3 WRMSR, 2 VMMCALL, 1 HLT.
	local r got
	got=$(collapse <<<"$in")
	for r in "IOIO $((IO * 2))" "CPUID 14" "MSR 12" "VMMCALL 4" "HLT 2"; do
		grep -qx "$r" <<<"$got" || { echo "want $r in: $got"; false; }
	done
	[ -z "$(part "$C" inside-stderr)" ]
}

@test "$VM_KERNEL: tracefs counts what kvmexit counts, per thread" {
	local global g0 g1 want got
	global=$(ids | sed -n 's/^global=//p')
	read -r g0 g1 < <(ids | sed -n 's/^task=//p' | grep -vx "$global" | sort -n | head -2 | xargs)
	[ "$(part "$C" tracefs | sed -n 's/^lost //p')" = 0 ]
	want=$(part "$C" tracefs | awk -v a="$g0" -v b="$g1" '$1 == a || $1 == b' | sort)
	got=$(part "$C" outside | awk 'NR > 3 { n[$1] += $3 } END { for (t in n) print t, n[t] }' | sort)
	[ -n "$want" ]
	[ "$got" = "$want" ] || { echo "kvmexit:"; echo "$got"; echo "tracefs:"; echo "$want"; false; }
}

# kvmexittime's "NAME count" rows of a part, Total left out.
time_counts() {
	part "$C" "$1" | awk -F'\t' 'NR > 3 {
		for (i = 1; i <= NF; i++) gsub(/ +$/, "", $i)
		if ($1 != "Total") print $1, $2 }' | sort
}

@test "$VM_KERNEL: kvmexittime inside counts as outside, and sees the sleeps" {
	local in out e2e sched
	[ "$(part_rc "$C" insidetime)" = 0 ]
	[ "$(part_rc "$C" outsidetime)" = 0 ]
	in=$(time_counts insidetime)
	out=$(time_counts outsidetime)
	[ -n "$in" ]
	[ "$in" = "$out" ] || { echo "inside:"; echo "$in"; echo "outside:"; echo "$out"; false; }
	grep -qx "IOIO $((IO * 2))" <<<"$in"
	# Its per-thread state is keyed by global TIDs, as sched_switch sees
	# them: the 1 ms sleeps show as Sched-out time from inside too.
	read -r e2e sched < <(part "$C" insidetime | awk -F'\t' '
		{ for (i = 1; i <= NF; i++) gsub(/ +$/, "", $i) }
		$1 == "IOIO" { print $3, $4 }')
	[ "$e2e" -ge $((IO * 2 * IO_DELAY_NS)) ]
	[ "$sched" -ge $((IO * 2 * IO_DELAY_NS * 9 / 10)) ] ||
		{ echo "Sched-out $sched < 90 % of $((IO * 2)) ms"; false; }
	# Nothing on stderr but what 7.x may do to sched_switch (e2e.bats).
	[ -z "$(part "$C" insidetime-stderr | grep -v ': the kernel skipped sched_switch_')" ]
}

@test "$VM_KERNEL: system-wide inside shows the namespace's threads only" {
	local nspid v0 v1 all in other
	nspid=$(ids | sed -n 's/^nspid=//p')
	v0=$(guest_field "$C" vcpu0)
	v1=$(guest_field "$C" vcpu1)
	# The guest outside ran while the tools inside were attached.
	[ "$(part_rc "$C" other)" = 0 ]
	other=$(part "$C" other | sed -n 's/^vcpu0=//p')
	[ -n "$other" ]
	[ "$(part_rc "$C" insideall)" = 0 ]
	[ "$(part "$C" insideall | sed -n 3p)" = "PID      TID      KVM_EXIT_REASON                     COUNT" ]
	all=$(part "$C" insideall | awk 'NR > 3')
	[ -n "$all" ]
	# Every row is the namespace guest's, under its IDs there...
	! awk -v p="$nspid" '$1 != p' <<<"$all" | grep . || { echo "$all"; false; }
	# ...and they are the -p -a rows, all of them.
	in=$(part "$C" inside | awk 'NR > 3 { print $1, $2, $3 }' | sort)
	[ "$(awk '{ print $2, $3, $4 }' <<<"$all" | sort)" = "$in" ]
	grep -qw -e "$v0" -e "$v1" <<<"$all"
}

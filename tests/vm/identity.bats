#!/usr/bin/env bats
# kernels: bookworm   (user space only: one kernel in CI)
# VM identity on real guests (tests/vm/identity.sh): --vm NAME traces what
# -p PID traces; -n names the VM and the vCPUs (QEMU and Firecracker thread
# names), and a hostile name prints escaped and aligned.
# VM_KERNEL picks the Debian kernel (bullseye, bookworm, trixie, sid).

bats_require_minimum_version 1.5.0
load lib

setup_file() {
	boot_scenario identity 180
}

setup() {
	[ "$VM_RC" -ne 3 ] || skip "$(grep -m1 SKIP "$LOG")"
}

# cells VM VCPU: the columns -n puts before kvmexit's own.
cells() {
	printf '%-24s %-5s ' "$1" "$2"
}

# vcpu_of CASE TID: the index kvmguest gave that thread, or "-".
vcpu_of() {
	part "id $1" guest | sed -n "s/^vcpu\([0-9]*\)=$2\$/\1/p" | grep . || echo -
}

# expect_named CASE NAMED PLAIN VM: NAMED's lines are PLAIN's with the VM
# and VCPU cells of each row's TID before them (the columns: VM and VCPU).
expect_named() {
	local c=$1 named=$2 plain=$3 vm=$4 line tid n=0
	while IFS= read -r line; do
		n=$((n + 1))
		if [ $n -le 2 ]; then
			echo "$line"	# the header, the newline after ^C
		elif [ $n -eq 3 ]; then
			echo "$(cells VM VCPU)$line"
		else
			tid=${line%% *}
			echo "$(cells "$vm" "$(vcpu_of "$c" "$tid")")$line"
		fi
	done < <(part "id $c" "$plain")
}

@test "$VM_KERNEL: the VM ran every identity case" {
	[ "$VM_RC" -eq 0 ] || { tail -20 "$LOG"; false; }
	grep -q '^@@ done$' "$LOG"
	{ ! grep '^@@ error' "$LOG"; } || false
	for c in qemu fc hostile; do
		[ "$(part_rc "id $c" guest)" = 0 ]
		[ "$(part "id $c" guest | grep -c 'result=OK')" -eq 2 ]
	done
}

@test "$VM_KERNEL: kvmexit --vm NAME -a prints what -p PID -a prints" {
	[ "$(part "id qemu" p | wc -l)" -ge 4 ]
	diff <(part "id qemu" p) <(part "id qemu" vm)
	[ -z "$(part "id qemu" vm-stderr)" ]
}

@test "$VM_KERNEL: kvmexittime --vm NAME counts what -p PID counts" {
	local counts='BEGIN { FS = "\t" } { print $1, $2 }'
	[ "$(part "id qemu" tp | wc -l)" -ge 4 ]
	diff <(part "id qemu" tp | awk "$counts") <(part "id qemu" tvm | awk "$counts")
}

@test "$VM_KERNEL: kvmexit -n: VM and VCPU columns from QEMU's names" {
	diff <(expect_named qemu n p web1) <(part "id qemu" n)
	# Both vCPUs are there, named.
	[ "$(part "id qemu" n | awk '$1 == "web1" && ($2 == 0 || $2 == 1) { print $2 }' | sort -u | wc -l)" -eq 2 ]
}

@test "$VM_KERNEL: kvmexit -n names the VM in a collapsed view's header" {
	local pid
	pid=$(guest_field "id qemu" pid)
	[ "$(part "id qemu" nv | head -1)" = "Display kvm exit reasons and statistics for PID $pid VCPU 1 (VM web1 VCPU 1)... Hit Ctrl-C to end." ]
	[ "$(part "id qemu" nv | sed -n 3p)" = "$(printf '%-35s %s' KVM_EXIT_REASON COUNT)" ]
}

@test "$VM_KERNEL: system-wide kvmexit -n names the guest's rows" {
	local pid t0 t1
	pid=$(guest_field "id qemu" pid)
	t0=$(guest_field "id qemu" vcpu0)
	t1=$(guest_field "id qemu" vcpu1)
	[ "$(part "id qemu" nall | sed -n 3p)" = "$(cells VM VCPU)PID      TID      KVM_EXIT_REASON                     COUNT" ]
	part "id qemu" nall | awk -v p="$pid" -v t="$t0" '$1 == "web1" && $2 == 0 && $3 == p && $4 == t { f = 1 } END { exit !f }'
	part "id qemu" nall | awk -v p="$pid" -v t="$t1" '$1 == "web1" && $2 == 1 && $3 == p && $4 == t { f = 1 } END { exit !f }'
}

@test "$VM_KERNEL: kvmexittime -n: VM and VCPU columns per thread, the VM in a collapsed view" {
	local t0 t1
	t0=$(guest_field "id qemu" vcpu0)
	t1=$(guest_field "id qemu" vcpu1)
	part "id qemu" tn | awk -F'\t' 'NR == 3 { exit !($1 ~ /^VM +$/ && $2 == "VCPU " && $3 ~ /^TID/) }'
	part "id qemu" tn | awk -F'\t' -v t="$t0" '$1 ~ /^web1 +$/ && $2 == "0    " && $3 + 0 == t { f = 1 } END { exit !f }'
	part "id qemu" tn | awk -F'\t' -v t="$t1" '$1 ~ /^web1 +$/ && $2 == "1    " && $3 + 0 == t { f = 1 } END { exit !f }'
	[ "$(part "id qemu" tnv | sed -n 2p)" = "VM web1 VCPU 0" ]
}

@test "$VM_KERNEL: Firecracker: --id names the VM, fc_vcpu N the vCPUs" {
	local t0 t1
	t0=$(guest_field "id fc" vcpu0)
	t1=$(guest_field "id fc" vcpu1)
	part "id fc" fn | awk -v t="$t0" '$1 == "fc1" && $2 == 0 && $3 == t { f = 1 } END { exit !f }'
	part "id fc" fn | awk -v t="$t1" '$1 == "fc1" && $2 == 1 && $3 == t { f = 1 } END { exit !f }'
	# kvmexittime -n system-wide: rows per thread, named.
	part "id fc" ftn | awk -F'\t' -v t="$t1" '$1 ~ /^fc1 +$/ && $2 == "1    " && $3 + 0 == t { f = 1 } END { exit !f }'
}

@test "$VM_KERNEL: a hostile VM name prints escaped and aligned" {
	local evil='evil vm %d\n\x1b[2J,x'
	# No raw ESC and no extra line anywhere in the tools' output.
	{ ! part "id hostile" hn | grep -q $'\e'; } || false
	[ "$(part "id hostile" hn | wc -l)" -eq "$(part "id hostile" hp | wc -l)" ]
	diff <(expect_named hostile hn hp "$evil") <(part "id hostile" hn)
	# --vm finds it by its real name.
	diff <(part "id hostile" hp) <(part "id hostile" hvm)
	{ ! part "id hostile" htn | grep -q $'\e'; } || false
	# ENVIRON: awk -v would undo the escapes.
	part "id hostile" htn | E="$(printf '%-24s' "$evil")" awk -F'\t' '$1 == ENVIRON["E"] { f = 1 } END { exit !f }'
}

@test "$VM_KERNEL: --vm with two VMs of the name: exit 2, both PIDs named" {
	local pids a b
	pids=$(part "id twin" "" | sed -n 's/^pids=//p')
	read -r a b <<<"$(printf '%s\n' $pids | sort -n | tr '\n' ' ')"
	[ "$(part_rc "id twin" twin)" = 2 ]
	[ "$(part "id twin" twin | tail -1)" = "kvmexit: error: argument --vm: 2 VMs are named 'twin' (PIDs $a, $b): use -p" ]
}

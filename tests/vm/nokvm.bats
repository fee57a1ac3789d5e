#!/usr/bin/env bats
# In a VM where KVM is not loaded, both tools say so in one line and exit 1.

bats_require_minimum_version 1.5.0

@test "without KVM: one line saying what to do, exit 1" {
	run tests/vm/run --kernel "${VM_KERNEL:-bookworm}" --no-kvm -- \
		'kvmexit 1; echo "kvmexit rc=$?"; kvmexittime 1; echo "kvmexittime rc=$?"'
	[ "$status" -ne 3 ] || skip "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"kvmexit: KVM is not loaded, so there are no kvm tracepoints: run 'modprobe kvm_intel' or 'modprobe kvm_amd'"*"kvmexit rc=1"* ]]
	[[ "$output" == *"kvmexittime: KVM is not loaded"*"kvmexittime rc=1"* ]]
}

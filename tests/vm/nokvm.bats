#!/usr/bin/env bats
# The VM without KVM or without SVM, and its exit status.

bats_require_minimum_version 1.5.0

@test "without KVM: one line saying what to do, exit 1" {
	run tests/vm/run --kernel "${VM_KERNEL:-bookworm}" --no-kvm -- \
		'kvmexit 1; echo "kvmexit rc=$?"; kvmexittime 1; echo "kvmexittime rc=$?"'
	[ "$status" -ne 3 ] || skip "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"kvmexit: KVM is not loaded, so there are no kvm tracepoints: run 'modprobe kvm_intel' or 'modprobe kvm_amd'"*"kvmexit rc=1"* ]]
	[[ "$output" == *"kvmexittime: KVM is not loaded"*"kvmexittime rc=1"* ]]
}

@test "tests/vm/run passes the command's exit status through" {
	run tests/vm/run --kernel "${VM_KERNEL:-bookworm}" -- 'echo hello; exit 7'
	[ "$status" -ne 3 ] || skip "$output"
	[ "$status" -eq 7 ]
	[ "$output" = "hello" ]
}

@test "tests/vm/run fails loudly, in one line, without SVM" {
	run --separate-stderr env VM_QEMU_ARGS="-cpu qemu64,-svm" \
		tests/vm/run --kernel "${VM_KERNEL:-bookworm}" -- true
	[ "$status" -ne 3 ] || skip "$stderr"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "tests/vm/run: "*svm* ]]
}

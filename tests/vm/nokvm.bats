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

@test "tests/vm/run builds the static binaries it puts into the VM" {
	rm -f "${OUTPUT:-.output}/static/kvmexit"
	run tests/vm/run --kernel "${VM_KERNEL:-bookworm}" -- 'kvmexit --version'
	[ "$status" -ne 3 ] || skip "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "kvmexit "* ]]
	[ -x "${OUTPUT:-.output}/static/kvmexit" ]
}

@test "tests/vm/run refuses in one line when the build fails" {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "make: *** broken" >&2\nexit 2\n' >"$BATS_TEST_TMPDIR/bin/make"
	chmod +x "$BATS_TEST_TMPDIR/bin/make"
	run --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin:$PATH" \
		tests/vm/run --kernel "${VM_KERNEL:-bookworm}" -- true
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "tests/vm/run: cannot build the static binaries for the VM (make static): see "* ]]
}

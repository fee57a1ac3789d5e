# Vendor-struct test: kvm_exit_vcpu's CO-RE reads of vcpu_vmx / vcpu_svm,
# relocated against real Debian 6.1, 6.12 and 7.2 kvm_intel/kvm_amd BTF and
# run on fake vendor structs in kernel memory.  Included by tests/tests.mk.
#
#   make check-bpf-vendor   run it (root; SKIP otherwise)
#   make btf-fixtures       regenerate tests/bpf/btf/*.btf from the Debian
#                           kernels (downloads them on first use; run it
#                           whenever the BPF objects' CO-RE accesses change)

OUTPUT ?= .output
VENDOR_BTF_DIR ?= tests/bpf/btf
VENDOR_BTF_FIXTURES ?= $(wildcard $(VENDOR_BTF_DIR)/*.btf)
VENDOR_SUITES ?= bookworm trixie sid
VENDOR_BPF_OBJ ?= $(OUTPUT)/kvmexit.bpf.o
VENDOR_TIME_OBJ ?= $(OUTPUT)/kvmexittime.bpf.o
VENDOR_FIXTURE_OBJ ?= $(OUTPUT)/tests/vendor_fixture.bpf.o
VENDOR_TEST_CFLAGS ?= $(CFLAGS) -Wno-unused-function

.PHONY: check-bpf-vendor btf-fixtures

$(VENDOR_FIXTURE_OBJ): tests/bpf/vendor_fixture.bpf.c | $(OUTPUT)/tests
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUTPUT)/tests/vendor_test: tests/bpf/vendor_test.c tests/bpf/vendor_fake.c tests/bpf/vendor_fake.h tests/lib/tap.h \
		$(COMMON_OBJS) $(wildcard bpf/*.h) | $(OUTPUT)/tests
	$(CC) $(CPPFLAGS) $(VENDOR_TEST_CFLAGS) $< tests/bpf/vendor_fake.c $(COMMON_OBJS) \
		$(LIBBPF_LIBS) -o $@

$(OUTPUT)/tests/btfmerge: tests/bpf/btfmerge.c | $(OUTPUT)/tests
	$(CC) $(CFLAGS) $< $(LIBBPF_LIBS) -o $@

check-bpf-vendor: $(OUTPUT)/tests/vendor_test $(VENDOR_BPF_OBJ) $(VENDOR_TIME_OBJ) $(VENDOR_FIXTURE_OBJ)
	tests/run-test $(OUTPUT)/tests/vendor_test $(VENDOR_BPF_OBJ) $(VENDOR_TIME_OBJ) \
		$(VENDOR_FIXTURE_OBJ) $(VENDOR_BTF_FIXTURES)

btf-fixtures: $(OUTPUT)/tests/btfmerge $(VENDOR_BPF_OBJ) $(VENDOR_TIME_OBJ) $(VENDOR_FIXTURE_OBJ)
	OUTPUT=$(OUTPUT) BTFMERGE=$(OUTPUT)/tests/btfmerge BPFTOOL=$(BPFTOOL) \
	FIXTURE_DIR=$(VENDOR_BTF_DIR) \
	OBJS="$(VENDOR_BPF_OBJ) $(VENDOR_TIME_OBJ) $(VENDOR_FIXTURE_OBJ)" \
		tests/bpf/gen-btf-fixtures $(VENDOR_SUITES)

# Test targets; included by the top-level Makefile.
TEST_CFLAGS = $(CFLAGS) -Wno-unused-function

check: check-unit check-cli check-dist check-bpf check-asan check-fuzz check-vm

# The BPF tests load and read through the tools' own code, *_maps.o included.
$(OUTPUT)/tests/count_test: tests/bpf/count_test.c tests/lib/tap.h $(OUTPUT)/common/kvmexit_maps.o $(COMMON_OBJS) | $(OUTPUT)/tests
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -pthread $< $(OUTPUT)/common/kvmexit_maps.o $(COMMON_OBJS) $(LIBBPF_LIBS) -o $@

$(OUTPUT)/tests/time_test: tests/bpf/time_test.c tests/lib/tap.h $(OUTPUT)/common/kvmexittime_maps.o $(COMMON_OBJS) | $(OUTPUT)/tests
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -pthread $< $(OUTPUT)/common/kvmexittime_maps.o $(COMMON_OBJS) $(LIBBPF_LIBS) -o $@

$(OUTPUT)/tests/detail_test: tests/bpf/detail_test.c tests/lib/tap.h $(OUTPUT)/common/kvmexit_maps.o $(OUTPUT)/common/kvmexittime_maps.o $(COMMON_OBJS) | $(OUTPUT)/tests
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -pthread $< $(OUTPUT)/common/kvmexit_maps.o $(OUTPUT)/common/kvmexittime_maps.o $(COMMON_OBJS) $(LIBBPF_LIBS) -o $@

$(OUTPUT)/tests/mkbtf: tests/bpf/mkbtf.c | $(OUTPUT)/tests
	$(CC) $(CFLAGS) $< $(LIBBPF_LIBS) -o $@

check-bpf: $(OUTPUT)/tests/count_test $(OUTPUT)/tests/time_test $(OUTPUT)/tests/detail_test \
		$(OUTPUT)/tests/mkbtf \
		kvmexit kvmexittime check-bpf-vendor
	tests/run-test $(OUTPUT)/tests/count_test
	tests/run-test $(OUTPUT)/tests/time_test
	tests/run-test $(OUTPUT)/tests/detail_test
	bats tests/bpf

UNIT_TESTS := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/%,$(wildcard tests/unit/*.c))

$(OUTPUT)/tests/test_%: tests/unit/test_%.c tests/lib/tap.h tests/lib/files.h $(COMMON_OBJS) | $(OUTPUT)/tests
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) $< $(COMMON_OBJS) $(LIBBPF_LIBS) -o $@

check-unit: $(UNIT_TESTS)
	@set -e; for t in $^; do echo "# $$t"; $$t; done

check-cli: kvmexit kvmexittime
	bats tests/cli

include tests/bpf/vendor.mk
include tests/fuzz/fuzz.mk
include tests/asan.mk

# Man pages without groff warnings; install/uninstall into a scratch DESTDIR;
# the .deb and the .rpm.
check-dist: $(TOOLS)
	tests/dist/check-man man/*.8
	tests/dist/check-install
	tests/dist/check-deb
	tests/dist/check-rpm

# End to end in the nested VM (tests/vm/README.md); static binaries, since
# the VM has no shared libraries.
check-vm: $(addprefix $(OUTPUT)/static/,$(TOOLS)) $(OUTPUT)/kvmguest
	tests/vm/check-vm

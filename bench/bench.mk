# make bench: numbers, not pass/fail (bench/bench.c).  make bench-vm: the
# classic tracepoints and the kernel's statistics in the nested VM.
BENCH_SRCS := $(filter-out %.bpf.c bench/emptyload.c,$(wildcard bench/*.c))
BENCH_FIXTURE := $(OUTPUT)/tests/vendor_fixture.bpf.o
BENCH_BTFS := $(wildcard tests/bpf/btf/*.btf)

$(OUTPUT)/empty.bpf.o: bench/empty.bpf.c | $(OUTPUT)/common
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@.full
	$(BPFTOOL) gen object $@ $@.full

$(OUTPUT)/bench: $(BENCH_SRCS) bench/bench.h \
		tests/bpf/vendor_fake.c $(OUTPUT)/empty.skel.h \
		$(OUTPUT)/common/kvmexit_maps.o $(OUTPUT)/common/kvmexittime_maps.o \
		$(COMMON_OBJS) | $(OUTPUT)/tests
	$(CC) $(CPPFLAGS) -Itests/bpf $(CFLAGS) -pthread \
		$(filter %.c %.o,$^) $(LIBBPF_LIBS) -o $@

bench: $(OUTPUT)/bench $(BENCH_FIXTURE) $(TOOLS)
	$(OUTPUT)/bench $(BENCH_FIXTURE) $(BENCH_BTFS)
	@echo "# classic kvm_exit/kvm_entry tracepoints: make bench-vm (nested VM)"
.PHONY: bench bench-vm

# The empty programs' loader for the nested VM: static, like the tools there.
$(OUTPUT)/static/bench-empty: bench/emptyload.c $(OUTPUT)/empty.skel.h \
		$(OUTPUT)/kvmexit.skel.h $(OUTPUT)/kvmexittime.skel.h | $(OUTPUT)/static
	$(CC) $(CPPFLAGS) $(CFLAGS) -static $< $(STATIC_LIBS) -o $@

bench-vm: $(addprefix $(OUTPUT)/static/,$(TOOLS) bench-empty) $(OUTPUT)/kvmguest
	bench/vm-bench

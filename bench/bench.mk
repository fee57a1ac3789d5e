# make bench: numbers, not pass/fail (see bench/bench.c).
$(OUTPUT)/bench: bench/bench.c $(OUTPUT)/kvmexit.skel.h $(OUTPUT)/kvmexittime.skel.h $(COMMON_OBJS) | $(OUTPUT)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(COMMON_OBJS) $(LIBBPF_LIBS) -o $@

bench: $(OUTPUT)/bench $(TOOLS)
	$(OUTPUT)/bench
	bench/startup
.PHONY: bench

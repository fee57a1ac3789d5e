# libFuzzer harnesses; included by tests/tests.mk.  Each tests/fuzz/fuzz_<name>.c
# is built with clang's fuzzer, ASan and UBSan into $(OUTPUT)/fuzz/fuzz_<name>,
# linked with the common objects built the same way, and seeded from
# tests/fuzz/corpus/<name>/.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_FLAGS=-runs=1000000]
#                     run each harness, one after the other
#   make check-fuzz   each for FUZZ_CHECK_SECONDS, as make check does
#
# New inputs go to a fresh $(OUTPUT)/fuzz/work/<name>/, never into the
# committed corpus; a crash, leak or UB stops the run and leaves the input
# as $(OUTPUT)/fuzz/<name>-crash-*.

FUZZ_CC ?= clang
# clang, unlike gcc, flags positional struct initializers that leave the
# trailing fields to zero; the project's compiler is gcc.
FUZZ_CFLAGS ?= -O1 -g -fno-omit-frame-pointer \
	-Wno-error=missing-field-initializers
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 10
FUZZ_FLAGS ?=
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_DIR := $(OUTPUT)/fuzz

.PHONY: fuzz fuzz-build check-fuzz

# A make of its own with OUTPUT=$(FUZZ_DIR), so the common objects get the
# fuzzer's coverage hooks without touching the normal build.
fuzz-build:
	$(MAKE) --no-print-directory OUTPUT=$(FUZZ_DIR) CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_CFLAGS) $(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link" \
		$(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_NAMES))

# Only matches inside that make, where $(OUTPUT) is the fuzz directory.
$(OUTPUT)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(COMMON_OBJS)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) -fsanitize=fuzzer $< \
		$(COMMON_OBJS) $(LIBBPF_LIBS) -o $@

# $(1): how long, as libFuzzer options.  Every harness runs, even after one
# failed, so that one run tells all that is wrong.
FUZZ_RUN = failed=; for n in $(FUZZ_NAMES); do \
		echo "== fuzz_$$n $(1) $(FUZZ_FLAGS)"; \
		work=$(FUZZ_DIR)/work/$$n; rm -rf $$work; mkdir -p $$work; \
		seeds=tests/fuzz/corpus/$$n; [ -d $$seeds ] || seeds=; \
		$(FUZZ_DIR)/fuzz_$$n $(1) $(FUZZ_FLAGS) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/$$n- $$work $$seeds || \
			failed="$$failed fuzz_$$n"; \
	done; \
	[ -z "$$failed" ] || { echo "FAILED:$$failed (inputs: $(FUZZ_DIR)/*-crash-*)"; exit 1; }

fuzz: fuzz-build
	@$(call FUZZ_RUN,-max_total_time=$(FUZZ_SECONDS))

check-fuzz: fuzz-build
	@$(call FUZZ_RUN,-max_total_time=$(FUZZ_CHECK_SECONDS))

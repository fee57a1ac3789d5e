# The unit, CLI and BPF suites against an ASan and UBSan build; included by
# tests/tests.mk.
#
#   make check-asan   (the BPF parts need root, and SKIP without it)
#
# The suites run unchanged, by their own targets, in a shadow of the source
# tree under $(OUTPUT)/asan/tree: links to the sources, and its own .output
# and ./kvmexit ./kvmexittime.  So every test finds the sanitized binaries
# where it looks for the tools, and the normal build is left alone.

ASAN_TREE := $(OUTPUT)/asan/tree
ASAN_CFLAGS ?= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer
ASAN_LDFLAGS ?= -fsanitize=address,undefined
ASAN_SUITES ?= check-unit check-cli check-bpf
# UBSan only reports by default; make each finding fail its test.  -k:
# one failing suite does not hide what the others find.
# KVMEXIT_SANITIZED tells a test that the runtime itself needs what it takes
# away (ASan and LeakSanitizer read /proc/self/maps and /proc/PID/task), so
# that it can SKIP.
ASAN_ENV := UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	ASAN_OPTIONS=detect_leaks=1 KVMEXIT_SANITIZED=1

.PHONY: check-asan

check-asan:
	@mkdir -p $(ASAN_TREE)
	@find $(ASAN_TREE) -maxdepth 1 -type l -delete
	@for f in $(CURDIR)/*; do \
		case " $(TOOLS) " in *" $${f##*/} "*) continue;; esac; \
		ln -s $$f $(ASAN_TREE)/; \
	done
	$(ASAN_ENV) $(MAKE) -k --no-print-directory -C $(ASAN_TREE) OUTPUT=.output \
		CFLAGS="$(ASAN_CFLAGS)" LDFLAGS="$(ASAN_LDFLAGS)" $(ASAN_SUITES)

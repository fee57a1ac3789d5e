# SPDX-License-Identifier: GPL-2.0
# kvmexit and kvmexittime: build, test, install.  Artifacts go to .output/.

OUTPUT ?= .output
CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool
ARCH_INCLUDE := /usr/include/$(shell $(CC) -print-multiarch 2>/dev/null)

CFLAGS ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE
override CPPFLAGS += -I$(OUTPUT) -Icommon -Ibpf -Icompat
# The version is set in one place: the top entry of debian/changelog (braces:
# make would count the parentheses in the sed expression).
VERSION := ${shell sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog}
LIBBPF_LIBS := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz) -ljansson
# Debian's static libelf needs zstd's symbols too.
STATIC_LIBS := -lbpf -lelf -lz -lzstd -ljansson

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
	-I$(ARCH_INCLUDE) -Ibpf -Icompat

TOOLS := kvmexit kvmexittime
# common/TOOL_maps.c embed their tool's BPF object: linked into that tool only.
COMMON_SRCS := $(filter-out common/%_maps.c,$(wildcard common/*.c)) $(wildcard compat/*.c)
COMMON_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(COMMON_SRCS))
BPF_HDRS := $(wildcard bpf/*.h) $(wildcard compat/*.h)


.PHONY: all static clean distclean check check-unit check-cli check-bpf check-vm \
	check-dist install uninstall

all: $(TOOLS) $(OUTPUT)/kvmguest

$(OUTPUT)/common $(OUTPUT)/compat $(OUTPUT)/tools $(OUTPUT)/static $(OUTPUT)/tests:
	@mkdir -p $@

# BPF objects: DWARF is stripped (bpftool gen object keeps .BTF), which
# keeps the embedded object and so the binaries small.
$(OUTPUT)/%.bpf.o: bpf/%.bpf.c $(BPF_HDRS) | $(OUTPUT)/common
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@.full
	$(BPFTOOL) gen object $@ $@.full

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@

$(OUTPUT)/common/%.o: common/%.c $(wildcard common/*.h bpf/*.h compat/*.h) | $(OUTPUT)/common
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# A static pattern rule: a plain pattern rule without a recipe would not add
# the prerequisite, and make -j would compile these before their skeleton.
$(patsubst %,$(OUTPUT)/common/%_maps.o,$(TOOLS)): $(OUTPUT)/common/%_maps.o: $(OUTPUT)/%.skel.h

$(OUTPUT)/common/cli.o: override CPPFLAGS += -DKVMEXIT_VERSION='"$(VERSION)"'
$(OUTPUT)/common/cli.o: debian/changelog

$(OUTPUT)/compat/%.o: compat/%.c $(wildcard compat/*.h) | $(OUTPUT)/compat
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(OUTPUT)/tools/%.o: tools/%.c $(OUTPUT)/%.skel.h $(wildcard common/*.h) | $(OUTPUT)/tools
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(TOOLS): %: $(OUTPUT)/tools/%.o $(OUTPUT)/common/%_maps.o $(COMMON_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIBBPF_LIBS) -o $@

# Fully static binaries, for hosts without libbpf and for the nested VM.
$(OUTPUT)/static/%: $(OUTPUT)/tools/%.o $(OUTPUT)/common/%_maps.o $(COMMON_OBJS) | $(OUTPUT)/static
	$(CC) $(CFLAGS) $(LDFLAGS) -static $^ $(STATIC_LIBS) -o $@

static: $(addprefix $(OUTPUT)/static/,$(TOOLS))
	cp $^ .

# Keep the BPF objects and skeletons make would otherwise delete.
.SECONDARY:

# Keeps $(OUTPUT)/vm, the downloaded Debian kernels; distclean drops it too.
clean:
	rm -f $(TOOLS)
	[ ! -d $(OUTPUT) ] || find $(OUTPUT) -mindepth 1 -maxdepth 1 ! -name vm -exec rm -rf {} +

distclean:
	rm -rf $(OUTPUT) $(TOOLS)

# Distro-style install; PREFIX, DESTDIR, SBINDIR, MANDIR, BASHCOMPDIR and
# SYSTEMDUNITDIR are honoured.  The systemd unit is installed, not enabled.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system

install: $(TOOLS)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(TOOLS) $(DESTDIR)$(SBINDIR)/
	for t in $(TOOLS); do \
		sed 's/@VERSION@/$(VERSION)/' man/$$t.8 > $(DESTDIR)$(MANDIR)/man8/$$t.8 && \
		chmod 644 $(DESTDIR)$(MANDIR)/man8/$$t.8; \
	done
	install -m 644 tools/completion.bash $(DESTDIR)$(BASHCOMPDIR)/kvmexit
	ln -sf kvmexit $(DESTDIR)$(BASHCOMPDIR)/kvmexittime
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|' tools/kvmexit-prometheus.service \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/kvmexit-prometheus.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/kvmexit-prometheus.service

uninstall:
	for t in $(TOOLS); do \
		rm -f $(DESTDIR)$(SBINDIR)/$$t $(DESTDIR)$(MANDIR)/man8/$$t.8 \
			$(DESTDIR)$(BASHCOMPDIR)/$$t; \
	done
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/kvmexit-prometheus.service

include tests/tests.mk
-include tests/vm/vm.mk

# Debian 12 packages for building, testing and the nested-KVM suite.
DEPS := make gcc pkg-config clang llvm libbpf-dev bpftool libelf-dev \
	zlib1g-dev libzstd-dev bats qemu-system-x86 busybox-static cpio kmod \
	xz-utils zstd groff-base util-linux libcap2-bin jq dpkg-dev debhelper lintian fakeroot \
	rpm rpmlint elfutils strace libjansson-dev python3-jsonschema \
	prometheus prometheus-node-exporter curl systemd
deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o DPkg::Lock::Timeout=600 $(DEPS)
.PHONY: deps

# The main job: kvmexit and kvmexittime on this host's KVM guests, or, when
# it runs none, on a guest in the nested demo VM.
demo: $(addprefix $(OUTPUT)/static/,$(TOOLS)) $(OUTPUT)/kvmguest
	VM_FILES=tests/vm/demo.sh tests/vm/run --smp 1 -- demo.sh

run: $(TOOLS)
	@if ls -l /proc/[0-9]*/fd 2>/dev/null | grep -q 'anon_inode:kvm-vm'; then \
		echo "== KVM guests on this host: ./kvmexit 5, then ./kvmexittime 5"; \
		./kvmexit 5 && ./kvmexittime 5; \
	else \
		echo "== no KVM guests on this host: make demo (nested VM)"; \
		$(MAKE) --no-print-directory demo; \
	fi
.PHONY: demo run
-include bench/bench.mk
-include rpm/rpm.mk

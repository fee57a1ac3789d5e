# Nested-KVM test VM (see tests/vm/README.md).  Included by the main Makefile.
#
#   make .output/kvmguest      static /dev/kvm guest with exact, known VM exits
#   make vm-smoke              boot each kernel in VM_SMOKE_KERNELS under QEMU
#                              TCG, count kvm_exit there and check the counts
#
# The first vm-smoke downloads the Debian kernels (50-125 MB each) through a
# private apt state under .output/vm/; later runs take about 6-9 s per kernel.

OUTPUT ?= .output
VM_CC ?= gcc
VM_SMOKE_KERNELS ?= bookworm bullseye trixie sid
KVMGUEST_CFLAGS ?= -std=gnu11 -O2 -Wall -Wextra -Werror

$(OUTPUT)/kvmguest: tests/vm/kvmguest.c
	@mkdir -p $(@D)
	$(VM_CC) $(KVMGUEST_CFLAGS) -static -pthread -o $@ $<

# Runs inside the VM.  Counts kvm_exit per SVM exit code with a hist trigger,
# or, where the kernel has none (5.10), with one filtered tracefs instance per
# code, around one kvmguest run with 2 vCPUs, and checks the exact counts.
# Interrupt (0x60) and NPF (0x400) exits vary from run to run: not checked.
define VM_SMOKE_SH
#!/bin/sh
T=/sys/kernel/tracing
E=$$T/events/kvm/kvm_exit
want="7b:2000 72:14 7c:12 81:4 78:2"
if grep -qw hist $$E/trigger; then
	mode=hist
	echo 'hist:keys=exit_reason.hex:vals=hitcount:sort=exit_reason' >$$E/trigger
	echo 1 >$$E/enable
else
	mode=filter
	for w in $$want; do
		i=$$T/instances/c$${w%%:*}
		mkdir $$i
		echo "exit_reason == $$((0x$${w%%:*}))" >$$i/events/kvm/kvm_exit/filter
		echo 1 >$$i/events/kvm/kvm_exit/enable
	done
fi
kvmguest --vcpus 2 --io 1000 --cpuid 7 --msr 3 --hypercall 2 || { echo "smoke: kvmguest failed"; exit 1; }
count() {
	if [ $$mode = hist ]; then
		awk -v k="$$1" '$$1 == "{" && $$3 == k { print $$6 }' $$E/hist
	else
		grep -c ' kvm_exit: ' $$T/instances/c$$1/trace
	fi
}
rc=0
line="smoke: $$(uname -r) mode=$$mode"
for w in $$want; do
	c=$${w%%:*}
	n=$$(count $$c)
	line="$$line 0x$$c=$${n:-0}"
	[ "$${n:-0}" = "$${w#*:}" ] || rc=1
done
echo "$$line"
[ $$rc = 0 ] && echo "smoke: PASS" || echo "smoke: FAIL (want $$want)"
exit $$rc
endef

$(OUTPUT)/vm/smoke.sh: tests/vm/vm.mk
	@mkdir -p $(@D)
	$(file >$@,$(VM_SMOKE_SH))
	@chmod +x $@

.PHONY: vm-smoke
vm-smoke: $(OUTPUT)/kvmguest $(OUTPUT)/vm/smoke.sh
	@set -e; for k in $(VM_SMOKE_KERNELS); do \
		echo "== vm-smoke: $$k"; \
		OUTPUT=$(OUTPUT) VM_FILES="$(OUTPUT)/vm/smoke.sh" tests/vm/run --kernel $$k -- smoke.sh; \
	done
	@echo "== vm-smoke: exit status is passed through"; \
	rc=0; OUTPUT=$(OUTPUT) tests/vm/run -- 'exit 7' || rc=$$?; \
	test $$rc = 7 || { echo "vm-smoke: exit 7 came back as $$rc"; exit 1; }
	@echo "== vm-smoke: --no-kvm"; \
	OUTPUT=$(OUTPUT) tests/vm/run --no-kvm -- 'test ! -e /dev/kvm && ! lsmod | grep -q kvm && { kvmguest; test $$? = 1; }'
	@echo "vm-smoke: PASS"

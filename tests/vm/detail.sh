#!/bin/sh
# Runs inside the nested VM (tests/vm/run): --detail of both tools, with
# each attach path, on a guest with known port accesses and MSR accesses.
# Prints marked sections; tests/vm/detail.bats checks them.
echo "@@ kernel $(uname -r) btf=$(ls /sys/kernel/btf | tr '\n' ' ')"

. /bin/vmlib.sh

# run_case MODE ATTACH PORT SIZE MSR: one guest run traced by both tools.
run_case() {
	mode=$1
	attach=$2
	echo "@@ case $mode $attach"
	rm -f /tmp/guest
	kvmguest --vcpus 2 --io 40 --io-in 25 --io-port "$3" --io-size "$4" \
		--msr 6 --msr-index "$5" --cpuid 3 --io-delay-us 500 \
		--start-delay-ms 1000 >/tmp/guest 2>&1 &
	g=$!
	wait_line '^vcpu1=' /tmp/guest || echo "@@ error guest did not start"
	# Hold the guest until both tools are attached.
	kill -STOP $g
	case $mode in
	p) args="-p $g" ;;
	pa) args="-p $g -a" ;;
	esac
	rm -f /tmp/ke /tmp/kt
	# shellcheck disable=SC2086
	kvmexit -d --detail --attach=$attach $args >/tmp/ke 2>/tmp/ke.err &
	ke=$!
	# shellcheck disable=SC2086
	kvmexittime -d --detail --attach=$attach $args >/tmp/kt 2>/tmp/kt.err &
	kt=$!
	wait_line 'Hit Ctrl-C' /tmp/ke || echo "@@ error kvmexit did not start"
	wait_line 'Hit Ctrl-C' /tmp/kt || echo "@@ error kvmexittime did not start"
	kill -CONT $g
	wait $g
	grc=$?
	kill -INT $ke
	kill -INT $kt
	wait $ke
	kerc=$?
	wait $kt
	ktrc=$?
	echo "@@ guest rc=$grc"
	cat /tmp/guest
	echo "@@ kvmexit rc=$kerc"
	cat /tmp/ke
	echo "@@ kvmexit-stderr"
	cat /tmp/ke.err
	echo "@@ kvmexittime rc=$ktrc"
	cat /tmp/kt
	echo "@@ kvmexittime-stderr"
	cat /tmp/kt.err
	echo "@@ end"
}

# The -a cases read and write TSC_AUX instead of MISC_ENABLE, so that a
# second MSR (and its name) is checked: KVM intercepts and emulates both
# on SVM and VMX, and writing back the value just read changes nothing.
# The guest may touch TSC_AUX only if its CPUID has RDTSCP (else #GP, and
# with no IDT a triple fault).  kvmguest gives it KVM_GET_SUPPORTED_CPUID,
# which on SVM (this nested VM, QEMU -cpu max) has RDTSCP whenever the L1
# CPU does; without it, MISC_ENABLE again.
pa_msr=0x1a0
grep -qw rdtscp /proc/cpuinfo && pa_msr=0xc0000103
echo "@@ pa-msr $pa_msr"
for attach in raw tracepoint; do
	run_case p $attach 0x80 2 0x1a0
	run_case pa $attach 0x70 4 $pa_msr
done
echo "@@ done"

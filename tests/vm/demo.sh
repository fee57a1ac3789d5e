#!/bin/sh
# make demo, inside the nested VM: a 2-vCPU guest doing port I/O (its VMM
# sleeps 200 us on each), CPUID, MSR accesses and hypercalls, watched by
# kvmexit and kvmexittime in several modes.
WORKLOAD="--vcpus 2 --io 2000 --cpuid 7 --msr 3 --hypercall 2 --io-delay-us 200"

# show CMD...: runs the tools given (each "tool args") on one guest run.
show() {
	# The shell truncates the file in the child: a stale one could be read.
	rm -f /tmp/guest
	kvmguest $WORKLOAD --start-delay-ms 1000 -name guest=demo >/tmp/guest 2>&1 &
	g=$!
	i=0
	until grep -q '^vcpu1=' /tmp/guest 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 400 ] || { cat /tmp/guest; echo "demo: the guest did not start"; exit 1; }
		sleep 0.05
	done
	kill -STOP $g
	v0=$(sed -n 's/^vcpu0=//p' /tmp/guest)
	v1=$(sed -n 's/^vcpu1=//p' /tmp/guest)
	i=0
	for cmd in "$@"; do
		cmd=$(echo "$cmd" | sed "s/PID/$g/; s/VCPU0/$v0/; s/VCPU1/$v1/")
		$cmd >/tmp/out$i 2>&1 &
		i=$((i + 1))
	done
	sleep 1.5	# the tools attach while the guest is held
	kill -CONT $g
	wait
	i=0
	for cmd in "$@"; do
		cmd=$(echo "$cmd" | sed "s/PID/$g/; s/VCPU0/$v0/; s/VCPU1/$v1/")
		echo "# $cmd"
		cat /tmp/out$i
		echo
		i=$((i + 1))
	done
}

echo "== Nested VM: $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "== guest: kvmguest $WORKLOAD"
echo
show "kvmexit 4" "kvmexittime -p PID 4"
show "kvmexit -p PID 4" "kvmexit -p PID -a 4" "kvmexit -p PID -v 1 4"
show "kvmexit -T VCPU0,VCPU1 4" "kvmexittime -p PID -a 4"
# Past bcc and SysAK: VM names and vCPU indexes, exit details, latency
# distributions with the run-queue/sleep split, and JSON for machines.
show "kvmexit --vm demo -a -n 4" "kvmexit --vm demo --detail 4" \
	"kvmexittime --vm demo --stats --hist=IOIO --units us 4"
show "kvmexit --vm demo -i 2 -c 2 --json"

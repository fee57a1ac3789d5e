#!/bin/sh
# Runs inside the nested VM (tests/vm/run): every filter mode of kvmexit and
# kvmexittime, with each attach path, on a real 2-vCPU guest run that
# tracefs counts too.  Prints marked sections; tests/vm/e2e.bats checks them.
T=/sys/kernel/tracing
E=$T/events/kvm/kvm_exit
# The guest: per vCPU 200 port writes (the VMM sleeps 1 ms on each), 7 CPUIDs,
# 3 RDMSR+WRMSR pairs, 2 VMMCALLs, then HLT.
WORKLOAD="--vcpus 2 --io 200 --cpuid 7 --msr 3 --hypercall 2 --io-delay-us 1000"
# Without hist triggers (5.10): one filtered tracefs instance per SVM code.
CODES="96 100 114 119 120 123 124 129 1024"

if grep -qw hist $E/trigger; then TF=hist; else TF=filter; fi
echo "@@ kernel $(uname -r) tracefs=$TF btf=$(ls /sys/kernel/btf | tr '\n' ' ')"

. /bin/vmlib.sh

# Until process $1 holds $2 attachments (a bpf_link fd per raw tracepoint,
HIST='hist:keys=common_pid,exit_reason:vals=hitcount:sort=common_pid,exit_reason'

tf_start() {
	if [ $TF = hist ]; then
		echo "$HIST" >$E/trigger
		echo 1 >$E/enable
		return
	fi
	for c in $CODES all; do
		d=$T/instances/c$c
		mkdir $d
		echo 4096 >$d/buffer_size_kb
		[ $c = all ] || echo "exit_reason == $c" >$d/events/kvm/kvm_exit/filter
		echo 1 >$d/events/kvm/kvm_exit/enable
	done
}

# Prints "tid code count" per thread and exit code, then "total N".
tf_dump() {
	if [ $TF = hist ]; then
		echo 0 >$E/enable
		sed -n 's/^{ common_pid: *\([0-9]*\), exit_reason: *\([0-9]*\) } hitcount: *\([0-9]*\)$/\1 \2 \3/p' $E/hist
		echo "total $(sed -n 's/^ *Hits: *//p' $E/hist)"
		echo "!$HIST" >$E/trigger
		return
	fi
	for c in $CODES all; do
		d=$T/instances/c$c
		echo 0 >$d/events/kvm/kvm_exit/enable
		# "  CPU 0/KVM-124   [000] .... 5.6: kvm_exit: ..." -> 124
		if [ $c = all ]; then
			echo "total $(grep -c ' kvm_exit: ' $d/trace)"
		else
			grep ' kvm_exit: ' $d/trace |
				sed 's/^ *\(.*\)-\([0-9]*\) *\[.*/\2/' | sort | uniq -c |
				while read -r n tid; do echo "$tid $c $n"; done
		fi
		rmdir $d
	done
}

# run_case MODE ATTACH: one guest run traced by both tools and tracefs.
run_case() {
	mode=$1
	attach=$2
	echo "@@ case $mode $attach"
	tf_start
	# The shell truncates the file in the child: a stale one could be read.
	rm -f /tmp/guest
	kvmguest $WORKLOAD --start-delay-ms 1000 >/tmp/guest 2>&1 &
	g=$!
	wait_line '^vcpu1=' /tmp/guest || echo "@@ error guest did not start"
	# Hold the guest until both tools are attached.
	kill -STOP $g
	v0=$(sed -n 's/^vcpu0=//p' /tmp/guest)
	v1=$(sed -n 's/^vcpu1=//p' /tmp/guest)
	case $mode in
	all) args= ;;
	p) args="-p $g" ;;
	pa) args="-p $g -a" ;;
	pv) args="-p $g -v 1" ;;
	t) args="-t $v0" ;;
	T) args="-T $v0,$v1" ;;
	esac
	rm -f /tmp/ke /tmp/kt
	# shellcheck disable=SC2086
	kvmexit -d --attach=$attach $args >/tmp/ke 2>/tmp/ke.err &
	ke=$!
	# shellcheck disable=SC2086
	kvmexittime -d --attach=$attach $args >/tmp/kt 2>/tmp/kt.err &
	kt=$!
	# The same run as JSON, to check against the schema and the text.
	# shellcheck disable=SC2086
	kvmexit --json --attach=$attach $args >/tmp/kej 2>&1 &
	kej=$!
	# shellcheck disable=SC2086
	kvmexittime --json --stats --attach=$attach $args >/tmp/ktj 2>&1 &
	ktj=$!
	wait_line 'Hit Ctrl-C' /tmp/ke || echo "@@ error kvmexit did not start"
	wait_line 'Hit Ctrl-C' /tmp/kt || echo "@@ error kvmexittime did not start"
	# --json prints nothing until its report: wait for its programs.
	wait_attached $kej 1 || echo "@@ error kvmexit --json did not start"
	wait_attached $ktj 3 || echo "@@ error kvmexittime --json did not start"
	kill -CONT $g
	wait $g
	grc=$?
	# SIGINT for one tool, SIGTERM for the other: both must print.
	kill -INT $ke $kej
	kill -TERM $kt $ktj
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
	wait $kej
	echo "@@ kvmexit-json rc=$?"
	cat /tmp/kej
	wait $ktj
	echo "@@ kvmexittime-json rc=$?"
	cat /tmp/ktj
	echo "@@ tracefs"
	tf_dump
	echo "@@ end"
}

for attach in raw tracepoint; do
	for mode in all p pa pv t T; do
		run_case $mode $attach
	done
done
echo "@@ done"

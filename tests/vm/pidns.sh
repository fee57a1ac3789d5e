#!/bin/sh
# Runs inside the nested VM (tests/vm/run): a 2-vCPU guest started inside a
# PID namespace (busybox unshare -pf --mount-proc, as in a container), traced
# on one run by kvmexit -p -a and kvmexittime -p from inside the namespace
# (its IDs) and from outside (global IDs), and counted by tracefs per global
# TID.  A system-wide kvmexit inside must see only the namespace's guest,
# not a second guest run outside meanwhile.  Prints marked sections;
# tests/vm/pidns.bats checks them.
I=/sys/kernel/tracing/instances/pidns
# Per vCPU 200 port writes (the VMM sleeps 1 ms on each), 7 CPUIDs, 3
# RDMSR+WRMSR pairs, 2 VMMCALLs, then HLT.
WORKLOAD="--vcpus 2 --io 200 --cpuid 7 --msr 3 --hypercall 2 --io-delay-us 1000"

. /bin/vmlib.sh

# The namespace's side: PID 1 is this script again.
if [ "$1" = inside ]; then
	# shellcheck disable=SC2086
	kvmguest $WORKLOAD --start-delay-ms 1000 >/tmp/guest 2>&1 &
	g=$!
	wait_line '^vcpu1=' /tmp/guest || echo "@@ error guest did not start"
	kill -STOP $g
	echo $g >/tmp/nspid
	kvmexit -p $g -a >/tmp/in 2>/tmp/in.err &
	ke=$!
	kvmexittime -p $g >/tmp/int 2>/tmp/int.err &
	kt=$!
	kvmexit >/tmp/inall 2>&1 &
	ka=$!
	wait_line 'Hit Ctrl-C' /tmp/inall || echo "@@ error system-wide kvmexit did not start inside"
	wait_line 'Hit Ctrl-C' /tmp/in || echo "@@ error kvmexit did not start inside"
	wait_line 'Hit Ctrl-C' /tmp/int || echo "@@ error kvmexittime did not start inside"
	echo ready >/tmp/ready
	# The outside tools attach, then say go.
	wait_line go /tmp/go || echo "@@ error no go from outside"
	kill -CONT $g
	wait $g
	echo $? >/tmp/grc
	kill -INT $ke $kt $ka
	wait $ke
	echo $? >/tmp/inrc
	wait $ka
	echo $? >/tmp/inallrc
	wait $kt
	echo $? >/tmp/intrc
	exit 0
fi

echo "@@ kernel $(uname -r)"
echo "@@ case ns auto"
rm -f /tmp/guest /tmp/other /tmp/nspid /tmp/ready /tmp/go /tmp/grc /tmp/in* /tmp/out*
mkdir $I
echo 4096 >$I/buffer_size_kb
echo 1 >$I/events/kvm/kvm_exit/enable
unshare -pf --mount-proc "$0" inside &
ns=$!
wait_line ready /tmp/ready || echo "@@ error the namespace side did not get ready"
nspid=$(cat /tmp/nspid)
# The guest's global PID: the one kvmguest process, whose NSpid ends in nspid.
g=
for d in /proc/[0-9]*; do
	[ "$(cat "$d/comm" 2>/dev/null)" = kvmguest ] && g=${d#/proc/}
done
echo "@@ ids"
echo "nspid=$nspid"
echo "global=$g"
grep '^NSpid:' "/proc/$g/status"
ls "/proc/$g/task" | sed 's/^/task=/'
kvmexit -p "$g" -a >/tmp/out 2>/tmp/out.err &
ke=$!
kvmexittime -p "$g" >/tmp/outt 2>/tmp/outt.err &
kt=$!
wait_line 'Hit Ctrl-C' /tmp/out || echo "@@ error kvmexit did not start outside"
wait_line 'Hit Ctrl-C' /tmp/outt || echo "@@ error kvmexittime did not start outside"
# A guest outside the namespace, while the tools inside are attached.
kvmguest --vcpus 1 --io 50 >/tmp/other 2>&1
echo "@@ other rc=$?"
cat /tmp/other
echo go >/tmp/go
wait $ns
kill -INT $ke $kt
wait $ke
kerc=$?
wait $kt
ktrc=$?
echo 0 >$I/events/kvm/kvm_exit/enable
echo "@@ guest rc=$(cat /tmp/grc)"
cat /tmp/guest
echo "@@ inside rc=$(cat /tmp/inrc)"
cat /tmp/in
echo "@@ inside-stderr"
cat /tmp/in.err
echo "@@ insideall rc=$(cat /tmp/inallrc)"
cat /tmp/inall
echo "@@ insidetime rc=$(cat /tmp/intrc)"
cat /tmp/int
echo "@@ insidetime-stderr"
cat /tmp/int.err
echo "@@ outside rc=$kerc"
cat /tmp/out
echo "@@ outside-stderr"
cat /tmp/out.err
echo "@@ outsidetime rc=$ktrc"
cat /tmp/outt
echo "@@ outsidetime-stderr"
cat /tmp/outt.err
# "  CPU 0/KVM-124   [000] .... 5.6: kvm_exit: ..." -> "124 count"
echo "@@ tracefs"
grep ' kvm_exit: ' $I/trace | sed 's/^ *\(.*\)-\([0-9]*\) *\[.*/\2/' | sort | uniq -c |
	while read -r n tid; do echo "$tid $n"; done
echo "lost $(grep -c LOST $I/trace)"
rmdir $I
echo "@@ done"

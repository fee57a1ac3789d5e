#!/bin/sh
# Runs inside the nested VM (tests/vm/run): more vCPU threads than kvmexit's
# per-thread table holds (20 guests x 64 vCPUs = 1280 > 1024), traced
# system-wide by kvmexit, and kvmexittime with too small a table.
# tests/vm/overflow.bats checks that the exits printed plus those reported
# lost equal tracefs's count, and that kvmexittime's counters reach the user.
T=/sys/kernel/tracing
E=$T/events/kvm/kvm_exit
GUESTS=20
VCPUS=64

. /bin/vmlib.sh

# tracefs's total kvm_exit count (a whole-buffer instance: 5.10 has no hist).
tf_start() {
	mkdir $T/instances/all
	echo 16384 >$T/instances/all/buffer_size_kb
	echo 1 >$T/instances/all/events/kvm/kvm_exit/enable
}
tf_total() {
	d=$T/instances/all
	echo 0 >$d/events/kvm/kvm_exit/enable
	echo "total $(grep -c ' kvm_exit: ' $d/trace)"
	# An overrun ring buffer would undercount: say so.
	echo "overrun $(cat $d/per_cpu/cpu*/stats | sed -n "s/^overrun: *//p" | awk "{ n += \$1 } END { print n + 0 }")"
	rmdir $d
}

echo "@@ case overflow kvmexit"
tf_start
rm -f /tmp/ke /tmp/ke.err
kvmexit -d >/tmp/ke 2>/tmp/ke.err &
ke=$!
wait_line 'Hit Ctrl-C' /tmp/ke || echo "@@ error kvmexit did not start"
pids=
i=0
while [ $i -lt $GUESTS ]; do
	kvmguest --vcpus $VCPUS --io 10 --cpuid 1 >/tmp/g$i 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
ok=0
for p in $pids; do
	wait "$p" && ok=$((ok + 1))
done
kill -INT $ke
wait $ke
kerc=$?
echo "@@ guests ok=$ok of $GUESTS results=$(cat /tmp/g* | grep -c 'result=OK')"
echo "@@ kvmexit rc=$kerc"
cat /tmp/ke
echo "@@ kvmexit-stderr"
cat /tmp/ke.err
echo "@@ tracefs"
tf_total
rm -f /tmp/g*

# kvmexittime with room for 16 threads, on a guest of 64 vCPUs: the exits of
# the other threads are counted as not timed, and said so.
echo "@@ case full kvmexittime"
tf_start
rm -f /tmp/kt /tmp/kt.err
kvmexittime -d --max-threads 16 >/tmp/kt 2>/tmp/kt.err &
kt=$!
wait_line 'Hit Ctrl-C' /tmp/kt || echo "@@ error kvmexittime did not start"
# The vCPU threads stay after their HLT until kvmexittime has reported, so
# that exactly the 16 in the table have an exit in progress.
rm -f /tmp/g
kvmguest --vcpus $VCPUS --io 10 --cpuid 1 --linger-ms 3000 >/tmp/g 2>&1 &
g=$!
wait_line '^halted' /tmp/g || echo "@@ error guest did not halt"
kill -INT $kt
wait $kt
ktrc=$?
wait $g
echo "@@ guest rc=$? results=$(grep -c 'result=OK' /tmp/g)"
echo "@@ kvmexittime rc=$ktrc"
cat /tmp/kt
echo "@@ kvmexittime-stderr"
cat /tmp/kt.err
echo "@@ tracefs"
tf_total

# Thread IDs wrap quickly under a small pid_max: each vCPU thread ends in
# its last exit (HLT), and its ID goes to a new vCPU thread, whose first
# event is a kvm_entry.  That entry must not complete the dead thread's HLT.
echo "@@ case reuse kvmexittime"
echo 400 >/proc/sys/kernel/pid_max
rm -f /tmp/kt /tmp/kt.err
kvmexittime -d >/tmp/kt 2>/tmp/kt.err &
kt=$!
wait_line 'Hit Ctrl-C' /tmp/kt || echo "@@ error kvmexittime did not start"
i=0
ok=0
while [ $i -lt 12 ]; do
	kvmguest --vcpus 32 --io 2 >/tmp/g 2>&1 && ok=$((ok + 1))
	i=$((i + 1))
done
echo "@@ guests ok=$ok"
kill -INT $kt
wait $kt
echo "@@ kvmexittime rc=$?"
cat /tmp/kt
echo "@@ kvmexittime-stderr"
cat /tmp/kt.err
echo "@@ end"
echo "@@ done"

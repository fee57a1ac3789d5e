#!/bin/sh
# Runs inside the nested VM (tests/vm/run): kvmexittime's distributions on
# real exits.  Case "sleep": a 1-vCPU guest whose VMM sleeps D on each port
# write, traced by kvmexittime --stats --hist in ns and in us.  Case "hog":
# a VMM that computes on each port write, and a CPU hog on the same CPU, so
# that the vCPU thread waits on the run queue.  tests/vm/dist.bats checks them.
D=2000	# us
. /bin/vmlib.sh

# run_case NAME GUEST-ARGS: one guest run traced by two kvmexittimes.
run_case() {
	echo "@@ case $1 auto"
	rm -f /tmp/guest /tmp/kt1 /tmp/kt2 /tmp/kt3
	# shellcheck disable=SC2086
	kvmguest $2 --start-delay-ms 1000 >/tmp/guest 2>&1 &
	g=$!
	wait_line '^vcpu0=' /tmp/guest || echo "@@ error guest did not start"
	kill -STOP $g
	kvmexittime --stats --hist -p $g >/tmp/kt1 2>&1 &
	k1=$!
	kvmexittime --stats --hist=IOIO --units us -p $g >/tmp/kt2 2>&1 &
	k2=$!
	# The classic sched_switch record's prev_state, too.
	kvmexittime --stats --attach=tracepoint -p $g >/tmp/kt3 2>&1 &
	k3=$!
	wait_line 'Hit Ctrl-C' /tmp/kt1 || echo "@@ error kvmexittime did not start"
	wait_line 'Hit Ctrl-C' /tmp/kt2 || echo "@@ error kvmexittime did not start"
	wait_line 'Hit Ctrl-C' /tmp/kt3 || echo "@@ error kvmexittime did not start"
	kill -CONT $g
	wait $g
	echo "@@ guest rc=$?"
	cat /tmp/guest
	kill -INT $k1 $k2 $k3
	wait $k1
	echo "@@ ns rc=$?"
	cat /tmp/kt1
	wait $k2
	echo "@@ us rc=$?"
	cat /tmp/kt2
	wait $k3
	echo "@@ tp rc=$?"
	cat /tmp/kt3
	echo "@@ end"
}

run_case sleep "--vcpus 1 --io 200 --io-delay-us $D"
# A hog on the only CPU of this VM (one L1 vCPU): the VMM computes 1 ms on
# each port write, so the scheduler preempts it for the hog, and the vCPU
# thread waits on the run queue inside the exit.
( while :; do :; done ) &
hog=$!
run_case hog "--vcpus 1 --io 300 --io-spin-us 1000"
kill $hog
echo "@@ done"

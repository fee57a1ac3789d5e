#!/bin/sh
# Runs inside the nested VM (tests/vm/run): a soak.  A 2-vCPU guest makes
# 10^6 exits (CPUID) while kvmexit runs back to back, one run per window in
# which the guest may run (SIGCONT .. SIGSTOP), and "kvmexittime 1 N" runs
# throughout.  tests/vm/soak.bats checks the sums against tracefs, RSS and
# the loss counters.
T=/sys/kernel/tracing
E=$T/events/kvm/kvm_exit
WINDOW=${SOAK_WINDOW:-15}
MAXWIN=${SOAK_MAXWIN:-40}

wait_line() {
	i=0
	until grep -q "$1" "$2" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 1200 ] && return 1
		sleep 0.05
	done
}

# Until every thread of process $1 is stopped (or a zombie).
wait_stopped() {
	i=0
	while grep -LE 'T \(stopped\)|Z \(zombie\)' /proc/$1/task/*/status 2>/dev/null | grep -q .; do
		i=$((i + 1))
		[ $i -gt 400 ] && return 1
		sleep 0.05
	done
}

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$1/status; }

echo 'hist:keys=exit_reason:vals=hitcount:sort=exit_reason' >$E/trigger
echo 1 >$E/enable

kvmexittime -d 1 100000 >/tmp/kt 2>/tmp/kt.err &
kt=$!
wait_line 'Hit Ctrl-C' /tmp/kt || echo "@@ error kvmexittime did not start"

rm -f /tmp/guest
kvmguest --vcpus 2 --cpuid 500000 --start-delay-ms 500 >/tmp/guest 2>&1 &
g=$!
wait_line '^vcpu1=' /tmp/guest || echo "@@ error guest did not start"
kill -STOP $g

echo "@@ case soak kvmexit"
w=0
start=$(date +%s)
while [ $w -lt $MAXWIN ] && kill -0 $g 2>/dev/null && ! grep -q result= /tmp/guest; do
	rm -f /tmp/ke /tmp/ke.err
	kvmexit -p $g >/tmp/ke 2>/tmp/ke.err &
	ke=$!
	wait_line 'Hit Ctrl-C' /tmp/ke || echo "@@ error kvmexit did not start"
	kill -CONT $g
	sleep $WINDOW
	kill -STOP $g
	wait_stopped $g || echo "@@ error guest did not stop"
	echo "window $w kvmexit-rss $(rss $ke) kvmexittime-rss $(rss $kt)"
	kill -INT $ke
	wait $ke
	echo "window $w rc=$? exits $(awk 'NR > 3 { n += $2 } END { print n + 0 }' /tmp/ke)"
	sed 's/^/stderr /' /tmp/ke.err
	w=$((w + 1))
done
grep -q result= /tmp/guest && echo "guest finished inside window $((w - 1))"
kill -CONT $g
wait $g
echo "guest rc=$? after $w windows, $(($(date +%s) - start)) s"
grep result= /tmp/guest
kill -INT $kt
wait $kt
echo "@@ kvmexittime rc=$?"
cat /tmp/kt
echo "@@ kvmexittime-stderr"
cat /tmp/kt.err
echo "@@ tracefs"
echo 0 >$E/enable
sed -n 's/^{ exit_reason: *\([0-9]*\) } hitcount: *\([0-9]*\)$/\1 \2/p' $E/hist
echo "total $(sed -n 's/^ *Hits: *//p' $E/hist)"
# Events ftrace itself dropped (recursion, full pages): BPF sees them.
echo "dropped $(cat $T/per_cpu/cpu*/stats | sed -n 's/^\(dropped events\|commit overrun\): *//p' | awk '{ n += $1 } END { print n + 0 }')"
echo "@@ end"
echo "@@ done"

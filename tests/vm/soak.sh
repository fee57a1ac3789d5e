#!/bin/sh
# Runs inside the nested VM (tests/vm/run): a soak.  A 2-vCPU guest makes
# 10^6 exits (CPUID) while kvmexit (system-wide) runs back to back, one run
# per window in which the guest may run (SIGCONT .. SIGSTOP), and
# "kvmexittime 1 N" runs throughout; both go on for two minutes at least.  tests/vm/soak.bats checks the sums against tracefs, RSS and
# the loss counters.
WINDOW=${SOAK_WINDOW:-5}
MAXWIN=${SOAK_MAXWIN:-80}
# The tools run this long at least, after the guest too.
MINSECS=${SOAK_SECONDS:-120}

. /bin/vmlib.sh


hist_start

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
# Windows until the guest is done and two minutes have passed.
while [ $w -lt $MAXWIN ]; do
	done_=0
	grep -q result= /tmp/guest && done_=1
	[ $done_ = 1 ] && [ $(($(date +%s) - start)) -ge "$MINSECS" ] && break
	[ $done_ = 1 ] && [ -z "${finished:-}" ] && finished=$((w - 1))
	rm -f /tmp/ke /tmp/ke.err
	kvmexit >/tmp/ke 2>/tmp/ke.err &
	ke=$!
	wait_line 'Hit Ctrl-C' /tmp/ke || echo "@@ error kvmexit did not start"
	kill -CONT $g 2>/dev/null
	sleep $WINDOW
	if kill -STOP $g 2>/dev/null; then
		wait_stopped $g || echo "@@ error guest did not stop"
	fi
	echo "window $w kvmexit-rss $(rss $ke) kvmexittime-rss $(rss $kt)"
	kill -INT $ke
	wait $ke
	echo "window $w rc=$? exits $(awk 'NR > 3 { n += $NF } END { print n + 0 }' /tmp/ke)"
	sed 's/^/stderr /' /tmp/ke.err
	w=$((w + 1))
done
[ -n "${finished:-}" ] && echo "guest finished inside window $finished"
kill -CONT $g 2>/dev/null
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
hist_dump
echo "@@ end"
echo "@@ done"

#!/bin/sh
# Runs inside the nested VM (tests/vm/run): VMs that come and go (issue 15).
# 100 guests of 32 vCPUs, one after the other (3200 vCPU threads, each
# ending in its HLT), while four tools run side by side, each with tables
# far smaller than the run's threads, so that each only keeps counting if
# the threads that are gone leave its tables:
#   kvmexittime --max-threads 256 --json 1 0     interval reports
#   kvmexit --max-threads 256 -i 1 --json        periodic reports
#   kvmexit --max-threads 256 -i 1 --prometheus  its file, every version
#   kvmexit --max-threads 1024                   one report at the end
#   kvmexittime --max-threads 4096 --json        one summary at the end
#                                                (both harvest every 10 s)
# tests/vm/churn.bats checks the sums against tracefs, that nothing was
# lost, that the Prometheus counters never went down, and the RSS.
GUESTS=${CHURN_GUESTS:-100}

. /bin/vmlib.sh

# Every version of the Prometheus file, once, each ending in "@@@", until
# (and including the last one after) the writing tool $kep has exited.
watch_prom() {
	while :; do
		running $kep || done=1
		cp /tmp/ke.prom /tmp/prom.snap 2>/dev/null &&
			! cmp -s /tmp/prom.snap /tmp/prom.last &&
			{ cat /tmp/prom.snap; echo "@@@"; mv /tmp/prom.snap /tmp/prom.last; } >>/tmp/prom.all
		[ -z "${done:-}" ] || break
		sleep 0.1
	done
}

hist_start

echo "@@ case churn auto"
kvmexittime --max-threads 256 --json 1 0 >/tmp/kt 2>/tmp/kt.err &
kt=$!
kvmexit --max-threads 256 -i 1 --json >/tmp/kej 2>/tmp/kej.err &
kej=$!
kvmexit --max-threads 256 -i 1 --prometheus /tmp/ke.prom >/dev/null 2>/tmp/kep.err &
kep=$!
kvmexit --max-threads 1024 >/tmp/ke1 2>/tmp/ke1.err &
ke1=$!
kvmexittime --max-threads 4096 --json >/tmp/kt1 2>/tmp/kt1.err &
kt1=$!
: >/tmp/prom.all
watch_prom &
watcher=$!
for p in $kt $kej $kep $ke1 $kt1; do
	wait_attached $p 1 || echo "@@ error pid $p did not start"
done
wait_attached $kt 3 || echo "@@ error kvmexittime did not start"
i=0
ok=0
start=$(date +%s)
while [ $i -lt "$GUESTS" ]; do
	kvmguest --vcpus 32 --io 3 --cpuid 2 >/dev/null 2>&1 && ok=$((ok + 1))
	i=$((i + 1))
	[ $((i % 10)) = 0 ] &&
		echo "rss $i kvmexittime $(rss $kt) kvmexit-json $(rss $kej) kvmexit-prom $(rss $kep) kvmexit-once $(rss $ke1) kvmexittime-once $(rss $kt1)"
	sleep 0.3
done
echo "guests ok=$ok of $GUESTS in $(($(date +%s) - start)) s"
sleep 8	# the reports after the last guest, until its series have ended
for p in $kt $kej $kep; do
	kill -TERM $p
done
kill -INT $ke1
kill -INT $kt1
show_part kvmexittime $kt /tmp/kt /tmp/kt.err
show_part kvmexit-json $kej /tmp/kej /tmp/kej.err
wait $watcher
show_part kvmexit-prom $kep /tmp/prom.all /tmp/kep.err
show_part kvmexit-once $ke1 /tmp/ke1 /tmp/ke1.err
show_part kvmexittime-once $kt1 /tmp/kt1 /tmp/kt1.err
echo "@@ tracefs"
hist_dump
echo "@@ end"
echo "@@ done"

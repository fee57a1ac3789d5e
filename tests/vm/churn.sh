#!/bin/sh
# Runs inside the nested VM (tests/vm/run): VMs that come and go (issue 15,
# kvmexittime's half).  100 guests of 32 vCPUs, one after the other (3200
# vCPU threads, each ending in its HLT), under "kvmexittime --max-threads
# 256 --json 1 0": its tables hold 256 threads, so it only keeps counting
# if the threads that are gone leave them.  tests/vm/churn.bats checks the
# sums against tracefs, that nothing was lost, and the RSS.
GUESTS=${CHURN_GUESTS:-100}

. /bin/vmlib.sh


hist_start

echo "@@ case churn auto"
kvmexittime --max-threads 256 --json 1 0 >/tmp/kt 2>/tmp/kt.err &
kt=$!
wait_attached $kt 3 || echo "@@ error kvmexittime did not start"
i=0
ok=0
start=$(date +%s)
while [ $i -lt "$GUESTS" ]; do
	kvmguest --vcpus 32 --io 3 --cpuid 2 >/dev/null 2>&1 && ok=$((ok + 1))
	i=$((i + 1))
	[ $((i % 10)) = 0 ] && echo "rss $i $(rss $kt)"
	sleep 0.3
done
echo "guests ok=$ok of $GUESTS in $(($(date +%s) - start)) s"
sleep 2	# one more report after the last guest
kill -TERM $kt
wait $kt
echo "@@ kvmexittime rc=$?"
cat /tmp/kt
echo "@@ kvmexittime-stderr"
cat /tmp/kt.err
echo "@@ tracefs"
hist_dump
echo "@@ end"
echo "@@ done"

#!/bin/sh
# Runs inside the nested VM (bench/vm-bench): per-event cost of the tools'
# programs on real VM exits, from the kernel's run-time statistics, next
# to empty programs on the same tracepoints, on the same guest run.  Each
# round: a 1-vCPU guest (IO, CPUID and MSR exits) held stopped until
# kvmexit, kvmexittime and bench-empty are attached.
. /bin/vmlib.sh
echo 1 >/proc/sys/kernel/bpf_stats_enabled
echo "@@ kernel $(uname -r)"
for round in "raw" "tracepoint" "raw --detail" "tracepoint --detail"; do
	set -- $round
	mode=$1
	shift
	echo "@@ round --attach $mode $*"
	rm -f /tmp/guest /tmp/ke /tmp/kt /tmp/em
	kvmguest --vcpus 1 --io 20000 --cpuid 2000 --msr 2000 >/tmp/guest 2>&1 &
	g=$!
	wait_line '^vcpu0=' /tmp/guest || echo "@@ error guest did not start"
	kill -STOP $g
	kvmexit -d --attach "$mode" "$@" >/tmp/ke 2>&1 &
	ke=$!
	kvmexittime -d --attach "$mode" "$@" >/tmp/kt 2>&1 &
	kt=$!
	bench-empty attach "$mode" >/tmp/em 2>&1 &
	em=$!
	wait_line 'Hit Ctrl-C' /tmp/ke || echo "@@ error kvmexit did not start"
	wait_line 'Hit Ctrl-C' /tmp/kt || echo "@@ error kvmexittime did not start"
	wait_line '^attached' /tmp/em || echo "@@ error bench-empty did not start"
	kill -CONT $g
	wait $g
	bench-empty stats
	grep -h 'kernel memory\|attach:' /tmp/ke /tmp/kt
	kill -INT $ke $kt $em
	wait $ke $kt $em
done
echo "@@ done"

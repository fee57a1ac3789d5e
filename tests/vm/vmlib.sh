# shellcheck shell=sh
# Sourced by the scenario scripts that run in the VM (tests/vm/*.sh; the VM
# has them in /bin): waiting for what the tools and guests do, bounded.

# wait_line PATTERN FILE [SECONDS]: until a line of FILE matches (60 s).
wait_line() {
	i=0
	until grep -q "$1" "$2" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt $((${3:-60} * 20)) ] && return 1
		sleep 0.05
	done
}

# wait_file FILE [SECONDS]: until FILE exists (60 s).
wait_file() {
	i=0
	until [ -e "$1" ]; do
		i=$((i + 1))
		[ $i -gt $((${2:-60} * 20)) ] && return 1
		sleep 0.05
	done
}

# wait_attached PID N: until process PID holds N attachments (a bpf_link fd
# per raw tracepoint, a perf_event fd per classic one), at most 20 s:
# --json prints nothing before its first report.
wait_attached() {
	i=0
	until [ "$(ls -l /proc/$1/fd 2>/dev/null | grep -c 'bpf_link\|perf_event')" -ge "$2" ]; do
		i=$((i + 1))
		[ $i -gt 400 ] && return 1
		sleep 0.05
	done
	# With classic tracepoints, 5.15+ adds a bpf_link to each perf_event fd:
	# the count can run ahead of the last attach by microseconds.
	sleep 0.2
}

# wait_stopped PID: until every thread of PID is stopped or a zombie (20 s).
wait_stopped() {
	i=0
	while grep -LE 'T \(stopped\)|Z \(zombie\)' /proc/$1/task/*/status 2>/dev/null | grep -q .; do
		i=$((i + 1))
		[ $i -gt 400 ] && return 1
		sleep 0.05
	done
}

# The resident memory of process $1, in kB.
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$1/status; }

# tracefs's own count of kvm_exit by exit code: a hist trigger (not 5.10).
E=/sys/kernel/tracing/events/kvm/kvm_exit
hist_start() {
	echo 'hist:keys=exit_reason:vals=hitcount:sort=exit_reason' >$E/trigger
	echo 1 >$E/enable
}

# Prints "code count" lines, "total N" and "dropped N": the events ftrace
# itself dropped, which BPF sees: the ring buffer's (recursion, full
# pages) and the hist map's (two CPUs inserting one new key at once).
hist_dump() {
	echo 0 >$E/enable
	sed -n 's/^{ exit_reason: *\([0-9]*\) } hitcount: *\([0-9]*\)$/\1 \2/p' $E/hist
	echo "total $(sed -n 's/^ *Hits: *//p' $E/hist)"
	rb=$(cat /sys/kernel/tracing/per_cpu/cpu*/stats |
		sed -n 's/^\(dropped events\|commit overrun\): *//p' | awk '{ n += $1 } END { print n + 0 }')
	hd=$(sed -n 's/^ *Dropped: *//p' $E/hist)
	echo "dropped $((rb + ${hd:-0}))"
}

# running PID: PID is there and not a zombie (kill -0 succeeds on one that
# has exited until its parent waits for it).
running() {
	[ -e /proc/$1/status ] && ! grep -q '^State:.*Z (zombie)' /proc/$1/status 2>/dev/null
}

# show_part NAME PID OUT [ERR]: waits for PID, then prints its exit status
# and OUT as part NAME, and ERR as part NAME-stderr.
show_part() {
	wait $2
	echo "@@ $1 rc=$?"
	cat "$3"
	[ -n "${4:-}" ] || return 0
	echo "@@ $1-stderr"
	cat "$4"
}

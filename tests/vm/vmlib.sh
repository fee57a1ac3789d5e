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

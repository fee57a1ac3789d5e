#!/usr/bin/env bats
# kvmexit's command line: help, every usage error, privileges, signals.

load helpers

@test "-h prints the help on stdout and exits 0" {
	run --separate-stderr "$KVMEXIT" -h
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "usage: kvmexit [-h] [-p PID] [-t TID | -T TIDS | -v VCPU | -a]" ]
	[[ "$output" == *"Display kvm_exit_reason and its statistics at a timed interval"* ]]
	[[ "$output" == *"  -p PID, --pid PID     trace this PID only"* ]]
	[[ "$output" == *"./kvmexit -T '395490,395491'           # Display for a union like {395490, 395491}"* ]]
}

@test "-h wins over later bad arguments, as in argparse" {
	run "$KVMEXIT" -h --bogus
	[ "$status" -eq 0 ]
}

@test "--version prints the version" {
	run "$KVMEXIT" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^kvmexit\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "argparse errors: exit 2, usage, then the message" {
	usage_error kvmexit -p abc
	[ "$last" = "kvmexit: error: argument -p/--pid: invalid int value: 'abc'" ]
	usage_error kvmexit -t 1 -a
	[ "$last" = "kvmexit: error: argument -a/--alltids: not allowed with argument -t/--tid" ]
	usage_error kvmexit -T 1,2 -v 3
	[ "$last" = "kvmexit: error: argument -v/--vcpu: not allowed with argument -T/--tids" ]
	usage_error kvmexit 5 6
	[ "$last" = "kvmexit: error: unrecognized arguments: 6" ]
	usage_error kvmexit --bogus
	[ "$last" = "kvmexit: error: unrecognized arguments: --bogus" ]
	usage_error kvmexit -t
	[ "$last" = "kvmexit: error: argument -t/--tid: expected one argument" ]
	usage_error kvmexit --ti 5
	[ "$last" = "kvmexit: error: ambiguous option: --ti could match --tid, --tids" ]
	usage_error kvmexit --attach=kprobe
	[ "$last" = "kvmexit: error: argument --attach: invalid choice: 'kprobe' (choose from 'auto', 'raw', 'tracepoint')" ]
}

@test "-v without -p is an error (bcc ignored it)" {
	usage_error kvmexit -v 0
	[ "$last" = "kvmexit: error: argument -v/--vcpu: not allowed without argument -p/--pid" ]
}

@test "-a without -p is an error (bcc printed mismatched columns)" {
	usage_error kvmexit -a
	[ "$last" = "kvmexit: error: argument -a/--alltids: not allowed without argument -p/--pid" ]
}

@test "-T elements must be plain decimal TIDs (bcc compiled 010 as octal)" {
	for bad in 1,a '' 1,,2 0x10 ' 12' +12 1_0 1, 0; do
		usage_error kvmexit -T "$bad"
		[[ "$last" == "kvmexit: error: argument -T/--tids: "* ]]
	done
	usage_error kvmexit -T 1,99999999
	[ "$last" = "kvmexit: error: argument -T/--tids: TID out of range (1-4194304): '99999999'" ]
}

@test "a negative duration is an error (bcc: ValueError traceback)" {
	usage_error kvmexit -- -1
	[ "$last" = "kvmexit: error: argument duration: must not be negative: '-1'" ]
}

@test "-m 0 is an error (bcc: ValueError after sleeping)" {
	usage_error kvmexit -m 0
	[ "$last" = "kvmexit: error: argument -m/--max-parallelism: must be at least 1: '0'" ]
}

@test "-p of a process that does not exist is an error" {
	# The highest ID below pid_max: free unless the PIDs have wrapped.
	local none=$(($(cat /proc/sys/kernel/pid_max) - 1))
	usage_error kvmexit -p $none
	[ "$last" = "kvmexit: error: argument -p/--pid: no process with PID $none" ]
	usage_error kvmexit -p 0
	[ "$last" = "kvmexit: error: argument -p/--pid: PID out of range (1-4194304): '0'" ]
}

@test "-v of a vCPU the process does not have is an error" {
	usage_error kvmexit -p $$ -v 4
	[ "$last" = "kvmexit: error: argument -v/--vcpu: PID $$ has no vCPU 4 (no thread named 'CPU 4/KVM')" ]
}

@test "without privileges: one line saying what to do, exit 1" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to drop privileges"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$KVMEXIT" 1
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "kvmexit: need root (or CAP_BPF and CAP_PERFMON) to load BPF programs: run it as root, e.g. with sudo" ]
}

@test "--btf of a missing file: one line, exit 1" {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	run --separate-stderr "$KVMEXIT" --btf /nonexistent 1
	[ "$status" -eq 1 ]
	[[ "$stderr" = "kvmexit: --btf '/nonexistent': no such file: "* ]]
}

@test "bcc's abbreviations keep working beside --attach, --btf, --version" {
	usage_error kvmexit --v 0
	[ "$last" = "kvmexit: error: argument -v/--vcpu: not allowed without argument -p/--pid" ]
	usage_error kvmexit --a
	[ "$last" = "kvmexit: error: argument -a/--alltids: not allowed without argument -p/--pid" ]
	usage_error kvmexit --p x
	[ "$last" = "kvmexit: error: argument -p/--pid: invalid int value: 'x'" ]
	usage_error kvmexit --m 0
	[ "$last" = "kvmexit: error: argument -m/--max-parallelism: must be at least 1: '0'" ]
	usage_error kvmexit --d x
	[ "$last" = "kvmexit: error: argument duration: invalid int value: 'x'" ]
	run "$KVMEXIT" --h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: kvmexit "* ]]
	run "$KVMEXIT" --ve
	[ "$status" -eq 0 ]
	[[ "$output" == "kvmexit "* ]]
	usage_error kvmexit --at x
	[[ "$last" == "kvmexit: error: argument --attach: invalid choice: 'x'"* ]]
}

@test "-T takes at most 1024 TIDs" {
	usage_error kvmexit -T "$(seq -s, 1 1025)"
	[ "$last" = "kvmexit: error: argument -T/--tids: more than 1024 TIDS" ]
}

@test "the -T header is printed whole, as bcc prints it" {
	need_tracing
	# 1024 TIDs that pass the checks (there, below pid_max): this shell's PID.
	list=$(yes $$ | head -1024 | paste -sd,)
	want=$(yes "'$$'" | head -1024 | paste -sd, | sed 's/,/, /g')
	run --separate-stderr "$KVMEXIT" -T "$list" 0
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Display kvm exit reasons and statistics for TIDS [$want] after sleeping 0 secs." ]
}

@test "untrusted bytes in arguments are echoed escaped, on one line" {
	usage_error kvmexit -p $'1\e[31m'
	[ "$last" = "kvmexit: error: argument -p/--pid: invalid int value: '1\\x1b[31m'" ]
	# As many lines as any usage error: the argument added none.
	[ "${#stderr_lines[@]}" -eq "$("$KVMEXIT" --bogus 2>&1 | wc -l)" ]
	usage_error kvmexit -p $'0\n'
	[ "$last" = "kvmexit: error: argument -p/--pid: PID out of range (1-4194304): '0\\n'" ]
	usage_error kvmexit --attach $'\xff\xc2\x9b'
	[[ "$last" == "kvmexit: error: argument --attach: invalid choice: '\\udcff\\x9b' "* ]]
	usage_error kvmexit 5 $'6\n7' $'\e]0;x\a'
	[ "$last" = "kvmexit: error: unrecognized arguments: 6\\n7 \\x1b]0;x\\x07" ]
	usage_error kvmexit -T $'1,2\r'
	[ "$last" = "kvmexit: error: argument -T/--tids: must be comma separated decimal TIDs with no spaces: '1,2\\r'" ]
	usage_error kvmexit -- $'-1\t'
	[ "$last" = "kvmexit: error: argument duration: must not be negative: '-1\\t'" ]
	usage_error kvmexit --attach "it's"
	[[ "$last" == "kvmexit: error: argument --attach: invalid choice: \"it's\" "* ]]
}

@test "--max-threads: 1 to 65536; bcc's --m and --max still mean -m" {
	run --separate-stderr "$KVMEXIT" --max-threads 0 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "kvmexit: error: argument --max-threads: must be 1 to 65536: '0'" ]
	run --separate-stderr "$KVMEXIT" --max-threads 65537 1
	[ "$status" -eq 2 ]
	run --separate-stderr "$KVMEXIT" --max 0 1
	[ "${stderr_lines[-1]}" = "kvmexit: error: argument -m/--max-parallelism: must be at least 1: '0'" ]
	run --separate-stderr "$KVMEXIT" --m 0 1
	[ "${stderr_lines[-1]}" = "kvmexit: error: argument -m/--max-parallelism: must be at least 1: '0'" ]
}

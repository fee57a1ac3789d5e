#!/usr/bin/env bats
# --vm and -n on the command line, unprivileged: the errors, the help and
# the prefix rule.  What they print about real VMs: tests/vm/identity.bats.

load helpers

@test "--vm with no VM of that name: usage error naming it" {
	for tool in kvmexit kvmexittime; do
		usage_error $tool --vm no-such-vm-here
		[ "$last" = "$tool: error: argument --vm: no VM named 'no-such-vm-here' (no process with a KVM VM open has that name on its command line)" ]
	done
}

@test "--vm escapes a hostile name in its error, on one line" {
	usage_error kvmexit --vm $'a b%d\n\e[2J'
	[ "$last" = "kvmexit: error: argument --vm: no VM named 'a b%d\\n\\x1b[2J' (no process with a KVM VM open has that name on its command line)" ]
	# The usage block, then exactly one line of error.
	[ "${#stderr_lines[@]}" -eq $(($("$KVMEXIT" -h | sed -n '/^usage:/,/^$/p' | grep -c .) + 1)) ]
}

@test "--vm is -p: not with -p, but with -v and -a" {
	usage_error kvmexit --vm x -p 1
	[ "$last" = "kvmexit: error: argument --vm: not allowed with argument -p/--pid" ]
	# -v and -a need a process: --vm gives one, so the error is --vm's own.
	usage_error kvmexit --vm x -v 0
	[[ "$last" == *"argument --vm: no VM named 'x'"* ]]
	usage_error kvmexittime --vm x -a
	[[ "$last" == *"argument --vm: no VM named 'x'"* ]]
	usage_error kvmexit -v 0
	[ "$last" = "kvmexit: error: argument -v/--vcpu: not allowed without argument -p/--pid" ]
}

@test "--vm needs a name" {
	usage_error kvmexit --vm
	[ "$last" = "kvmexit: error: argument --vm: expected one argument" ]
}

@test "the new long options leave bcc's prefixes as they were" {
	# --v is --vcpu, as in bcc, not ambiguous with --vm or --version.
	usage_error kvmexit --v 0
	[ "$last" = "kvmexit: error: argument -v/--vcpu: not allowed without argument -p/--pid" ]
	# --n and --na are --names (an extra option, the only match).
	usage_error kvmexit --n --vm x
	[[ "$last" == *"argument --vm: no VM named 'x'"* ]]
	usage_error kvmexit -n -n --na --vm x
	[[ "$last" == *"argument --vm: no VM named 'x'"* ]]
}

@test "-n takes no value" {
	usage_error kvmexit --names=1
	[ "$last" = "kvmexit: error: argument -n/--names: ignored explicit argument '1'" ]
}

@test "both tools document --vm and -n in -h" {
	for tool in kvmexit kvmexittime; do
		run "$(tool_bin $tool)" -h
		[ "$status" -eq 0 ]
		[[ "$output" == *"[--vm NAME] [-n]"* ]]
		[[ "$output" == *"  --vm NAME             trace the VM of that name, as -p of its VMM's PID"* ]]
		[[ "$output" == *"  -n, --names           show VM names and vCPU indexes (VM and VCPU columns)"* ]]
	done
}

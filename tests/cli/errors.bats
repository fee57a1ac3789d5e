#!/usr/bin/env bats
# Runtime errors a person can act on: one line naming what is wrong and
# what to do, exit 1; never a bare errno, never a hang.

load helpers

setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root: the checks run after the privilege check"
	want="give a BTF file such as /sys/kernel/btf/vmlinux, or one written by 'pahole --btf_encode_detached=FILE vmlinux'"
}

# btf_error FILE MESSAGE: kvmexit --btf FILE fails with that one line.
btf_error() {
	run --separate-stderr timeout 20 "$KVMEXIT" --btf "$1" 0
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "kvmexit: --btf $2" ]
}

@test "--btf: missing, a directory, a FIFO, empty, garbage, huge" {
	cd "$BATS_TEST_TMPDIR"
	btf_error /nonexistent "'/nonexistent': no such file: $want"
	mkdir dir
	btf_error dir "'dir': is a directory: $want"
	mkfifo fifo
	# Must not block: stat() tells a FIFO before anything opens it.
	btf_error fifo "'fifo': is a FIFO, which cannot be read as a file: $want"
	: >empty
	btf_error empty "'empty': is empty: $want"
	head -c 4096 /dev/urandom >garbage
	btf_error garbage "'garbage': is not BTF (neither raw BTF nor an ELF file with a .BTF section): $want"
	truncate -s 300M huge
	btf_error huge "'huge': is 300 MiB, over the 256 MiB a BTF file can be: $want"
	btf_error $'a\nb' "'a\\nb': no such file: $want"
}

# Debian 12's libbpf 1.1 checks none of this (btf_sanity_check came
# later): unchecked, the first two were SIGSEGV (kvm_btf.c, btf__parse);
# the others would reach CO-RE relocation.  Kept as the fuzzer's seeds.
@test "--btf of crafted BTF: one line, exit 1, no crash" {
	local seeds=$BATS_TEST_DIRNAME/../fuzz/corpus/btf
	cd "$BATS_TEST_TMPDIR"
	cp "$seeds/elf-btf-nobits.bpf.o" nobits.o
	btf_error nobits.o "'nobits.o': is not valid BTF (its .BTF section is NOBITS: it holds no data): $want"
	cp "$seeds/elf-member-name-past-strings.bpf.o" name.o
	btf_error name.o "'name.o': is not valid BTF (type [12]: member name at string offset 9473, past the strings): $want"
	cp "$seeds/raw-ptr-past-types.btf" ptr.btf
	btf_error ptr.btf "'ptr.btf': is not valid BTF (type [1]: refers to type [99], past the last, [1]): $want"
	cp "$seeds/raw-typedef-loop.btf" loop.btf
	btf_error loop.btf "'loop.btf': is not valid BTF (type [1]: its typedefs and modifiers form a loop): $want"
	cp "$seeds/raw-types-misaligned.btf" odd.btf
	btf_error odd.btf "'odd.btf': is not valid BTF (type [1] is not 4-byte aligned): $want"
}

@test "--btf of a file that cannot be read: says so" {
	command -v capsh >/dev/null || skip "no capsh (libcap2-bin)"
	cd "$BATS_TEST_TMPDIR"
	cp /sys/kernel/btf/vmlinux vmlinux 2>/dev/null || skip "no kernel BTF to copy"
	chmod 000 vmlinux
	run --separate-stderr capsh --drop=cap_dac_override,cap_dac_read_search -- \
		-c "exec \"$KVMEXIT\" --btf vmlinux 0"
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: --btf 'vmlinux': cannot read it (Permission denied): run as its owner or root, or copy it somewhere readable" ]
}

@test "no /proc, no /sys: one line each" {
	[ -z "${KVMEXIT_SANITIZED:-}" ] || skip "ASan and LeakSanitizer need /proc"
	run --separate-stderr unshare -m sh -c "umount -l /proc && exec \"$KVMEXIT\" 0"
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: cannot read /proc/self/status (No such file or directory): the tools need /proc; mount it with 'mount -t proc proc /proc'" ]
	run --separate-stderr unshare -m sh -c "umount -l /proc && exec \"$KVMEXIT\" -p 1 0"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "kvmexit: cannot read /proc/self/status"* ]]
	run --separate-stderr unshare -m sh -c "umount -l /sys && exec \"$KVMEXIT\" 0"
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: /sys is not mounted (no /sys/kernel): the tools need sysfs; mount it with 'mount -t sysfs sysfs /sys'" ]
}

@test "root without the capabilities is told which, not to use sudo" {
	command -v capsh >/dev/null || skip "no capsh (libcap2-bin)"
	run --separate-stderr capsh --drop=cap_bpf,cap_perfmon,cap_sys_admin -- -c "exec \"$KVMEXIT\" 0"
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: running as root without CAP_BPF and CAP_PERFMON (nor CAP_SYS_ADMIN) in the effective capabilities: they are needed to load BPF programs; grant them (e.g. docker run --cap-add BPF --cap-add PERFMON)" ]
	run --separate-stderr capsh --drop=cap_perfmon,cap_sys_admin -- -c "exec \"$KVMEXIT\" 0"
	[[ "$stderr" == "kvmexit: running as root without CAP_PERFMON (nor CAP_SYS_ADMIN) "* ]]
}

# The classic tracepoint's needs, each missing in turn (--attach=tracepoint).
@test "tracepoint: tracefs not readable (CAP_BPF+CAP_PERFMON, not root)" {
	need_tracing
	setpriv --help 2>&1 | grep -q ambient-caps || skip "setpriv without --ambient-caps"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=+bpf,+perfmon --ambient-caps=+bpf,+perfmon \
		"$KVMEXIT" --attach=tracepoint 0
	[ "$status" -eq 1 ]
	[[ "$stderr" == "kvmexit: the classic tracepoint needs read access to tracefs ("*"): run as root or with CAP_DAC_READ_SEARCH; --attach=raw needs no tracefs" ]]
	# With read access it runs: tracefs is all the tracepoint needs more.
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=+bpf,+perfmon,+dac_read_search \
		--ambient-caps=+bpf,+perfmon,+dac_read_search \
		"$KVMEXIT" --attach=tracepoint 0
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Display kvm exit reasons and statistics for all threads"* ]]
}

@test "tracepoint: tracefs not mounted is mounted once, or named" {
	need_tracing
	command -v capsh >/dev/null || skip "no capsh (libcap2-bin)"
	grep -q ' /sys/kernel/tracing tracefs ' /proc/self/mounts || skip "tracefs is not on /sys/kernel/tracing here"
	# Mounted already: -d must not mount a second one.
	run --separate-stderr unshare -m sh -c "\"$KVMEXIT\" -d --attach=tracepoint 0 >/dev/null &&
		grep -c ' tracefs ' /proc/self/mounts"
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	run --separate-stderr unshare -m sh -c "umount /sys/kernel/tracing &&
		\"$KVMEXIT\" -d --attach=tracepoint 0 >/dev/null && grep -c ' tracefs ' /proc/self/mounts"
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	[[ "$stderr" == *"kvmexit: tracefs was not mounted: mounted it on /sys/kernel/tracing"* ]]
	run --separate-stderr unshare -m sh -c "umount /sys/kernel/tracing &&
		capsh --drop=cap_sys_admin -- -c 'exec \"$KVMEXIT\" --attach=tracepoint 0'"
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: the classic tracepoint needs tracefs, which is not mounted: mount it ('mount -t tracefs nodev /sys/kernel/tracing') or give CAP_SYS_ADMIN; --attach=raw needs no tracefs" ]
	mkdir "$BATS_TEST_TMPDIR/t"
	run --separate-stderr unshare -m sh -c "umount /sys/kernel/tracing &&
		mount -t tracefs nodev '$BATS_TEST_TMPDIR/t' &&
		exec \"$KVMEXIT\" --attach=tracepoint 0"
	[ "$status" -eq 1 ]
	[ "$stderr" = "kvmexit: tracefs is mounted on $BATS_TEST_TMPDIR/t, but libbpf reads /sys/kernel/tracing: mount it there too ('mount -t tracefs nodev /sys/kernel/tracing')" ]
}

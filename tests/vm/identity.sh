#!/bin/sh
# Runs inside the nested VM (tests/vm/run): VM identity.  Each case starts
# kvmguest under a VM name, holds it with SIGSTOP until the tools are
# attached, and prints what they printed; tests/vm/identity.bats checks it.
#   qemu     -name guest=web1,debug-threads=on, QEMU thread names: -p -a and
#            --vm -a on the same run, -n views of both tools
#   fc       a "firecracker" binary with --id fc1 and Firecracker's names
#   hostile  a name with spaces, %, a newline and an ESC byte
#   twin     two VMs of one name: --vm names both PIDs
WORKLOAD="--vcpus 2 --io 50 --cpuid 3 --start-delay-ms 500"

. /bin/vmlib.sh

# start NAME CMD...: starts a guest, waits until its vCPUs exist, stops it;
# sets $g to its PID.
start() {
	name=$1
	shift
	"$@" >"/tmp/$name.guest" 2>&1 &
	g=$!
	wait_line '^vcpu1=' "/tmp/$name.guest" || echo "@@ error $name: the guest did not start"
	kill -STOP $g
}

# tool OUT CMD...: one tool in the background, until its banner is out.
tool() {
	out=$1
	shift
	"$@" >"/tmp/$out" 2>"/tmp/$out.err" &
	echo $! >>/tmp/tools
	wait_line 'Hit Ctrl-C' "/tmp/$out" || echo "@@ error $out did not start"
}

# finish CASE OUT...: runs the guest to its end, stops the tools, prints all.
finish() {
	c=$1
	shift
	kill -CONT $g
	wait $g
	grc=$?
	for p in $(cat /tmp/tools); do
		kill -INT "$p"
		wait "$p"
	done
	rm -f /tmp/tools
	echo "@@ case id $c"
	echo "@@ guest rc=$grc"
	cat "/tmp/$c.guest"
	for o in "$@"; do
		echo "@@ $o"
		cat "/tmp/$o"
		echo "@@ $o-stderr"
		cat "/tmp/$o.err"
	done
}

echo "@@ kernel $(uname -r)"
rm -f /tmp/tools
# shellcheck disable=SC2086
start qemu kvmguest -name guest=web1,debug-threads=on $WORKLOAD
tool p kvmexit -p $g -a
tool vm kvmexit --vm web1 -a
tool n kvmexit --vm web1 -a -n
tool nv kvmexit --vm web1 -v 1 -n
tool nall kvmexit -n
tool tp kvmexittime -p $g
tool tvm kvmexittime --vm web1
tool tn kvmexittime --vm web1 -a -n
tool tnv kvmexittime --vm web1 -v 0 -n
finish qemu p vm n nv nall tp tvm tn tnv

ln -sf "$(command -v kvmguest)" /tmp/firecracker
# shellcheck disable=SC2086
start fc /tmp/firecracker --id fc1 --thread-style firecracker $WORKLOAD
tool fn kvmexit --vm fc1 -a -n
tool ftn kvmexittime -n
finish fc fn ftn

# QEMU's ",," is a comma: the name is "evil vm %d<LF><ESC>[2J,x".
evil=$(printf 'evil vm %%d\n\033[2J,,x')
# shellcheck disable=SC2086
start hostile kvmguest -name "guest=$evil" $WORKLOAD
tool hp kvmexit -p $g -a
tool hvm kvmexit --vm "$(printf 'evil vm %%d\n\033[2J,x')" -a
tool hn kvmexit -p $g -a -n
tool htn kvmexittime -p $g -a -n
finish hostile hp hvm hn htn

start twin1 kvmguest -name twin $WORKLOAD
t1=$g
start twin2 kvmguest -name twin $WORKLOAD
t2=$g
echo "@@ case id twin"
echo "pids=$t1 $t2"
kvmexit --vm twin 1 >/tmp/twin 2>&1
echo "@@ twin rc=$?"
cat /tmp/twin
kill -KILL $t1 $t2
wait $t1 $t2 2>/dev/null
echo "@@ done"

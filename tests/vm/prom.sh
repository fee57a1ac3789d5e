#!/bin/sh
# Runs inside the nested VM (tests/vm/run): --prometheus of both tools on
# one named 2-vCPU guest, with plain text kvmexit and kvmexittime counting
# the same run, and a third kvmexit stopped by SIGTERM.  Prints every file
# the tools wrote (snapshots during the run too) and the text outputs, in
# marked sections; tests/vm/prom.bats checks them, and feeds the last files
# to promtool and to real node_exporter and Prometheus servers on the host.
N=12	# reports at most: the guest ends within the first ~6, the tools 2.5 s later
echo "@@ kernel $(uname -r)"

. /bin/vmlib.sh

# Waits up to 20 s for file $1 to exist (written right after attach).
# snap FILE NAME: keeps a copy of each version of FILE: /tmp/snap/NAME.<n>.
snap() {
	[ -e "$1" ] || return 0
	n=$(cat "/tmp/snap/$2.n" 2>/dev/null || echo 0)
	if [ "$n" -eq 0 ] || ! cmp -s "$1" "/tmp/snap/$2.$n"; then
		n=$((n + 1))
		cp "$1" "/tmp/snap/$2.$n"
		echo $n >"/tmp/snap/$2.n"
	fi
}

echo "@@ case prom run"
rm -rf /tmp/snap /tmp/prom
mkdir -p /tmp/snap /tmp/prom
grc=
kvmguest --vcpus 2 --io 300 --cpuid 5 --io-delay-us 8000 --start-delay-ms 1000 \
	-name guest=promvm >/tmp/guest 2>&1 &
g=$!
wait_line '^vcpu1=' /tmp/guest || echo "@@ error guest did not start"
# Hold the guest until every tool is attached.
kill -STOP $g
kvmexit -p $g -i 1 -c $N --prometheus /tmp/prom/kvmexit.prom >/tmp/ke 2>&1 &
ke=$!
kvmexittime -p $g 1 $N --prometheus /tmp/prom/kvmexittime.prom >/tmp/kt 2>&1 &
kt=$!
kvmexit -p $g -i 1 --prometheus /tmp/prom/term.prom >/tmp/kterm 2>&1 &
kterm=$!
kvmexit -p $g >/tmp/text 2>&1 &
text=$!
kvmexittime -p $g >/tmp/ttext 2>&1 &
ttext=$!
wait_file /tmp/prom/kvmexit.prom || echo "@@ error kvmexit --prometheus wrote no file"
wait_file /tmp/prom/kvmexittime.prom || echo "@@ error kvmexittime --prometheus wrote no file"
wait_file /tmp/prom/term.prom || echo "@@ error kvmexit --prometheus (SIGTERM) wrote no file"
wait_line 'Hit Ctrl-C' /tmp/text || echo "@@ error kvmexit did not start"
wait_line 'Hit Ctrl-C' /tmp/ttext || echo "@@ error kvmexittime did not start"
snap /tmp/prom/kvmexit.prom ke
snap /tmp/prom/kvmexittime.prom kt
kill -CONT $g
# Snapshots while the guest runs and the periodic tools report.
while kill -0 $ke 2>/dev/null || kill -0 $kt 2>/dev/null; do
	snap /tmp/prom/kvmexit.prom ke
	snap /tmp/prom/kvmexittime.prom kt
	if [ -z "$grc" ] && ! kill -0 $g 2>/dev/null; then
		wait $g
		grc=$?
		kill -INT $text $ttext
		# Two more reports after the guest's last exit, then SIGTERM:
		# a gone VM's series stay for five files, so the last ones the
		# tools leave have them.
		sleep 2.5
		kill -TERM $kterm $ke $kt
	fi
	sleep 0.2
done
if [ -z "$grc" ]; then
	echo "@@ error the guest outlived the periodic tools"
	kill -INT $text $ttext
	kill -TERM $kterm
	wait $g
	grc=$?
fi
wait $ke
kerc=$?
wait $kt
ktrc=$?
wait $kterm
ktermrc=$?
wait $text
textrc=$?
wait $ttext
ttextrc=$?
echo "@@ guest rc=$grc"
cat /tmp/guest
for t in kvmexit:ke kvmexittime:kt; do
	i=1
	while [ -e "/tmp/snap/${t#*:}.$i" ]; do
		echo "@@ snap-${t%:*} $i"
		cat "/tmp/snap/${t#*:}.$i"
		i=$((i + 1))
	done
done
echo "@@ kvmexit rc=$kerc"
cat /tmp/ke
echo "@@ kvmexit.prom"
cat /tmp/prom/kvmexit.prom
echo "@@ kvmexittime rc=$ktrc"
cat /tmp/kt
echo "@@ kvmexittime.prom"
cat /tmp/prom/kvmexittime.prom
echo "@@ term rc=$ktermrc"
cat /tmp/kterm
echo "@@ term.prom"
cat /tmp/prom/term.prom
echo "@@ text rc=$textrc"
cat /tmp/text
echo "@@ ttext rc=$ttextrc"
cat /tmp/ttext
echo "@@ files"
# shellcheck disable=SC2012 # names and modes, for prom.bats
ls -l /tmp/prom | sed 1d
echo "@@ done"

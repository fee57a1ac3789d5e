#!/bin/sh
# Runs inside the nested VM (tests/vm/run): periodic reports (issue 11).
# A 2-vCPU guest whose VMM sleeps 5 ms per port write runs for a few
# seconds, traced by "kvmexit -i 1 -c N --json" and "kvmexittime 1 N
# --json" (a report a second) and by one text report of each over the
# whole run.  tests/vm/periodic.bats checks that the reports add up.
N=8
. /bin/vmlib.sh


echo "@@ case periodic auto"
rm -f /tmp/guest /tmp/pj /tmp/ptj /tmp/ke /tmp/kt
kvmguest --vcpus 2 --io 300 --cpuid 50 --io-delay-us 5000 --start-delay-ms 1000 >/tmp/guest 2>&1 &
g=$!
wait_line '^vcpu1=' /tmp/guest || echo "@@ error guest did not start"
kill -STOP $g
kvmexit -p $g -i 1 -c $N --json >/tmp/pj 2>&1 &
pj=$!
kvmexittime -p $g --json 1 $N >/tmp/ptj 2>&1 &
ptj=$!
kvmexit -p $g >/tmp/ke 2>&1 &
ke=$!
kvmexittime -p $g >/tmp/kt 2>&1 &
kt=$!
wait_attached $pj 1 || echo "@@ error kvmexit -i did not start"
wait_attached $ptj 3 || echo "@@ error kvmexittime 1 N did not start"
wait_line 'Hit Ctrl-C' /tmp/ke || echo "@@ error kvmexit did not start"
wait_line 'Hit Ctrl-C' /tmp/kt || echo "@@ error kvmexittime did not start"
start=$(date +%s)
kill -CONT $g
wait $g
echo "@@ guest rc=$? after $(($(date +%s) - start)) s"
cat /tmp/guest
wait $pj
echo "@@ periodic-kvmexit rc=$?"
cat /tmp/pj
wait $ptj
echo "@@ periodic-kvmexittime rc=$?"
cat /tmp/ptj
kill -INT $ke $kt
wait $ke
echo "@@ kvmexit rc=$?"
cat /tmp/ke
wait $kt
echo "@@ kvmexittime rc=$?"
cat /tmp/kt
echo "@@ end"
echo "@@ done"

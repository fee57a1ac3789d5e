#!/usr/bin/env bats
# kernels: bookworm   (user space only: one kernel in CI)
# --prometheus on real exits (issue 11, tests/vm/prom.sh): every file the
# tools wrote passes promtool; counters never go down; the counts equal
# the text output of the same run; SIGTERM leaves the last complete file;
# and Debian's node_exporter (textfile collector) and Prometheus, started
# here on 127.0.0.1, serve the same numbers through Prometheus's HTTP API.
# VM_KERNEL picks the Debian kernel.

bats_require_minimum_version 1.5.0
load lib

IO=300		# port writes per vCPU (tests/vm/prom.sh), 2 vCPUs
CPUID=5

setup_file() {
	boot_scenario prom 240
}

setup() {
	[ "$VM_RC" -ne 3 ] || skip "$(grep -m1 SKIP "$LOG")"
}

# A section of prom.sh's output ("kvmexit.prom", "text", ...).
section() {
	part "prom run" "$1"
}

# The snapshot numbers of a tool ("kvmexit" or "kvmexittime"), in order.
snapshots() {
	awk -v s="snap-$1" '$1 == "@@" && $2 == s { print $3 }' "$LOG"
}

# snapshot TOOL N: that snapshot's file.
snapshot() {
	awk -v s="snap-$1" -v n="$2" '
		$1 == "@@" { on = ($2 == s && $3 == n); next }
		on' "$LOG"
}

# Every file the tools wrote, one per line as "NAME<TAB>FILE" in $BATS_TEST_TMPDIR.
write_files() {
	local t n
	for t in kvmexit kvmexittime; do
		for n in $(snapshots $t); do
			snapshot $t "$n" >"$BATS_TEST_TMPDIR/snap-$t.$n.prom"
		done
		section $t.prom >"$BATS_TEST_TMPDIR/$t.prom"
	done
	section term.prom >"$BATS_TEST_TMPDIR/term.prom"
}

# sum_by FILE METRIC LABEL: "VALUE-OF-LABEL SUM" of METRIC's samples.
sum_by() {
	awk -v m="$2" -v l="$3" '
		index($0, m "{") == 1 {
			if (!match($0, l "=\"[^\"]*\"")) next
			k = substr($0, RSTART + length(l) + 2, RLENGTH - length(l) - 3)
			n[k] += $NF }
		END { for (k in n) print k, n[k] }' "$1" | sort
}

# The text tools' rows as "REASON COUNT".
text_counts() {
	section text | awk 'NR > 3 && NF == 2 { print $1, $2 }' | sort
}
ttext_counts() {
	section ttext | awk -F'\t' 'NR > 3 { gsub(/ +$/, "", $1); gsub(/ +$/, "", $2)
		if ($1 != "Total") print $1, $2 }' | sort
}

@test "$VM_KERNEL: prom: the run completed; the periodic tools printed nothing; no temporary file left" {
	[ "$VM_RC" -eq 0 ] || { tail -20 "$LOG"; false; }
	grep -q '^@@ done$' "$LOG"
	[ "$(grep -c '^@@ error' "$LOG")" -eq 0 ] || { grep '^@@ error' "$LOG"; false; }
	[ "$(section guest | grep -c 'result=OK')" -eq 2 ]
	local p
	for p in guest kvmexit kvmexittime term text ttext; do
		[ "$(part_rc "prom run" $p)" = 0 ] || { echo "$p: rc $(part_rc "prom run" $p)"; false; }
	done
	# --prometheus without --json: nothing on stdout (nor on stderr).
	[ -z "$(section kvmexit)" ]
	[ -z "$(section kvmexittime)" ]
	[ -z "$(section term)" ]
	# Written with a temporary file and rename(): none of those remains.
	[ "$(section files | awk '{ print $NF }' | sort | tr '\n' ' ')" = \
		"kvmexit.prom kvmexittime.prom term.prom " ]
	section files | awk '$1 != "-rw-r--r--" { exit 1 }'
}

@test "$VM_KERNEL: prom: promtool check metrics passes on every file, with no lint problem" {
	command -v promtool >/dev/null || skip "promtool not installed (Debian package prometheus; make deps)"
	write_files
	local f out n=0
	for f in "$BATS_TEST_TMPDIR"/*.prom; do
		# Lint problems (exit 3) count too: they are the naming rules
		# (_total, base units, HELP) dashboards and recording rules rely on.
		out=$(promtool check metrics <"$f" 2>&1) || { echo "${f##*/}: $out"; false; }
		[ -z "$out" ] || { echo "${f##*/}: $out"; false; }
		n=$((n + 1))
	done
	echo "$n files"
	[ "$n" -ge 7 ]
}

@test "$VM_KERNEL: prom: counters only grow from one file to the next; no series disappears" {
	write_files
	local t n prev grew
	for t in kvmexit kvmexittime; do
		prev=
		grew=0
		for n in $(snapshots $t) final; do
			f=$BATS_TEST_TMPDIR/snap-$t.$n.prom
			[ "$n" != final ] || f=$BATS_TEST_TMPDIR/$t.prom
			if [ -n "$prev" ]; then
				awk 'FNR == NR { if (!/^#/) old[$1] = $2; next }
				     !/^#/ { new[$1] = $2 }
				     END { for (k in old) {
						if (!(k in new)) { print "gone:", k; exit 1 }
						if (new[k] + 0 < old[k] + 0) { print "down:", k, old[k], new[k]; exit 1 } } }' \
					"$prev" "$f"
				cmp -s "$prev" "$f" || grew=$((grew + 1))
			fi
			prev=$f
		done
		# The guest ran across several reports: files that differ.
		echo "$t: $grew changes"
		[ "$grew" -ge 2 ]
	done
	# The first file, right after attach, has the families and no sample.
	[ "$(snapshot kvmexit 1 | grep -vc '^#')" -eq 0 ]
	[ "$(snapshot kvmexittime 1 | grep -vc '^#')" -eq 0 ]
	snapshot kvmexittime 1 | grep -qx '# TYPE kvm_exit_duration_seconds histogram'
}

@test "$VM_KERNEL: prom: labels vm, vcpu, reason, isa; no pid label for a named VM" {
	write_files
	local f
	for f in kvmexit kvmexittime term; do
		grep -v '^#' "$BATS_TEST_TMPDIR/$f.prom" | awk '
			{ if ($0 !~ /^[a-z_]+\{vm="promvm",vcpu="[01]",reason="[A-Z_0-9]+",isa="svm"(,le="[^"]+")?\} [0-9.e+-]+$/) { print "bad:", $0; exit 1 } n++ }
			END { if (!n) exit 2 }'
	done
	grep -q '^# TYPE kvm_exits_total counter$' "$BATS_TEST_TMPDIR/kvmexit.prom"
	for m in kvm_exits_total kvm_exit_seconds_total kvm_exit_sched_out_seconds_total; do
		grep -qx "# TYPE $m counter" "$BATS_TEST_TMPDIR/kvmexittime.prom"
	done
}

@test "$VM_KERNEL: prom: kvm_exits_total per reason equals the text tools' counts of the same run" {
	write_files
	local want got
	want=$(text_counts)
	got=$(sum_by "$BATS_TEST_TMPDIR/kvmexit.prom" kvm_exits_total reason)
	[ "$got" = "$want" ] || { echo "prom:"; echo "$got"; echo "text:"; echo "$want"; false; }
	grep -qx "IOIO $((2 * IO))" <<<"$want"
	grep -qx "CPUID $((2 * CPUID))" <<<"$want"
	# Per vCPU: each vCPU's own port writes.
	[ "$(grep 'reason="IOIO"' "$BATS_TEST_TMPDIR/kvmexit.prom" | awk '{ print $NF }' | tr '\n' ' ')" = "$IO $IO " ]
	# kvmexittime counts completed exits (its HLT never re-enters).
	want=$(ttext_counts)
	got=$(sum_by "$BATS_TEST_TMPDIR/kvmexittime.prom" kvm_exits_total reason)
	[ "$got" = "$want" ] || { echo "prom:"; echo "$got"; echo "text:"; echo "$want"; false; }
	got=$(sum_by "$BATS_TEST_TMPDIR/kvmexittime.prom" kvm_exit_duration_seconds_count reason)
	[ "$got" = "$want" ]
}

@test "$VM_KERNEL: prom: kvmexittime's histogram: cumulative buckets, +Inf = count, sum = seconds; sched-out <= seconds" {
	write_files
	awk '
		/^#/ { next }
		{ split($1, a, "{"); m = a[1]; l = a[2]; v = $2 + 0 }
		m == "kvm_exit_duration_seconds_bucket" {
			key = l; sub(/,le="[^"]*"}$/, "}", key)
			le = l; sub(/.*,le="/, "", le); sub(/"}$/, "", le)
			if (key in last && v < last[key]) { print "bucket down:", $0; bad = 1 }
			if (key in lastle && le != "+Inf" && le + 0 <= lastle[key]) { print "le order:", $0; bad = 1 }
			last[key] = v; lastle[key] = le + 0
			if (le == "+Inf") inf[key] = v
			next }
		m == "kvm_exit_duration_seconds_count" { cnt[l] = v; next }
		m == "kvm_exit_duration_seconds_sum" { sum[l] = $2; next }
		m == "kvm_exits_total" { ex[l] = v; next }
		m == "kvm_exit_seconds_total" { sec[l] = $2; next }
		m == "kvm_exit_sched_out_seconds_total" { so[l] = $2 + 0; next }
		END {
			for (k in cnt) {
				if (inf[k] != cnt[k] || ex[k] != cnt[k]) { print "count:", k, inf[k], cnt[k], ex[k]; bad = 1 }
				if (sum[k] != sec[k]) { print "sum:", k, sum[k], sec[k]; bad = 1 }
				if (so[k] > sec[k] + 0) { print "sched-out:", k; bad = 1 }
				n++
			}
			if (!n) bad = 1
			exit bad
		}' "$BATS_TEST_TMPDIR/kvmexittime.prom"
	# The VMM sleeps 8 ms on each port write: no IOIO exit is in a bucket
	# whose bound is below that.
	grep '^kvm_exit_duration_seconds_bucket{.*reason="IOIO"' "$BATS_TEST_TMPDIR/kvmexittime.prom" |
		awk '{ le = $0; sub(/.*le="/, "", le); sub(/".*/, "", le)
		       if (le != "+Inf" && le + 0 < 0.008 && $NF != 0) { print; exit 1 } }'
}

@test "$VM_KERNEL: prom: after SIGTERM the last complete file stays, with every exit" {
	write_files
	[ "$(part_rc "prom run" term)" = 0 ]
	diff <(grep -v '^#' "$BATS_TEST_TMPDIR/term.prom" | sort) \
		<(grep -v '^#' "$BATS_TEST_TMPDIR/kvmexit.prom" | sort)
}

# A free TCP port on 127.0.0.1 for each argument, all different.
free_ports() {
	python3 -c '
import socket, sys
socks = []
for _ in sys.argv[1:]:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$@"
}

# prom_query PORT EXPR: the value of an instant vector with one sample.
prom_query() {
	curl -s --max-time 5 -G "http://127.0.0.1:$1/api/v1/query" \
		--data-urlencode "query=$2" | python3 -c '
import json, sys
r = json.load(sys.stdin)
res = r["data"]["result"] if r.get("status") == "success" else []
print(res[0]["value"][1] if len(res) == 1 else "")'
}

# Stops the servers whose PIDs are in $1 (a file): TERM, then KILL after 10 s.
stop_servers() {
	local pid i
	for pid in $(cat "$1" 2>/dev/null); do
		kill -TERM "$pid" 2>/dev/null || continue
		for i in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
	rm -f "$1"
}

teardown() {
	[ -z "${PIDS:-}" ] || stop_servers "$PIDS"
}

@test "$VM_KERNEL: prom: node_exporter's textfile collector and Prometheus serve the tools' counts" {
	local ne=/usr/bin/prometheus-node-exporter p=/usr/bin/prometheus
	[ -x $ne ] || skip "prometheus-node-exporter not installed (make deps)"
	[ -x $p ] || skip "prometheus not installed (make deps)"
	command -v curl >/dev/null || skip "curl not installed (make deps)"
	[ "$VM_RC" -eq 0 ]
	write_files
	local d=$BATS_TEST_TMPDIR ke_io kt_io
	ke_io=$(text_counts | awk '$1 == "IOIO" { print $2 }')
	kt_io=$(ttext_counts | awk '$1 == "IOIO" { print $2 }')
	[ -n "$ke_io" ] && [ -n "$kt_io" ]
	# One textfile directory per tool: both files have kvm_exits_total
	# with the same labels, which one node_exporter would refuse to merge.
	mkdir "$d/tf-kvmexit" "$d/tf-kvmexittime" "$d/tsdb"
	cp "$d/kvmexit.prom" "$d/tf-kvmexit/"
	cp "$d/kvmexittime.prom" "$d/tf-kvmexittime/"
	export PIDS=$d/pids
	(
		trap 'stop_servers "$PIDS"' EXIT
		read -r p1 p2 p3 < <(free_ports a b c)
		echo "ports $p1 $p2 $p3"
		$ne --collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$d/tf-kvmexit" \
			--web.listen-address="127.0.0.1:$p1" >"$d/ne1.log" 2>&1 &
		echo $! >>"$PIDS"
		$ne --collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$d/tf-kvmexittime" \
			--web.listen-address="127.0.0.1:$p2" >"$d/ne2.log" 2>&1 &
		echo $! >>"$PIDS"
		cat >"$d/prometheus.yml" <<-EOF
			global:
			  scrape_interval: 1s
			  evaluation_interval: 1s
			scrape_configs:
			  - job_name: kvmexit
			    static_configs:
			      - targets: ['127.0.0.1:$p1']
			  - job_name: kvmexittime
			    static_configs:
			      - targets: ['127.0.0.1:$p2']
		EOF
		$p --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/tsdb" \
			--web.listen-address="127.0.0.1:$p3" >"$d/prometheus.log" 2>&1 &
		echo $! >>"$PIDS"
		# Ready, and both targets scraped at least once: 60 s at most.
		local i q1 q2 ok=
		for i in $(seq 120); do
			q1=$(prom_query $p3 'count(kvm_exits_total{job="kvmexit"})' 2>/dev/null) || true
			q2=$(prom_query $p3 'count(kvm_exit_duration_seconds_count{job="kvmexittime"})' 2>/dev/null) || true
			if [ -n "$q1" ] && [ -n "$q2" ]; then ok=1; break; fi
			sleep 0.5
		done
		[ -n "$ok" ] || { tail -5 "$d"/*.log; echo "no scrape within 60 s"; false; }
		local got
		for job in kvmexit kvmexittime; do
			[ "$(prom_query $p3 "up{job=\"$job\"}")" = 1 ]
			[ "$(prom_query $p3 "node_textfile_scrape_error{job=\"$job\"}")" = 0 ]
		done
		got=$(prom_query $p3 'sum(kvm_exits_total{job="kvmexit",reason="IOIO",vm="promvm"})')
		echo "kvm_exits_total IOIO: Prometheus $got, kvmexit $ke_io"
		[ "$got" = "$ke_io" ]
		got=$(prom_query $p3 'sum(kvm_exit_duration_seconds_count{job="kvmexittime",reason="IOIO",vm="promvm"})')
		echo "kvm_exit_duration_seconds_count IOIO: Prometheus $got, kvmexittime $kt_io"
		[ "$got" = "$kt_io" ]
		# Per vCPU, and a histogram quantile Prometheus computes from our buckets.
		[ "$(prom_query $p3 'kvm_exits_total{job="kvmexit",reason="IOIO",vcpu="1"}')" = "$IO" ]
		got=$(prom_query $p3 'histogram_quantile(0.5, sum by (le) (kvm_exit_duration_seconds_bucket{job="kvmexittime",reason="IOIO"}))')
		echo "IOIO median $got s"
		awk -v q="$got" 'BEGIN { exit !(q >= 0.004 && q <= 0.034) }'
	)
	# Nothing left running.
	[ ! -e "$PIDS" ]
}

#!/usr/bin/env bats
# kernels: bookworm   (two minutes: one kernel)
# Soak (issue 8): 10^6 real exits while kvmexit runs back to back and
# kvmexittime runs throughout; the counts still equal tracefs's, RSS stays
# flat, no loss counter moves.  Runs on one kernel (VM_SOAK_KERNEL, default
# bookworm): it takes about two minutes.

bats_require_minimum_version 1.5.0
load lib

setup_file() {
	export SOAK_ON=${VM_SOAK_KERNEL:-bookworm}
	[ "${VM_KERNEL:-bookworm}" = "$SOAK_ON" ] || return 0
	# Two L1 vCPUs: twice the exit rate under TCG (bookworm boots reliably so).
	VM_SMP=${VM_SMP:-2} boot_scenario soak 500
}

setup() {
	[ "${VM_KERNEL:-bookworm}" = "$SOAK_ON" ] || skip "the soak runs on $SOAK_ON only (VM_SOAK_KERNEL)"
	[ "$VM_RC" -ne 3 ] || skip "$(grep -m1 SKIP "$LOG")"
}

@test "$VM_KERNEL: soak: the guest made 10^6 exits in several kvmexit windows" {
	[ "$VM_RC" -eq 0 ] || { tail -20 "$LOG"; false; }
	grep -q '^@@ done$' "$LOG"
	{ ! grep '^@@ error' "$LOG"; } || false
	grep -q '^guest rc=0 ' "$LOG"
	[ "$(grep -c 'result=OK' "$LOG")" -eq 2 ]
	[ "$(part "soak kvmexit" tracefs | sed -n 's/^total //p')" -ge 1000000 ]
	# kvmexit back to back for two minutes at least.
	[ "$(grep -c '^window [0-9]* rc=0 ' "$LOG")" -ge 20 ]
	# It finished inside a window, so every exit was in one.
	grep -q '^guest finished inside window ' "$LOG"
}

@test "$VM_KERNEL: soak: kvmexit's runs add up to tracefs's count" {
	sum_is_tracefs "soak kvmexit" "$(sed -n 's/^window [0-9]* rc=0 exits //p' "$LOG" |
		awk '{ n += $1 } END { print n }')"
}

@test "$VM_KERNEL: soak: kvmexittime's intervals add up to tracefs's count" {
	local hlt
	# The guest's last exits (one HLT per vCPU) never re-enter.
	hlt=$(part "soak kvmexit" tracefs | awk '$1 == 120 { print $2 }')
	[ "$hlt" -eq 2 ]
	sum_is_tracefs "soak kvmexit" "$(part "soak kvmexit" kvmexittime |
		awk -F'\t' '$1 !~ /^(Exit reason|Total|Tracing)/ && NF >= 5 { n += $2 } END { print n }')" "$hlt"
	# A summary a second for two minutes.
	[ "$(part "soak kvmexit" kvmexittime | grep -c '^Total')" -ge 110 ]
}

# Mean of the first and of the last quarter of a column of numbers: within 10 %.
flat() {
	awk '$1 <= 0 { bad = 1 } { v[NR] = $1 } END {
		if (NR < 4 || bad) { print "too few samples: " NR; exit 1 }
		q = int(NR / 4)
		for (i = 1; i <= q; i++) { a += v[i]; b += v[NR - q + i] }
		a /= q; b /= q
		printf "first %.0f last %.0f kB\n", a, b
		exit !(b <= a * 1.1 && b >= a * 0.9) }'
}

@test "$VM_KERNEL: soak: RSS stays flat, first vs last quarter within 10 %" {
	sed -n 's/^window [0-9]* kvmexit-rss \([0-9]*\) .*/\1/p' "$LOG" | flat
	sed -n 's/.* kvmexittime-rss \([0-9]*\)$/\1/p' "$LOG" | flat
}

@test "$VM_KERNEL: soak: no loss counter moved" {
	{ ! grep -E '^stderr ' "$LOG"; } || false
	{ ! part "soak kvmexit" kvmexittime-stderr | grep -E 'warning|without a matching'; } || false
}

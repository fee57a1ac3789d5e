# Helpers for tests/vm/*.bats: read the sections tests/vm/e2e.sh printed.

# part CASE PART: the lines of one part ("guest", "kvmexit", "tracefs", ...)
# of one case ("p raw").
part() {
	awk -v c="$1" -v p="$2" '
		/^@@ case / { incase = ($3 " " $4 == c); cur = ""; next }
		/^@@ / { cur = $2; next }
		incase && cur == p' "$LOG"
}

# sum_is_tracefs CASE SUM [LESS]: SUM is tracefs's count of the case's run
# less LESS, give or take the events ftrace itself dropped and BPF did not
# (its ring buffer's, its hist map's: seen 1 in 10^6).
sum_is_tracefs() {
	local total dropped want
	total=$(part "$1" tracefs | sed -n 's/^total //p')
	dropped=$(part "$1" tracefs | sed -n 's/^dropped //p')
	want=$((total - ${3:-0}))
	echo "sum $2, tracefs $total less ${3:-0} (ftrace dropped ${dropped:-0})"
	[ "$2" -ge "$want" ]
	[ "$2" -le $((want + ${dropped:-0})) ]
}

# part_rc CASE PART: the exit status recorded for a part.
part_rc() {
	awk -v c="$1" -v p="$2" '
		/^@@ case / { incase = ($3 " " $4 == c); next }
		incase && $1 == "@@" && $2 == p { sub(/^rc=/, "", $3); print $3; exit }' "$LOG"
}

# The SVM codes the test guest produces, by the names the tools print.
svm_name() {
	case $1 in
	78) echo EXCP_PF ;; 96) echo INTR ;; 100) echo VINTR ;; 114) echo CPUID ;;
	119) echo PAUSE ;; 120) echo HLT ;; 123) echo IOIO ;; 124) echo MSR ;;
	129) echo VMMCALL ;; 1024) echo NPF ;; *) echo "UNKNOWN_$1" ;;
	esac
}

# tracefs_rows CASE TID...: "tid NAME count" from tracefs, for these threads.
tracefs_rows() {
	local c=$1 tid code n
	shift
	part "$c" tracefs | while read -r tid code n; do
		[ "$tid" = total ] && continue
		case " $* " in *" $tid "*) echo "$tid $(svm_name "$code") $n" ;; esac
	done | sort
}

# collapse: "tid NAME count" lines -> "NAME count" summed over threads.
collapse() {
	awk '{ n[$2] += $3 } END { for (k in n) print k, n[k] }' | sort
}

# collapse_names: "NAME count" lines -> summed per NAME.
collapse_names() {
	awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort
}

# Field of the guest's output: guest_field CASE pid|vcpu0|vcpu1
guest_field() {
	part "$1" guest | sed -n "s/^$2=//p"
}

# boot_scenario NAME TIMEOUT: a scenario's setup_file.  Boots the VM
# (VM_KERNEL) once to run tests/vm/NAME.sh, whose output goes to $LOG; sets
# VM_RC.  One L1 vCPU by default (VM_SMP): with two, QEMU TCG now and then
# hung 5.10 or oopsed 7.2 (e2e.bats); such a boot is rerun once, and said so.
# E2E_REUSE=1 checks the last run's log again without booting.
boot_scenario() {
	local name=$1 timeout=$2 tries
	export VM_KERNEL=${VM_KERNEL:-bookworm}
	export LOG=${OUTPUT:-.output}/vm/$name-$VM_KERNEL.log
	mkdir -p "${LOG%/*}"
	if [ -n "${E2E_REUSE:-}" ] && [ -s "$LOG" ]; then
		export VM_RC=0
		return
	fi
	for tries in 1 2; do
		VM_FILES="tests/vm/$name.sh tests/vm/vmlib.sh" tests/vm/run --smp "${VM_SMP:-1}" \
			--timeout "$timeout" --kernel "$VM_KERNEL" -- "$name.sh" >"$LOG" 2>&1
		export VM_RC=$?
		grep -qE 'Oops:|no exit marker' "$LOG" || break
		echo "# $VM_KERNEL: the VM kernel oopsed or hung (TCG); booting again" >&3
	done
}

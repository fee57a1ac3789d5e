# Helpers for tests/vm/*.bats: read the sections tests/vm/e2e.sh printed.

# part CASE PART: the lines of one part ("guest", "kvmexit", "tracefs", ...)
# of one case ("p raw").
part() {
	awk -v c="$1" -v p="$2" '
		/^@@ case / { incase = ($3 " " $4 == c); cur = ""; next }
		/^@@ / { cur = $2; next }
		incase && cur == p' "$LOG"
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

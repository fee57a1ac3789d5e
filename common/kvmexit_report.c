// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include "kvmexit_report.h"
#include "exit_reasons.h"
#include "identity.h"

void kvmexit_print_header(FILE *f, const struct cli *c, long long duration)
{
	char small[256], *context = small;
	size_t len = cli_context(c, NULL, 0) + 1;

	if (len > sizeof(small))
		context = malloc(len);
	if (!context) {
		context = small;
		len = sizeof(small);
	}
	cli_context(c, context, len);
	fprintf(f, "Display kvm exit reasons and statistics for %s", context);
	if (context != small)
		free(context);
	/* -n: where the rows have no VM column, the header names the VM. */
	if (identity_enabled() && cli_view(c) == VIEW_COLLAPSED)
		fprintf(f, " (%s)", identity_context(c->pid, c->tid, small,
						    sizeof(small)));
	if (duration < KVMEXIT_FOREVER)
		fprintf(f, " after sleeping %lld secs.\n", duration);
	else
		fprintf(f, "... Hit Ctrl-C to end.\n");
}

static const char *column_prefix(enum cli_view view)
{
	switch (view) {
	case VIEW_ALL:
		return "PID      TID      ";
	case VIEW_THREADS:
		return "TID      ";
	case VIEW_TIDS:
		return "TIDS     ";
	default:
		return "";
	}
}

/* -n: the VM and VCPU columns lead the per-thread rows. */
static bool names_shown(enum cli_view view)
{
	return identity_enabled() && view != VIEW_COLLAPSED;
}

static void print_identity(FILE *f, unsigned int tgid, unsigned int tid)
{
	struct identity_cells cells;

	identity_cells(tgid, tid, &cells);
	fprintf(f, "%-*s %-*s ", IDENTITY_VM_WIDTH, cells.vm,
		IDENTITY_VCPU_WIDTH, cells.vcpu);
}

void kvmexit_print_columns(FILE *f, enum cli_view view)
{
	if (names_shown(view))
		fprintf(f, "%-*s %-*s ", IDENTITY_VM_WIDTH, "VM",
			IDENTITY_VCPU_WIDTH, "VCPU");
	fprintf(f, "%s%-35s %s\n", column_prefix(view), "KVM_EXIT_REASON", "COUNT");
}

void kvmexit_print_rows(FILE *f, enum cli_view view, struct exit_table *t)
{
	char buf[32];
	size_t i;

	if (view == VIEW_COLLAPSED)
		exit_table_collapse(t);
	else
		exit_table_sort_threads(t);
	for (i = 0; i < t->n; i++) {
		const struct exit_row *r = &t->rows[i];
		const char *name = exit_reason_label(r->isa, r->code, buf, sizeof(buf));

		if (!r->count)
			continue;
		if (names_shown(view))
			print_identity(f, r->tgid, r->tid);
		if (view == VIEW_ALL)
			fprintf(f, "%-8u %-8u %-35s %-8llu\n", r->tgid, r->tid, name,
				r->count);
		else if (view == VIEW_THREADS || view == VIEW_TIDS)
			fprintf(f, "%-8u %-35s %-8llu\n", r->tid, name, r->count);
		else
			fprintf(f, "%-35s %-8llu\n", name, r->count);
	}
}

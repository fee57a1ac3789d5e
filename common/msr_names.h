/* SPDX-License-Identifier: GPL-2.0 */
/* Names of the MSRs guests commonly exit on, as the SDM and Linux spell them. */
#ifndef KVMEXIT_MSR_NAMES_H
#define KVMEXIT_MSR_NAMES_H

/* The MSR's name without the IA32_/MSR_ prefix, or NULL if not in the table. */
const char *msr_name(unsigned int index);

#endif

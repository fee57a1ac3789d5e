/* SPDX-License-Identifier: GPL-2.0 */
/* The one place the version is set; debian/changelog must agree (make check). */
#ifndef KVMEXIT_VERSION_H
#define KVMEXIT_VERSION_H

#define KVMEXIT_VERSION "0.1.0"

#endif

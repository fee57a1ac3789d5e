// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "err.h"
#include "output.h"

/* Said once: a later flush of the same broken stream adds nothing. */
static bool failed;

int output_flush(void)
{
	int e;

	if (failed)
		return EXIT_RUNTIME;
	errno = 0;
	if (!fflush(stdout) && !ferror(stdout))
		return 0;
	/*
	 * A write that failed while the buffer filled up leaves only the
	 * error flag; errno still holds its reason unless fflush had one.
	 */
	e = errno;
	failed = true;
	err_msg("error: writing output: %s", e ? strerror(e) : "I/O error");
	return EXIT_RUNTIME;
}

static void close_stdout(void)
{
	if (output_flush())
		_exit(EXIT_RUNTIME);
	/*
	 * Closing reports a late error (NFS, some pipes); EBADF means stdout
	 * was closed from the start and nothing was written to it, which is
	 * not a loss.
	 */
	if (fclose(stdout) && errno != EBADF) {
		err_msg("error: writing output: %s", strerror(errno));
		_exit(EXIT_RUNTIME);
	}
}

void output_init(void)
{
	int fd;

	/* open() takes the lowest free fd: each fills the hole just tested. */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", O_RDONLY) != fd)
			break;
	atexit(close_stdout);
}

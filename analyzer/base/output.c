/* SPDX-License-Identifier: Apache-2.0 */
/* Report files written without damage: see output.h. Everything here works on
 * the path the user gave and never writes through a symbolic link there: a
 * tree under review may have planted one to a file outside it. */
#include "base/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/cleanup.h"
#include "base/path.h"
#include "base/problems.h"

enum target_kind {
	TARGET_NEW,      /* nothing there yet */
	TARGET_REGULAR,  /* replaced atomically */
	TARGET_STREAM,   /* character device, FIFO or our own standard output: written in place */
	TARGET_STREAM_LINK, /* a link to a pipe or to our standard output or error: the same */
	TARGET_REFUSED,
};

static void fail(struct problems *problems, const char *path, const char *reason)
{
	problems_add(problems, PROBLEM_ERROR, NULL, 0, 0, "cannot write report '%s': %s", path,
		     reason);
}

static bool is_standard_output(const struct stat *st)
{
	struct stat out;
	return fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st->st_dev && out.st_ino == st->st_ino;
}

/* A link is written through only when it leads to a pipe or to our own
 * standard output or error (/dev/stdout, a shell's /dev/fd/63): nothing a
 * checkout can plant reaches a file that way. */
static bool is_stream_link(const char *path, struct stat *st)
{
	struct stat out;
	if (stat(path, st) != 0)
		return false;
	if (S_ISFIFO(st->st_mode))
		return true;
	for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++)
		if (fstat(fd, &out) == 0 && out.st_dev == st->st_dev && out.st_ino == st->st_ino)
			return true;
	return false;
}

static enum target_kind classify(const char *path, struct stat *st, struct problems *problems)
{
	if (lstat(path, st) != 0) {
		if (errno == ENOENT)
			return TARGET_NEW;
		fail(problems, path, strerror(errno));
		return TARGET_REFUSED;
	}
	if (S_ISLNK(st->st_mode)) {
		if (is_stream_link(path, st))
			return TARGET_STREAM_LINK;
		fail(problems, path, "is a symbolic link; entrycheck never writes through a link "
				     "(remove it, or name the file it leads to)");
		return TARGET_REFUSED;
	}
	if (S_ISREG(st->st_mode))
		return is_standard_output(st) ? TARGET_STREAM : TARGET_REGULAR;
	if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode))
		return TARGET_STREAM;
	fail(problems, path,
	     S_ISDIR(st->st_mode) ? "is a directory"
				  : "not a regular file, character device or FIFO; refusing to replace it");
	return TARGET_REFUSED;
}

int output_check(const char *path, struct problems *problems)
{
	struct stat st;
	enum target_kind kind = classify(path, &st, problems);
	if (kind == TARGET_REFUSED)
		return -1;
	if (kind == TARGET_STREAM || kind == TARGET_STREAM_LINK) {
		if (access(path, W_OK) == 0)
			return 0;
		fail(problems, path, strerror(errno));
		return -1;
	}
	char *dir = path_dirname(path);
	int rc = access(dir, W_OK | X_OK);
	if (rc != 0) {
		char *reason = alloc_printf("cannot create files in '%s': %s", dir, strerror(errno));
		fail(problems, path, reason);
		free(reason);
	}
	free(dir);
	return rc == 0 ? 0 : -1;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A FIFO without a reader fails (ENXIO) instead of blocking forever. Only a
 * link classify() accepted is followed. */
static int write_stream(const char *path, bool via_link, const char *data, size_t len,
			struct problems *problems)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_APPEND | O_NONBLOCK | O_CLOEXEC |
				    (via_link ? 0 : O_NOFOLLOW));
	if (fd < 0) {
		fail(problems, path, errno == ENXIO ? "FIFO has no reader" : strerror(errno));
		return -1;
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	int rc = write_all(fd, data, len);
	int err = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0)
		fail(problems, path, strerror(err));
	return rc;
}

static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Copies the old file's mode, and its owner when we may (root). */
static int keep_attributes(int fd, bool existed, const struct stat *st)
{
	if (fchmod(fd, existed ? st->st_mode & 07777 : new_file_mode()) != 0)
		return -1;
	if (existed && geteuid() == 0 && (st->st_uid != 0 || st->st_gid != 0))
		return fchown(fd, st->st_uid, st->st_gid);
	return 0;
}

static int write_replace(const char *path, enum target_kind kind, const struct stat *st,
			 const char *data, size_t len, struct problems *problems)
{
	/* rename() replaces the name itself: it never follows a link there. */
	const char *target = path;
	char *dir = path_dirname(target);
	char *tmp = path_join(dir, ".entrycheck-report-XXXXXX");
	int fd = mkstemp(tmp);
	int rc = -1;
	if (fd < 0) {
		char *reason = alloc_printf("cannot create files in '%s': %s", dir, strerror(errno));
		fail(problems, path, reason);
		free(reason);
		goto out;
	}
	cleanup_register(tmp, false);
	int err = 0;
	if (write_all(fd, data, len) != 0 || keep_attributes(fd, kind == TARGET_REGULAR, st) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, target) != 0)
		err = errno;
	if (err) {
		unlink(tmp);
		fail(problems, path, strerror(err));
	} else {
		rc = 0;
	}
	cleanup_unregister(tmp);
out:
	free(tmp);
	free(dir);
	return rc;
}

int output_write(const char *path, const char *data, size_t len, struct problems *problems)
{
	struct stat st;
	memset(&st, 0, sizeof(st));
	enum target_kind kind = classify(path, &st, problems);
	switch (kind) {
	case TARGET_REFUSED:
		return -1;
	case TARGET_STREAM:
	case TARGET_STREAM_LINK:
		return write_stream(path, kind == TARGET_STREAM_LINK, data, len, problems);
	case TARGET_NEW:
	case TARGET_REGULAR:
		break;
	}
	return write_replace(path, kind, &st, data, len, problems);
}

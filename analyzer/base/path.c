/* SPDX-License-Identifier: Apache-2.0 */
/* Paths, directories and file identity. */
#include "base/path.h"
#include "base/alloc.h"
#include "base/cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

bool path_is_absolute(const char *path)
{
	return path[0] == '/';
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n && dir[n - 1] == '/')
		return alloc_printf("%s%s", dir, name);
	return alloc_printf("%s/%s", dir, name);
}

char *path_absolute(const char *path, const char *base)
{
	char *cwd = NULL;
	char *joined;
	if (path_is_absolute(path)) {
		joined = alloc_strdup(path);
	} else {
		if (!base)
			base = cwd = path_current_directory();
		joined = path_join(base, path);
	}
	free(cwd);

	/* Normalize lexically: split on '/', drop "." and pop on "..". */
	size_t n = strlen(joined);
	char *out = alloc_bytes(n + 2);
	size_t len = 0;
	const char *p = joined;
	while (*p) {
		while (*p == '/')
			p++;
		const char *start = p;
		while (*p && *p != '/')
			p++;
		size_t seg = (size_t)(p - start);
		if (seg == 0 || (seg == 1 && start[0] == '.'))
			continue;
		if (seg == 2 && start[0] == '.' && start[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		out[len++] = '/';
		memcpy(out + len, start, seg);
		len += seg;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	free(joined);
	return out;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return alloc_strdup(".");
	if (slash == path)
		return alloc_strdup("/");
	return alloc_strndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

char *path_relative_to(const char *path, const char *base)
{
	size_t n = strlen(base);
	while (n > 1 && base[n - 1] == '/')
		n--;
	if (!strncmp(path, base, n) && path[n] == '/' && path[n + 1])
		return alloc_strdup(path + n + 1);
	return alloc_strdup(path);
}

char *path_current_directory(void)
{
	size_t size = 256;
	for (;;) {
		char *buf = alloc_bytes(size);
		if (getcwd(buf, size))
			return buf;
		free(buf);
		if (errno != ERANGE)
			return alloc_strdup(".");
		size *= 2;
	}
}

bool path_is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_is_regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *path_entry_nocase(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *found = NULL;
	struct dirent *de;
	while (!found && (de = readdir(d)))
		if (!strcasecmp(de->d_name, name))
			found = alloc_strdup(de->d_name);
	closedir(d);
	return found;
}

char *path_identity(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL;
	return alloc_printf("%llx:%llx", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
}

int path_make_directories(const char *path)
{
	if (cleanup_interrupted()) {
		errno = EINTR;
		return -1;
	}
	char *copy = alloc_strdup(path);
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			free(copy);
			return -1;
		}
		*p = '/';
	}
	int rc = (mkdir(copy, 0777) != 0 && errno != EEXIST) ? -1 : 0;
	free(copy);
	return rc;
}

void path_remove_tree(const char *path)
{
	DIR *dir = opendir(path);
	if (dir) {
		struct dirent *de;
		while ((de = readdir(dir))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *child = path_join(path, de->d_name);
			struct stat st;
			if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
				path_remove_tree(child);
			else
				unlink(child);
			free(child);
		}
		closedir(dir);
		rmdir(path);
	}
}

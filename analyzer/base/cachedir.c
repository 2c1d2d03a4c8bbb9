/* One directory per cache under the user's cache directory; entries are
 * files, trimmed by their modification time, which a hit refreshes. */
#include "base/cachedir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

char *cache_dir_open(const char *requested, const char *sub)
{
	char *base;
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (requested)
		base = xstrdup(requested);
	else if (xdg && path_is_absolute(xdg))
		base = path_join(xdg, "entrycheck");
	else if (home && path_is_absolute(home))
		base = xasprintf("%s/.cache/entrycheck", home);
	else
		return NULL;
	char *dir = path_join(base, sub);
	free(base);
	if (make_directories(dir) != 0 || access(dir, W_OK | X_OK) != 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

struct cached {
	char *path;
	off_t size;
	time_t used;
};

static int newest_first(const void *a, const void *b)
{
	const struct cached *x = a, *y = b;
	if (x->used != y->used)
		return x->used > y->used ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* Removes the least recently used entries past the bound, and temporaries a
 * killed run left more than an hour ago. */
void cache_dir_trim(const char *dir, const char *prefix, unsigned long long max_bytes)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct cached *all = NULL;
	size_t n = 0, cap = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		char *path = path_join(dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (strstr(e->d_name, ".tmp-")) {
			if (now - st.st_mtime > 3600)
				unlink(path);
			free(path);
			continue;
		}
		GROW(all, cap, n + 1);
		all[n++] = (struct cached){ path, st.st_size, st.st_mtime };
	}
	closedir(d);
	if (n > 1)
		qsort(all, n, sizeof(*all), newest_first);
	unsigned long long total = 0;
	for (size_t i = 0; i < n; i++) {
		total += (unsigned long long)all[i].size;
		if (total > max_bytes && i > 0)
			unlink(all[i].path);
		free(all[i].path);
	}
	free(all);
}


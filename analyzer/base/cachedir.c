/* One directory per cache under the user's cache directory; entries are
 * files, trimmed by their modification time, which a hit refreshes. */
#include "base/cachedir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>
#include <stdio.h>

#include "base/locate.h"
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


char *cache_read_file(const char *path, size_t max, size_t *len)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max)
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = xmalloc((size_t)st.st_size + 1);
	size_t got = fread(buf, 1, (size_t)st.st_size + 1, f);
	fclose(f);
	if (got != (size_t)st.st_size) { /* changed under us */
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Both caches of a run ask; the executable is read once. */
static pthread_once_t tool_once = PTHREAD_ONCE_INIT;
static unsigned long long tool;

static void hash_tool(void)
{
	char *exe = locate_executable();
	size_t len = 0;
	char *bytes = exe ? cache_read_file(exe, 1024u * 1024 * 1024, &len) : NULL;
	tool = bytes ? hash_content(bytes, len) | 1 : 0;
	free(bytes);
	free(exe);
}

unsigned long long cache_tool_hash(void)
{
	pthread_once(&tool_once, hash_tool);
	return tool;
}

bool cache_write_entry(const char *path, const char *data, size_t len)
{
	char *temp = xasprintf("%s.tmp-%ld-%lx", path, (long)getpid(), (unsigned long)pthread_self());
	FILE *f = fopen(temp, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(temp, path) != 0)
		ok = false;
	if (!ok && f)
		unlink(temp);
	free(temp);
	return ok;
}

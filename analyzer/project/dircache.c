/* SPDX-License-Identifier: Apache-2.0 */
/* The folder cache of project/dircache.h: one index of the folders asked
 * about, and one of their entries keyed by the folder's number and the
 * entry's name folded to lower case. */
#include "project/dircache.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/strbuf.h"

enum { UNKNOWN, YES, NO, ABSENT };

struct folder {
	unsigned char listed;      /* UNKNOWN, YES (entries indexed), NO (unreadable),
				    * ABSENT (no such folder: nothing below it exists) */
	unsigned char directory;   /* UNKNOWN, YES, NO: lstat says a directory */
};

struct project_dircache {
	struct strindex folders;   /* paths as asked, by number */
	struct folder *state;      /* by folder number */
	size_t state_cap;
	struct strindex keys;      /* "NUMBER/folded name", by number */
	char **spelled;            /* by key number: the name on disk */
	size_t spelled_cap;
	struct strbuf key;         /* scratch */
};

struct project_dircache *project_dircache_new(void)
{
	struct project_dircache *c = alloc_zeroed(1, sizeof(*c));
	return c; /* all of it empty when zeroed */
}

void project_dircache_free(struct project_dircache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->keys.len; i++)
		free(c->spelled[i]);
	free(c->spelled);
	strindex_clear(&c->keys);
	free(c->state);
	strindex_clear(&c->folders);
	strbuf_release(&c->key);
	free(c);
}

static struct folder *folder(struct project_dircache *c, const char *path)
{
	size_t known = c->folders.len;
	int k = strindex_add(&c->folders, path);
	if ((size_t)k >= known) {
		GROW(c->state, c->state_cap, (size_t)k + 1);
		c->state[k] = (struct folder){ UNKNOWN, UNKNOWN };
	}
	return &c->state[k];
}

/* "NUMBER/name" with the name's ASCII letters in lower case, as strcasecmp
 * compares them, in c->key. */
static const char *key_of(struct project_dircache *c, size_t number, const char *name)
{
	c->key.len = 0; /* what follows writes the terminator again */
	strbuf_addf(&c->key, "%zu/", number);
	for (const char *p = name; *p; p++)
		strbuf_addc(&c->key, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
	return strbuf_str(&c->key);
}

static void list(struct project_dircache *c, size_t number, const char *dir)
{
	DIR *d = opendir(dir);
	c->state[number].listed = d ? YES : errno == ENOENT || errno == ENOTDIR ? ABSENT : NO;
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t known = c->keys.len;
		int k = strindex_add(&c->keys, key_of(c, number, de->d_name));
		if ((size_t)k < known)
			continue; /* another spelling of a name listed before: the first wins */
		GROW(c->spelled, c->spelled_cap, (size_t)k + 1);
		c->spelled[k] = alloc_strdup(de->d_name);
	}
	closedir(d);
}

/* The number of the key of `name` in `dir`, listed now if need be: -1
 * when no name folds to it or `dir` does not exist, -2 when `dir` cannot be
 * read. */
static int find(struct project_dircache *c, const char *dir, const char *name)
{
	struct folder *f = folder(c, dir);
	size_t number = (size_t)(f - c->state);
	if (f->listed == UNKNOWN)
		list(c, number, dir);
	if (c->state[number].listed != YES)
		return c->state[number].listed == ABSENT ? -1 : -2;
	return strindex_find(&c->keys, key_of(c, number, name));
}

const char *project_dircache_entry(struct project_dircache *c, const char *dir, const char *name)
{
	int k = find(c, dir, name);
	return k >= 0 ? c->spelled[k] : NULL;
}

int project_dircache_holds(struct project_dircache *c, const char *dir, const char *name)
{
	int k = find(c, dir, name);
	if (k == -2)
		return -1;
	return k < 0 ? 0 : !strcmp(c->spelled[k], name) ? 1 : -1;
}

bool project_dircache_is_directory(struct project_dircache *c, const char *path)
{
	struct folder *f = folder(c, path);
	if (f->directory == UNKNOWN) {
		struct stat st;
		f->directory = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? YES : NO;
	}
	return f->directory == YES;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Choosing a declared configuration for a project that lacks the one asked
 * for, as Visual Studio would offer one the project has. Evaluating the
 * project is project/msbuild.c. */
#include "project/msconfig.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/str.h"

/* The Windows version a configuration's name (in lower case) targets
 * ("win10 release" 100, "win8.1 debug" 81, "xp release" 51, "vista" 60), or
 * 0 when it names none. */
static int named_windows_version(const char *name)
{
	int best = 0;
	for (const char *p = name; *p; p++) {
		int v = 0;
		if (!strncmp(p, "win", 3) && isdigit((unsigned char)p[3])) {
			char *end;
			v = (int)strtol(p + 3, &end, 10) * 10;
			if (*end == '.' && isdigit((unsigned char)end[1]))
				v += end[1] - '0';
		} else if (!strncmp(p, "vista", 5)) {
			v = 60;
		} else if (!strncmp(p, "xp", 2) && (p == name || !isalpha((unsigned char)p[-1])) &&
			   !isalpha((unsigned char)p[2])) {
			v = 51;
		}
		if (v > best && v < 120) /* not "win32", "win64" */
			best = v;
	}
	return best;
}

/* The declared configuration to build when the one asked for is not
 * declared: of those with the same platform whose name contains the
 * configuration asked for, the one for the newest Windows ("Win10 Release"
 * rather than "XP Release": the header model is a Windows 10 kit's, and a
 * build for XP defines versions its headers fail on), then the shortest
 * ("Win7 Release" for Release, rather than "Win7 OEM Release"); else the
 * first with that platform, else the first. NULL when it is declared or none are. */
const char *msbuild_config_choose(const struct strvec *listed, const char *config, const char *platform)
{
	char *wanted = alloc_printf("%s|%s", config, platform);
	const char *same_platform = NULL, *similar = NULL;
	int similar_version = 0;
	bool declared = false;
	for (size_t i = 0; i < listed->len; i++) {
		const char *c = listed->items[i];
		const char *bar = strchr(c, '|');
		declared |= !strcasecmp(c, wanted);
		if (!bar || strcasecmp(bar + 1, platform))
			continue;
		if (!same_platform)
			same_platform = c;
		char *name = str_lower(c);
		char *lower = str_lower(config);
		name[bar - c] = '\0';
		int version = strstr(name, lower) ? named_windows_version(name) : -1;
		if (version >= 0 && (!similar || version > similar_version ||
				     (version == similar_version && strlen(c) < strlen(similar)))) {
			similar = c;
			similar_version = version;
		}
		free(lower);
		free(name);
	}
	free(wanted);
	if (declared || !listed->len)
		return NULL;
	return similar ? similar : same_platform ? same_platform : listed->items[0];
}

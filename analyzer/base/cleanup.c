/* SPDX-License-Identifier: Apache-2.0 */
/* The registry of temporaries removed on SIGINT/SIGTERM/SIGHUP. The handler
 * only uses async-signal-safe calls: unlink for files, fork + exec of rm -rf
 * for directories (a recursive walk would need malloc), then re-raises. */
#include "base/cleanup.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLEANUP_SLOTS 16

struct cleanup_slot {
	char *volatile path;
	volatile bool directory;
};

static struct cleanup_slot slots[CLEANUP_SLOTS];

int cleanup_register(const char *path, bool directory)
{
	for (size_t i = 0; i < CLEANUP_SLOTS; i++) {
		if (slots[i].path)
			continue;
		char *copy = strdup(path);
		if (!copy)
			return -1;
		slots[i].directory = directory;
		slots[i].path = copy;
		return 0;
	}
	return -1;
}

void cleanup_unregister(const char *path)
{
	for (size_t i = 0; i < CLEANUP_SLOTS; i++) {
		char *p = slots[i].path;
		if (p && strcmp(p, path) == 0) {
			slots[i].path = NULL;
			free(p);
			return;
		}
	}
}

static void remove_directory_in_handler(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *const argv[] = {"rm", "-rf", "--", (char *)path, NULL};
		execv("/bin/rm", argv);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
		}
}

static volatile sig_atomic_t interrupted;

bool cleanup_interrupted(void)
{
	return interrupted != 0;
}

static void on_signal(int sig)
{
	interrupted = 1;
	for (size_t i = 0; i < CLEANUP_SLOTS; i++) {
		const char *p = slots[i].path;
		if (!p)
			continue;
		if (slots[i].directory) {
			/* Parse workers may still be creating files in it until the
			 * process dies: remove it until it stays removed. */
			for (int tries = 0; tries < 50 && access(p, F_OK) == 0; tries++)
				remove_directory_in_handler(p);
		} else
			unlink(p);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void cleanup_install_signal_handlers(void)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* Keep an ignored SIGINT ignored (nohup, background jobs of sh). */
		struct sigaction old;
		if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(signals[i], &sa, NULL);
	}
}

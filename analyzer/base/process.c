/* SPDX-License-Identifier: Apache-2.0 */
/* process.h: posix_spawnp with pipes, read with poll so that a child
 * filling one pipe while we wait on the other cannot deadlock. */
#include "base/process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/strbuf.h"

extern char **environ;

static void close_pair(int fds[2])
{
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int process_run(const char *const argv[], struct strbuf *out, struct strbuf *err)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	if (pipe(po) != 0 || pipe(pe) != 0) {
		int saved = errno;
		close_pair(po);
		close_pair(pe);
		errno = saved;
		return -1;
	}
	/* Only the child's standard streams stay open in it (dup2 clears the flag). */
	for (int i = 0; i < 2; i++) {
		fcntl(po[i], F_SETFD, FD_CLOEXEC);
		fcntl(pe[i], F_SETFD, FD_CLOEXEC);
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (rc != 0) {
		close_pair(po);
		close_pair(pe);
		errno = rc;
		return -1;
	}
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	struct strbuf *sinks[2] = { out, err };
	int open_fds = 2;
	char chunk[8192];
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				fds[i].fd = -1; /* poll ignores it from now on */
				open_fds--;
			} else if (sinks[i]) {
				strbuf_add(sinks[i], chunk, (size_t)n);
			}
		}
	}
	close_pair(po);
	close_pair(pe);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

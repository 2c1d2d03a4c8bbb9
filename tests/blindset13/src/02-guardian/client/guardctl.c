/*
 * guardctl.c - tiny console front end for guardian.sys
 *
 *   guardctl protect <pid>
 *   guardctl unprotect <pid>
 *   guardctl clear
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../shared/guardian_ioctl.h"

static int usage(void)
{
    fprintf(stderr, "usage: guardctl protect|unprotect <pid> | clear\n");
    return 2;
}

static int send_pid(HANDLE dev, DWORD code, DWORD pid)
{
    GUARDIAN_PID_REQUEST req;
    DWORD got = 0;

    req.ProcessId = pid;
    if (!DeviceIoControl(dev, code, &req, sizeof(req), NULL, 0, &got, NULL)) {
        fprintf(stderr, "DeviceIoControl failed: %lu\n", GetLastError());
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    HANDLE dev;
    int rc;

    if (argc < 2) {
        return usage();
    }

    dev = CreateFileA(GUARDIAN_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                      OPEN_EXISTING, 0, NULL);
    if (dev == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "cannot open %s: %lu (driver loaded?)\n", GUARDIAN_USER_PATH, GetLastError());
        return 1;
    }

    if (strcmp(argv[1], "protect") == 0 && argc == 3) {
        rc = send_pid(dev, IOCTL_GUARDIAN_PROTECT, (DWORD)strtoul(argv[2], NULL, 0));
    } else if (strcmp(argv[1], "unprotect") == 0 && argc == 3) {
        rc = send_pid(dev, IOCTL_GUARDIAN_UNPROTECT, (DWORD)strtoul(argv[2], NULL, 0));
    } else if (strcmp(argv[1], "clear") == 0) {
        rc = send_pid(dev, IOCTL_GUARDIAN_CLEAR, 0);
    } else {
        rc = usage();
    }

    CloseHandle(dev);
    return rc;
}

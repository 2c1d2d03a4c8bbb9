/*
 * kbmon.c - user-mode switch for kbfilter's capture mode (through kbctl).
 *
 *   kbmon on | off | status
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <wchar.h>
#include "../include/kbsuite.h"

int wmain(int argc, wchar_t **argv)
{
    HANDLE h;
    DWORD value = 0, got = 0;
    BOOL ok;

    if (argc != 2) {
        fwprintf(stderr, L"usage: kbmon on|off|status\n");
        return 2;
    }

    h = CreateFileW(KBSUITE_CTL_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                    OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"open %ls: error %lu\n", KBSUITE_CTL_USER_PATH, GetLastError());
        return 1;
    }

    if (wcscmp(argv[1], L"status") == 0) {
        ok = DeviceIoControl(h, IOCTL_KBSUITE_GET_CAPTURE, NULL, 0, &value, sizeof(value), &got, NULL);
        if (ok) {
            wprintf(L"capture is %ls (takes effect when kbfilter loads)\n", value ? L"on" : L"off");
        }
    } else {
        value = wcscmp(argv[1], L"on") == 0;
        ok = DeviceIoControl(h, IOCTL_KBSUITE_SET_CAPTURE, &value, sizeof(value), NULL, 0, &got, NULL);
    }

    if (!ok) {
        fwprintf(stderr, L"DeviceIoControl: error %lu\n", GetLastError());
    }
    CloseHandle(h);
    return ok ? 0 : 1;
}

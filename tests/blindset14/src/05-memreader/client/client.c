/*
 * client.c - console client for MemReader
 *   mrclient <pid> <hex address> <size>
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include "../shared.h"

static HANDLE OpenDriver(void)
{
    return CreateFileW(L"\\\\.\\MemReader", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
}

static void Dump(const unsigned char* p, unsigned long n, unsigned long long base)
{
    unsigned long i;
    for (i = 0; i < n; i++) {
        if ((i % 16) == 0) printf("\n%016llx  ", base + i);
        printf("%02x ", p[i]);
    }
    printf("\n");
}

int main(int argc, char** argv)
{
    HANDLE h;
    MR_TARGET target;
    MR_READ_REQUEST req;
    unsigned char* out;
    unsigned long long base = 0;
    DWORD bytes;

    if (argc < 4) {
        fprintf(stderr, "usage: %s <pid> <address|0 for image base> <size>\n", argv[0]);
        return 1;
    }

    h = OpenDriver();
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "open failed: %lu\n", GetLastError());
        return 1;
    }

    target.ProcessId = strtoul(argv[1], NULL, 0);
    if (!DeviceIoControl(h, IOCTL_MR_SET_TARGET, &target, sizeof(target), NULL, 0, &bytes, NULL)) {
        fprintf(stderr, "set target failed: %lu\n", GetLastError());
        CloseHandle(h);
        return 1;
    }

    req.Address = _strtoui64(argv[2], NULL, 16);
    req.Size = strtoul(argv[3], NULL, 0);
    if (req.Address == 0 &&
        DeviceIoControl(h, IOCTL_MR_GET_BASE, NULL, 0, &base, sizeof(base), &bytes, NULL)) {
        req.Address = base;
    }
    if (req.Size == 0 || req.Size > MR_MAX_READ) req.Size = 256;

    out = (unsigned char*)malloc(req.Size > sizeof(req) ? req.Size : sizeof(req));
    if (!out) {
        CloseHandle(h);
        return 1;
    }
    memcpy(out, &req, sizeof(req));

    if (DeviceIoControl(h, IOCTL_MR_READ, out, sizeof(req), out, req.Size, &bytes, NULL)) {
        Dump(out, bytes, req.Address);
    } else {
        fprintf(stderr, "read failed: %lu\n", GetLastError());
    }

    free(out);
    CloseHandle(h);
    return 0;
}

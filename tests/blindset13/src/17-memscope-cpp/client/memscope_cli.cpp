//
// memscope_cli.cpp - user-mode front end for memscope.sys
//
//   memscope ps
//   memscope read <pid> <hex address> <size>
//
#include <windows.h>
#include <winioctl.h>
#include <cstdio>
#include <cwchar>
#include <cstdlib>
#include <vector>
#include "../shared/MemscopeIoctl.h"

namespace {

struct Handle {
    HANDLE h = INVALID_HANDLE_VALUE;
    ~Handle() { if (h != INVALID_HANDLE_VALUE) CloseHandle(h); }
};

int ListProcesses(HANDLE dev)
{
    std::vector<MemscopeProcessEntry> entries(1024);
    DWORD got = 0;
    if (!DeviceIoControl(dev, IOCTL_MEMSCOPE_LIST, nullptr, 0, entries.data(),
                         static_cast<DWORD>(entries.size() * sizeof(MemscopeProcessEntry)), &got, nullptr)) {
        fwprintf(stderr, L"list failed: %lu\n", GetLastError());
        return 1;
    }
    for (DWORD i = 0; i < got / sizeof(MemscopeProcessEntry); ++i) {
        const auto& e = entries[i];
        wprintf(L"%6lu %6lu %4lu  %ls\n", e.ProcessId, e.ParentId, e.Threads, e.ImageName);
    }
    return 0;
}

int ReadMemory(HANDLE dev, DWORD pid, unsigned long long address, DWORD size)
{
    std::vector<unsigned char> buffer(size < sizeof(MemscopeReadRequest) ? sizeof(MemscopeReadRequest) : size);
    MemscopeReadRequest req{ pid, size, address };
    DWORD got = 0;
    if (!DeviceIoControl(dev, IOCTL_MEMSCOPE_READ, &req, sizeof(req), buffer.data(),
                         static_cast<DWORD>(buffer.size()), &got, nullptr)) {
        fwprintf(stderr, L"read failed: %lu\n", GetLastError());
        return 1;
    }
    for (DWORD i = 0; i < got; ++i) {
        wprintf(L"%02x%ls", buffer[i], (i % 16 == 15) ? L"\n" : L" ");
    }
    wprintf(L"\n");
    return 0;
}

} // namespace

int wmain(int argc, wchar_t** argv)
{
    Handle dev;
    dev.h = CreateFileW(MEMSCOPE_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, 0, nullptr);
    if (dev.h == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"cannot open %ls: %lu\n", MEMSCOPE_USER_PATH, GetLastError());
        return 1;
    }

    if (argc == 2 && wcscmp(argv[1], L"ps") == 0) {
        return ListProcesses(dev.h);
    }
    if (argc == 5 && wcscmp(argv[1], L"read") == 0) {
        return ReadMemory(dev.h, wcstoul(argv[2], nullptr, 0), wcstoull(argv[3], nullptr, 16),
                          wcstoul(argv[4], nullptr, 0));
    }
    fwprintf(stderr, L"usage: memscope ps | read <pid> <hexaddr> <size>\n");
    return 2;
}

/*
 * client.c - polls \\.\PoolList and prints new process records
 *   plclient [-clear] [seconds]
 */
#include <windows.h>
#include <stdio.h>
#include "../shared/poollist_ioctl.h"

typedef struct _CLIENT_STATE {
    HANDLE          Device;
    PL_RECORD_OUT*  Buffer;
    DWORD           Capacity;       /* in records */
    long long       LastSeen;
} CLIENT_STATE;

static BOOL CreateState(CLIENT_STATE* s, DWORD capacity)
{
    ZeroMemory(s, sizeof(*s));
    s->Device = CreateFileW(L"\\\\.\\PoolList", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                            OPEN_EXISTING, 0, NULL);
    if (s->Device == INVALID_HANDLE_VALUE) {
        return FALSE;
    }
    s->Buffer = (PL_RECORD_OUT*)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, capacity * sizeof(PL_RECORD_OUT));
    s->Capacity = capacity;
    return s->Buffer != NULL;
}

/* same name as the driver's helper, same job: free what CreateState got */
static void DestroyState(CLIENT_STATE* s)
{
    if (s->Buffer != NULL) {
        HeapFree(GetProcessHeap(), 0, s->Buffer);
        s->Buffer = NULL;
    }
    if (s->Device != NULL && s->Device != INVALID_HANDLE_VALUE) {
        CloseHandle(s->Device);
        s->Device = INVALID_HANDLE_VALUE;
    }
}

static void PrintNew(CLIENT_STATE* s, DWORD count)
{
    DWORD i;
    for (i = 0; i < count; i++) {
        const PL_RECORD_OUT* r = &s->Buffer[i];
        if (r->CreateTime <= s->LastSeen) {
            continue;
        }
        wprintf(L"%6lu <- %6lu  %ls\n", r->ProcessId, r->ParentId, r->Image);
        s->LastSeen = r->CreateTime;
    }
}

int wmain(int argc, wchar_t** argv)
{
    CLIENT_STATE state;
    DWORD bytes = 0;
    int seconds = 30;
    int i;

    if (!CreateState(&state, 1024)) {
        fwprintf(stderr, L"cannot open PoolList (%lu)\n", GetLastError());
        DestroyState(&state);
        return 1;
    }

    for (i = 1; i < argc; i++) {
        if (lstrcmpiW(argv[i], L"-clear") == 0) {
            DeviceIoControl(state.Device, IOCTL_PL_CLEAR, NULL, 0, NULL, 0, &bytes, NULL);
        } else {
            seconds = _wtoi(argv[i]);
        }
    }

    while (seconds-- > 0) {
        if (DeviceIoControl(state.Device, IOCTL_PL_READ, NULL, 0, state.Buffer,
                            state.Capacity * sizeof(PL_RECORD_OUT), &bytes, NULL)) {
            PrintNew(&state, bytes / sizeof(PL_RECORD_OUT));
        }
        Sleep(1000);
    }

    DestroyState(&state);
    return 0;
}

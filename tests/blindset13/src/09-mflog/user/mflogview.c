/*
 * mflogview.c - prints what MfLog reports. Run elevated after "fltmc load mflog".
 */
#include <windows.h>
#include <fltuser.h>
#include <stdio.h>
#include "../inc/mflog_shared.h"

#pragma comment(lib, "fltlib.lib")

typedef struct _VIEW_MESSAGE {
    FILTER_MESSAGE_HEADER Header;
    MFLOG_MESSAGE Body;
} VIEW_MESSAGE;

int wmain(void)
{
    HANDLE port;
    HRESULT hr;
    VIEW_MESSAGE msg;

    hr = FilterConnectCommunicationPort(MFLOG_PORT_NAME, 0, NULL, 0, NULL, &port);
    if (FAILED(hr)) {
        fwprintf(stderr, L"connect to %ls failed: 0x%08lx\n", MFLOG_PORT_NAME, hr);
        return 1;
    }

    for (;;) {
        hr = FilterGetMessage(port, &msg.Header, sizeof(msg), NULL);
        if (FAILED(hr)) {
            fwprintf(stderr, L"FilterGetMessage: 0x%08lx\n", hr);
            break;
        }
        wprintf(L"%6lu  %08lx  %.*ls\n", msg.Body.ProcessId, msg.Body.VolumeSerial,
                (int)(msg.Body.NameLength / sizeof(wchar_t)), msg.Body.Name);
    }

    CloseHandle(port);
    return 0;
}

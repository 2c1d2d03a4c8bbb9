/*
 * pwioctl.h - ProcWatch interface, shared with pwatch.exe
 *
 * The app opens Global\ProcWatchReady (SYNCHRONIZE), waits on it, then
 * calls IOCTL_PW_GET_RECORDS until it returns 0 bytes.
 */
#pragma once

#define PW_USER_DEVICE   L"\\\\.\\ProcWatch"
#define PW_USER_EVENT    L"Global\\ProcWatchReady"

#define IOCTL_PW_GET_RECORDS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x0B00, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PW_RECORD_PROCESS_START  1
#define PW_RECORD_PROCESS_EXIT   2
#define PW_RECORD_IMAGE_LOAD     3

#define PW_NAME_CHARS 128

typedef struct _PW_RECORD {
    unsigned long      Type;
    unsigned long      ProcessId;
    unsigned long long ImageBase;      // image loads only
    long long          Time;
    wchar_t            Name[PW_NAME_CHARS];
} PW_RECORD;

/*
 * Public.h - ProcMonLite, shared with pmlite.exe
 */
#pragma once

#define PM_USER_PATH L"\\\\.\\ProcMonLite"

#define IOCTL_PM_GET_EVENTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x0A01, METHOD_BUFFERED, FILE_READ_ACCESS)

enum PM_EVENT_TYPE : unsigned short {
    PmProcessCreate = 1,
    PmProcessExit   = 2,
    PmThreadCreate  = 3,
    PmThreadExit    = 4,
};

#define PM_IMAGE_CHARS 96

struct PM_EVENT {
    PM_EVENT_TYPE    Type;
    unsigned short   NameLength;       // in chars, 0 if none
    unsigned long    ProcessId;
    unsigned long    ParentOrThreadId; // parent pid for process events, tid for thread events
    unsigned long    Pad;
    long long        Time;             // KeQuerySystemTimePrecise
    wchar_t          Image[PM_IMAGE_CHARS];
};

#pragma once
//
// shared between sharedevt.sys and the console client (procwatch.exe)
//

#define SHEVT_DEVICE    L"\\Device\\SharedEvt"
#define SHEVT_LINK      L"\\??\\SharedEvt"

#define SHEVT_TYPE      0x8555

// input: HANDLE of an auto-reset or notification event created by the client
#define IOCTL_SHEVT_SET_EVENT   CTL_CODE(SHEVT_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
// no buffers: forget the event
#define IOCTL_SHEVT_CLEAR_EVENT CTL_CODE(SHEVT_TYPE, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
// output: array of SHEVT_RECORD, newest last
#define IOCTL_SHEVT_READ        CTL_CODE(SHEVT_TYPE, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SHEVT_IMAGE_CHARS   64
#define SHEVT_RING_SIZE     32

typedef struct _SHEVT_RECORD {
    ULONG         ProcessId;
    ULONG         ParentId;
    LARGE_INTEGER CreateTime;
    WCHAR         Image[SHEVT_IMAGE_CHARS];
} SHEVT_RECORD, *PSHEVT_RECORD;

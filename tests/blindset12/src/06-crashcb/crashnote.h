#pragma once
#include <ntddk.h>

//
// CrashNote: leaves a short note (set from user mode) and a few counters in
// the crash dump, so you can tell which test run produced which dump.
//

#define CN_TAG        'etNC'
#define CN_NOTE_MAX   256
#define CN_COMPONENT  "CrashNote"

#define IOCTL_CN_SET_NOTE CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define LOGE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "crashnote: " fmt "\n", __VA_ARGS__)
#define LOGI(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "crashnote: " fmt "\n", __VA_ARGS__)

// {4B1E9C1A-5C0D-4F6E-9D8A-2A6C0E71B3F4}
DEFINE_GUID(CN_DUMP_GUID, 0x4b1e9c1a, 0x5c0d, 0x4f6e, 0x9d, 0x8a, 0x2a, 0x6c, 0x0e, 0x71, 0xb3, 0xf4);

typedef struct _CN_BLOB {
    ULONG   Magic;          // 'CNTE'
    ULONG   NoteLength;
    LONG64  BootTime;
    ULONG   BugCheckSeen;
    CHAR    Note[CN_NOTE_MAX];
} CN_BLOB, *PCN_BLOB;

extern PCN_BLOB g_Blob;

NTSTATUS CnCreateDevice(_In_ PDRIVER_OBJECT DriverObject);
VOID     CnDeleteDevice(VOID);

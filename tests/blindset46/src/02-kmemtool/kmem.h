#ifndef _KMEM_H_
#define _KMEM_H_

#include <ntifs.h>
#include <ntstrsafe.h>
#include <wdmsec.h>

//
// KMem - kernel memory / object inspection helper (OS course, lab 4)
//

#define KMEM_DEVICE_NAME    L"\\Device\\KMem"
#define KMEM_LINK_NAME      L"\\DosDevices\\KMem"

#define FILE_DEVICE_KMEM    0x0000A7E1
#define KMEM_TAG            'meMK'
#define KMEM_MAX_READ       0x1000
#define KMEM_VERSION        0x00010003

#define IOCTL_KMEM_READ         CTL_CODE(FILE_DEVICE_KMEM, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KMEM_PROCESS_INFO CTL_CODE(FILE_DEVICE_KMEM, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KMEM_VERSION      CTL_CODE(FILE_DEVICE_KMEM, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[kmem] " fmt "\n", __VA_ARGS__)

#define CHECK_STATUS(st, what)                                  \
    if (!NT_SUCCESS(st)) {                                      \
        LOG("%s failed: 0x%08X", what, st);                     \
        return st;                                              \
    }

#pragma pack(push, 8)

typedef struct _KMEM_READ_REQUEST {
    ULONG64 Address;
    ULONG   Size;
} KMEM_READ_REQUEST, *PKMEM_READ_REQUEST;

typedef struct _KMEM_PROCESS_INFO {
    ULONG64  EProcess;
    LONGLONG CreateTime;
    ULONG    Pid;
    ULONG    Reserved;
} KMEM_PROCESS_INFO, *PKMEM_PROCESS_INFO;

typedef struct _KMEM_VERSION_INFO {
    ULONG Version;
    ULONG ReadsServed;
    WCHAR ServiceKey[128];
} KMEM_VERSION_INFO, *PKMEM_VERSION_INFO;

// one input buffer, interpreted by the control code
typedef union _KMEM_INPUT {
    KMEM_READ_REQUEST Read;
    ULONG             Pid;
    UCHAR             Raw[16];
} KMEM_INPUT, *PKMEM_INPUT;

#pragma pack(pop)

typedef struct _KMEM_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    UNICODE_STRING  RegPath;
    volatile LONG   ReadsServed;
    volatile LONG   OpenCount;
} KMEM_GLOBALS, *PKMEM_GLOBALS;

extern KMEM_GLOBALS g_Km;

DRIVER_DISPATCH KmCreateClose;
DRIVER_DISPATCH KmDeviceControl;

#endif // _KMEM_H_

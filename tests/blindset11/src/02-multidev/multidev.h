//
// multidev.h - four toy character devices from one driver
//
//   \\.\MdNull    swallows writes, reads return 0 bytes
//   \\.\MdZero    reads return zero bytes
//   \\.\MdRandom  reads return pseudo random bytes
//   \\.\MdEcho    reads return what was last written (shared buffer)
//
#pragma once

#include <ntddk.h>

#define MD_TAG            'vDdM'
#define MD_ECHO_CAPACITY  4096

#define MD_PRINT(...) KdPrint(("multidev: " __VA_ARGS__))

#define CHECK_STATUS(expr)              \
    do {                                \
        status = (expr);                \
        if (!NT_SUCCESS(status)) {      \
            MD_PRINT(#expr " -> 0x%08X\n", status); \
            goto Cleanup;               \
        }                               \
    } while (0)

typedef enum _MD_KIND {
    MdNull = 0,
    MdZero,
    MdRandom,
    MdEcho,
    MdKindCount
} MD_KIND;

typedef struct _MD_DEVICE_INFO {
    PCWSTR  DeviceName;
    PCWSTR  LinkName;
    MD_KIND Kind;
} MD_DEVICE_INFO;

typedef struct _MD_EXTENSION {
    MD_KIND Kind;
    ULONG   Seed;
    ULONG   OpenCount;
} MD_EXTENSION, *PMD_EXTENSION;

typedef struct _MD_ECHO_STATE {
    FAST_MUTEX Lock;
    ULONG      Length;
    UCHAR      Data[MD_ECHO_CAPACITY];
} MD_ECHO_STATE, *PMD_ECHO_STATE;

typedef struct _MD_STATE {
    PDEVICE_OBJECT Devices[MdKindCount];
    BOOLEAN        LinkUp[MdKindCount];
    PMD_ECHO_STATE Echo;
} MD_STATE;

extern MD_STATE g_Md;
extern const MD_DEVICE_INFO g_MdTable[MdKindCount];

// devices.c
NTSTATUS MdCreateOne(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG Index);
VOID     MdDestroyOne(_In_ ULONG Index);
VOID     MdDestroyAll(VOID);

DRIVER_DISPATCH MdCreateClose;
DRIVER_DISPATCH MdRead;
DRIVER_DISPATCH MdWrite;
DRIVER_DISPATCH MdDeviceControl;

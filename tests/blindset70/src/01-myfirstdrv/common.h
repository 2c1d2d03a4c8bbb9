#pragma once
#include <ntddk.h>

// my first driver :) shared defs between driver.c and utils.c

#define DRIVER_PREFIX   "[MyFirstDrv] "
#define LOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, DRIVER_PREFIX fmt "\n", __VA_ARGS__)

#define DEVICE_NAME     L"\\Device\\MyFirstDrv"
#define SYMLINK_NAME    L"\\??\\MyFirstDrv"

#define MFD_TAG         'dfyM'

#define IOCTL_MFD_HELLO      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MFD_GET_COUNT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MFD_ECHO       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _MFD_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    UNICODE_STRING SymLink;
    LONG           OpenCount;
    LONG           IoctlCount;
    PVOID          EchoBuffer;
    ULONG          EchoSize;
} MFD_GLOBALS, *PMFD_GLOBALS;

extern MFD_GLOBALS g_Mfd;

// utils.c
NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info);
BOOLEAN  CheckBuffer(PIO_STACK_LOCATION Stack, ULONG MinIn, ULONG MinOut);
VOID     DumpIrp(PIRP Irp, PCSTR Where);

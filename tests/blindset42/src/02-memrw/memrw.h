#pragma once

#include <ntifs.h>
#include <ntddk.h>
#include "common.h"

#define DEVICE_NAME     L"\\Device\\MemRw"
#define SYMLINK_NAME    L"\\DosDevices\\MemRw"
#define MEMRW_TAG       'wRmM'

#define LOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[memrw] " fmt "\n", __VA_ARGS__)

extern PDEVICE_OBJECT   g_DeviceObject;
extern UNICODE_STRING   g_RegPath;
extern volatile LONG    g_RequestCount;

/* ioctl.c */
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH MemRwDeviceControl;

NTSTATUS CopyProcessMemory(ULONG Pid, PVOID Address, PVOID Buffer, SIZE_T Size, BOOLEAN Write);

/* undocumented but exported */
NTKERNELAPI PVOID PsGetProcessSectionBaseAddress(PEPROCESS Process);

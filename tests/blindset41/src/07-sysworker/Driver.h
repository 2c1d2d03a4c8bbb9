#pragma once
#include "sw_util.h"

#define SW_DEVICE_TYPE      0x8a10
#define IOCTL_SW_POST_JOB   CTL_CODE(SW_DEVICE_TYPE, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_SW_GET_COUNT  CTL_CODE(SW_DEVICE_TYPE, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

struct SW_JOB_REQUEST {
    ULONG   Kind;
    ULONG   DelayMs;
    ULONG64 Cookie;
};

class Driver {
public:
    [[nodiscard]] static NTSTATUS Initialize(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

private:
    static DRIVER_UNLOAD   Unload;
    static DRIVER_DISPATCH DispatchCreateClose;
    static DRIVER_DISPATCH DispatchDeviceControl;

    static NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information);

    static PDEVICE_OBJECT  s_Device;
    static UNICODE_STRING  s_SymLink;
};

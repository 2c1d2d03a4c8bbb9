#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

//
// sysworker - a dedicated system thread samples timer jitter into a ring that
// lives in the control device's context; user mode reads the ring by IOCTL.
//

#define SW_TAG              'kroW'
#define SW_RING             512
#define SW_DEFAULT_MS       250

#define IOCTL_SW_READ       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8E0, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SWLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "sysworker: " fmt "\n", __VA_ARGS__)
#define SWERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "sysworker: " fmt "\n", __VA_ARGS__)

struct SW_DEVICE_CONTEXT {
    WDFSPINLOCK Lock;
    PLONG64     Jitter;         // SW_RING entries, ExAllocatePool2, freed in EvtDestroyCallback
    ULONG       Next;
    ULONG       Filled;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SW_DEVICE_CONTEXT, SwGetContext)

namespace sw {

class Worker {
public:
    static NTSTATUS Start(WDFDEVICE Device, PCUNICODE_STRING ServiceKey);
    static void     Stop();

private:
    static KSTART_ROUTINE ThreadMain;
    static ULONG          ReadPeriod();

    static PETHREAD         s_Thread;
    static KEVENT           s_StopEvent;
    static WDFDEVICE        s_Device;
    static PCUNICODE_STRING s_ServiceKey;     // points at the driver's own copy
};

NTSTATUS CopyRegistryPath(PCUNICODE_STRING Source, PUNICODE_STRING Copy);
void     FreeRegistryPath(PUNICODE_STRING Copy);

NTSTATUS CreateControlDevice(WDFDRIVER Driver, WDFDEVICE* Device);

} // namespace sw

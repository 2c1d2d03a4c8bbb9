#pragma once
#include <ntddk.h>
#include <wdf.h>
#include "Log.h"

#define IOCTL_KCTL_ECHO      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KCTL_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace kctl {

struct Stats {
    ULONG Opens;
    ULONG Requests;
    ULONG BytesEchoed;
};

struct ControlContext {
    Stats Counters;
    WDFSPINLOCK Lock;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ControlContext, GetControlContext)

class ControlDevice {
public:
    ControlDevice() = delete;

    static NTSTATUS Create(WDFDRIVER Driver);
    static void Destroy();

    static EVT_WDF_DEVICE_FILE_CREATE OnFileCreate;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnDeviceControl;

private:
    static NTSTATUS CreateQueue(WDFDEVICE Device);

    static WDFDEVICE s_device;
    static constexpr const wchar_t* kDeviceName = L"\\Device\\KmdfCtl";
    static constexpr const wchar_t* kLinkName = L"\\DosDevices\\KmdfCtl";
};

} // namespace kctl

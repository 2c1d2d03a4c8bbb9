//
// kramdisk.h - KMDF RAM disk (root\KRamDisk)
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <ntdddisk.h>
#include <ntddstor.h>
}
#include "trace.h"

namespace kr {

constexpr ULONG  PoolTag        = 'dRrK';
constexpr ULONG  SectorSize     = 512;
constexpr ULONG  DefaultSizeMb  = 64;
constexpr ULONG  MaxSizeMb      = 1024;

struct DeviceContext {
    PUCHAR        Image;
    ULONGLONG     Size;
    DISK_GEOMETRY Geometry;
    WDFQUEUE      Queue;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DeviceContext, GetDeviceContext)

struct DriverConfig {
    ULONG SizeMb;
    WCHAR DriveLetter;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DriverConfig, GetDriverConfig)

class RamImage {
public:
    static NTSTATUS Allocate(_Inout_ DeviceContext* Ctx, _In_ ULONG SizeMb);
    static void     Release(_Inout_ DeviceContext* Ctx);
    static bool     InRange(_In_ const DeviceContext* Ctx, LONGLONG Offset, size_t Length);
};

EVT_WDF_DRIVER_DEVICE_ADD           EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      EvtDriverContextCleanup;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      EvtDeviceContextCleanup;

NTSTATUS QueueInitialize(_In_ WDFDEVICE Device, _Out_ WDFQUEUE* Queue);

} // namespace kr

#pragma once

extern "C" {
#include <ntifs.h>
}

namespace fsmon {

constexpr ULONG kTag = 'noMF';
constexpr ULONG kExtMagic = 0x4E4F4D46; // 'FMON'

struct FilterExtension {
    ULONG Magic;
    PDEVICE_OBJECT AttachedTo;       // next lower device
    PDEVICE_OBJECT FsControlDevice;  // the file system CDO we sit on
    volatile LONG MountRequests;
};

struct Globals {
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT ControlDevice;
    PFAST_IO_DISPATCH FastIo;
    FAST_MUTEX AttachLock;
    volatile LONG AttachedCount;
    volatile LONG FsctlCount;
};

extern Globals g;

inline bool IsFilterDevice(PDEVICE_OBJECT dev)
{
    return dev != nullptr &&
           dev->DriverObject == g.Driver &&
           dev != g.ControlDevice &&
           dev->DeviceExtension != nullptr &&
           static_cast<FilterExtension*>(dev->DeviceExtension)->Magic == kExtMagic;
}

inline PDEVICE_OBJECT LowerOf(PDEVICE_OBJECT dev)
{
    return static_cast<FilterExtension*>(dev->DeviceExtension)->AttachedTo;
}

// FastIo.cpp
NTSTATUS InitFastIo(PDRIVER_OBJECT DriverObject);
void FreeFastIo(PDRIVER_OBJECT DriverObject);

} // namespace fsmon

//
// ramdisk.h - ramdiskxx, a KMDF ram disk written in C++
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <ntdddisk.h>
#include <ntddstor.h>
}

#include "trace.h"

#define RDX_TAG         'xDmR'
#define RDX_SECTOR      512u
#define RDX_DEFAULT_MB  32u
#define RDX_NT_NAME     L"\\Device\\RamDiskXx"
#define RDX_DOS_NAME    L"\\DosDevices\\RamDiskXx"

struct RDX_DEVICE_CONTEXT {
    PUCHAR          Image;
    SIZE_T          ImageSize;
    DISK_GEOMETRY   Geometry;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RDX_DEVICE_CONTEXT, RdxGetContext)

namespace rdx {

//
// Owns a pool allocation until Release() hands it to someone else.
//
class PoolBuffer {
public:
    PoolBuffer(SIZE_T Size, ULONG Tag)
        : m_p(static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, Tag))), m_tag(Tag) {}
    ~PoolBuffer() { if (m_p != nullptr) { ExFreePoolWithTag(m_p, m_tag); } }

    PoolBuffer(const PoolBuffer&) = delete;
    PoolBuffer& operator=(const PoolBuffer&) = delete;

    explicit operator bool() const { return m_p != nullptr; }
    PUCHAR Release() { PUCHAR p = m_p; m_p = nullptr; return p; }

private:
    PUCHAR m_p;
    ULONG  m_tag;
};

struct Driver {
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtCleanup;
    static ULONG DiskSizeMb(WDFDRIVER Driver);
};

struct Device {
    static EVT_WDF_DRIVER_DEVICE_ADD            EvtDeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP       EvtCleanup;
    static EVT_WDF_IO_QUEUE_IO_READ             EvtIoRead;
    static EVT_WDF_IO_QUEUE_IO_WRITE            EvtIoWrite;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL   EvtIoDeviceControl;
};

} // namespace rdx

// vminiport.h - RamVmp: a Storport virtual miniport exposing one RAM disk
#pragma once

extern "C" {
#include <storport.h>
}

namespace vmp {

constexpr ULONG   kTag        = 'pmVR';
constexpr ULONG   kBlockSize  = 512;
constexpr ULONG64 kDiskBytes  = 8ull * 1024 * 1024;
constexpr ULONG   kMaxTransfer = 64 * 1024;
constexpr ULONG   kLastLba    = static_cast<ULONG>(kDiskBytes / kBlockSize) - 1;

struct AdapterExtension {
    PUCHAR         Disk;           // kDiskBytes of nonpaged memory from Storport
    volatile LONG  Reads;
    volatile LONG  Writes;
    BOOLEAN        Stopped;
};

constexpr ULONG Be32(ULONG v)
{
    return ((v & 0x000000FFu) << 24) | ((v & 0x0000FF00u) << 8) |
           ((v & 0x00FF0000u) >> 8)  | ((v & 0xFF000000u) >> 24);
}

// vminiport.cpp
ULONG HwFindAdapter(PVOID deviceExtension, PVOID hwContext, PVOID busInformation, PVOID lowerDevice,
                    PCHAR argumentString, PPORT_CONFIGURATION_INFORMATION configInfo, PBOOLEAN again);
BOOLEAN HwInitialize(PVOID deviceExtension);
BOOLEAN HwResetBus(PVOID deviceExtension, ULONG pathId);
SCSI_ADAPTER_CONTROL_STATUS HwAdapterControl(PVOID deviceExtension, SCSI_ADAPTER_CONTROL_TYPE controlType,
                                             PVOID parameters);
VOID HwFreeAdapterResources(PVOID deviceExtension);

// scsi.cpp
BOOLEAN HwStartIo(PVOID deviceExtension, PSCSI_REQUEST_BLOCK srb);

} // namespace vmp

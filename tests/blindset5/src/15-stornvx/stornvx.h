/*++

Module Name:

    stornvx.h

Abstract:

    StorNVX - Storport miniport for the NVX-200 PCIe flash card (single
    namespace, one submission/completion queue pair per processor).

Environment:

    Kernel mode, Storport

--*/
#pragma once

#include <storport.h>
#include <srbhelper.h>

#define NVX_VENDOR_ID           "1D8F"
#define NVX_DEVICE_ID           "0200"
#define NVX_MAX_TRANSFER        (128 * 1024)
#define NVX_MAX_SG_ELEMENTS     33
#define NVX_QUEUE_DEPTH         64

typedef struct _NVX_REGISTERS {
    ULONG64 Capabilities;
    ULONG   Version;
    ULONG   IntMaskSet;
    ULONG   IntMaskClear;
    ULONG   Config;
    ULONG   Reserved;
    ULONG   Status;
} NVX_REGISTERS, *PNVX_REGISTERS;

typedef struct _NVX_DEVICE_EXTENSION {
    volatile NVX_REGISTERS *Regs;
    ULONG   BusNumber;
    ULONG   SlotNumber;
    ULONG   NamespaceBlocks;
    ULONG   BlockSize;
    BOOLEAN Ready;
    ULONG   OutstandingIo;
} NVX_DEVICE_EXTENSION, *PNVX_DEVICE_EXTENSION;

typedef struct _NVX_SRB_EXTENSION {
    ULONG   CommandId;
    ULONG   Flags;
} NVX_SRB_EXTENSION, *PNVX_SRB_EXTENSION;

sp_DRIVER_INITIALIZE DriverEntry;

HW_FIND_ADAPTER     NvxFindAdapter;
HW_INITIALIZE       NvxHwInitialize;
HW_BUILDIO          NvxBuildIo;
HW_STARTIO          NvxStartIo;
HW_INTERRUPT        NvxInterrupt;
HW_RESET_BUS        NvxResetBus;
HW_ADAPTER_CONTROL  NvxAdapterControl;

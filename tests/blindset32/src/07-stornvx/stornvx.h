/*
 * stornvx - Storport miniport for the NVX FPGA block device (dev board
 * rev C).  One BAR with a tiny doorbell/command register file, one LUN.
 */
#pragma once

#include <ntddk.h>
#include <storport.h>

#define NVX_VENDOR_ID           "1DED"
#define NVX_DEVICE_ID           "7001"

#define NVX_MAX_TRANSFER        (128 * 1024)
#define NVX_MAX_BREAKS          33
#define NVX_BLOCK_SIZE          512

/* register offsets in BAR0 */
#define NVX_REG_CONTROL         0x00
#define NVX_REG_STATUS          0x04
#define NVX_REG_INT_MASK        0x08
#define NVX_REG_INT_STATUS      0x0C
#define NVX_REG_CAPACITY_LO     0x10
#define NVX_REG_CAPACITY_HI     0x14
#define NVX_REG_CMD_DOORBELL    0x20

#define NVX_CTRL_ENABLE         0x00000001
#define NVX_CTRL_RESET          0x80000000
#define NVX_STS_READY           0x00000001
#define NVX_INT_CMD_DONE        0x00000001

#define NvxRead(ext, reg)        StorPortReadRegisterUlong((ext), (PULONG)((ext)->Bar0 + (reg)))
#define NvxWrite(ext, reg, val)  StorPortWriteRegisterUlong((ext), (PULONG)((ext)->Bar0 + (reg)), (val))

typedef struct _NVX_SRB_EXTENSION {
    ULONG   Tag;
    ULONG   Flags;
} NVX_SRB_EXTENSION, *PNVX_SRB_EXTENSION;

typedef struct _NVX_DEVICE_EXTENSION {
    PUCHAR               Bar0;
    ULONG                Bar0Length;
    ULONG64              CapacityBlocks;
    PSCSI_REQUEST_BLOCK  ActiveSrb;
    BOOLEAN              Enabled;
} NVX_DEVICE_EXTENSION, *PNVX_DEVICE_EXTENSION;

/* hwinit.c */
VOID NvxFillInitData(_Out_ PHW_INITIALIZATION_DATA InitData);

/* hw.c */
HW_FIND_ADAPTER     NvxFindAdapter;
HW_INITIALIZE       NvxHwInitialize;
HW_STARTIO          NvxStartIo;
HW_BUILDIO          NvxBuildIo;
HW_INTERRUPT        NvxInterrupt;
HW_RESET_BUS        NvxResetBus;
HW_ADAPTER_CONTROL  NvxAdapterControl;

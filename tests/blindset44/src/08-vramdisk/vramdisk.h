/*
 * vramdisk.h - Storport virtual miniport exposing one RAM-backed LUN
 *              (used by the Halcyon kiosk image for a volatile scratch disk)
 *
 * Copyright (c) 2018 Halcyon Kiosk Systems
 */

#ifndef _VRAMDISK_H_
#define _VRAMDISK_H_

#include <ntifs.h>
#include <storport.h>

#define VRD_TAG                 'dRvH'
#define VRD_SECTOR_SIZE         512
#define VRD_DEFAULT_SIZE_MB     64
#define VRD_MAX_SIZE_MB         1024
#define VRD_MAX_TRANSFER        (128 * 1024)
#define VRD_VENDOR_ID           "HALCYON "
#define VRD_PRODUCT_ID          "VRAMDISK        "
#define VRD_REVISION            "0107"

#if DBG
#define VRD_TRACE(_fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "vramdisk: " _fmt "\n", __VA_ARGS__)
#else
#define VRD_TRACE(_fmt, ...)
#endif
#define VRD_ERROR(_fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "vramdisk: " _fmt "\n", __VA_ARGS__)

typedef struct _VRD_SRB_EXTENSION {
    LIST_ENTRY              leLink;
    PSCSI_REQUEST_BLOCK     pSrb;
} VRD_SRB_EXTENSION, *PVRD_SRB_EXTENSION;

typedef struct _VRD_ADAPTER_EXTENSION {
    PUCHAR          pucImage;
    ULONGLONG       ullImageBytes;
    ULONGLONG       ullSectorCount;

    KSPIN_LOCK      slQueue;
    LIST_ENTRY      leQueue;
    KEVENT          kWorkEvent;
    KEVENT          kStopEvent;
    PKTHREAD        pWorkerThread;

    ULONG           ulReads;
    ULONG           ulWrites;
} VRD_ADAPTER_EXTENSION, *PVRD_ADAPTER_EXTENSION;

typedef struct _VRD_GLOBALS {
    ULONG   ulDiskSizeMb;
} VRD_GLOBALS;

extern VRD_GLOBALS g_VrdGlobals;

DRIVER_INITIALIZE               DriverEntry;
VIRTUAL_HW_FIND_ADAPTER         VrdHwFindAdapter;
HW_INITIALIZE                   VrdHwInitialize;
HW_STARTIO                      VrdHwStartIo;
HW_RESET_BUS                    VrdHwResetBus;
HW_ADAPTER_CONTROL              VrdHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES       VrdHwFreeAdapterResources;
KSTART_ROUTINE                  VrdWorkerThread;

/* scsi.c */
UCHAR VrdExecuteNonIo(_In_ PVRD_ADAPTER_EXTENSION pExt, _In_ PSCSI_REQUEST_BLOCK pSrb);
UCHAR VrdExecuteReadWrite(_In_ PVRD_ADAPTER_EXTENSION pExt, _In_ PSCSI_REQUEST_BLOCK pSrb);

#endif /* _VRAMDISK_H_ */

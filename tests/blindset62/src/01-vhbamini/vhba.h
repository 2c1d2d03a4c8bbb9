/* vhba.h - tiny virtual HBA for storport, one RAM backed LUN per target.
 * Just a playground for the storport virtual miniport model. */
#pragma once

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define VHBA_TAG            'abhV'
#define VHBA_MAX_TARGETS    4
#define VHBA_MAX_LUNS       1
#define VHBA_SECTOR_SIZE    512
#define VHBA_DEFAULT_MB     32
#define VHBA_LIMIT_MB       512
#define VHBA_MAX_TRANSFER   (128 * 1024)

#define VHBA_VENDOR         "HOBBY   "
#define VHBA_PRODUCT        "VHBA RAM DISK   "
#define VHBA_REVISION       "0.3 "

#if DBG
#define VHBA_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "vhba: " fmt "\n", __VA_ARGS__)
#else
#define VHBA_LOG(fmt, ...)
#endif

typedef struct _VHBA_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDRIVER_UNLOAD  PortUnload;      // storport's unload, we chain to it
    KSPIN_LOCK      Lock;
    LIST_ENTRY      AdapterList;
    ULONG           AdapterCount;
    PUCHAR          Backing;
    SIZE_T          BackingSize;
    ULONG           SectorCount;
} VHBA_GLOBALS, *PVHBA_GLOBALS;

typedef struct _VHBA_EXTENSION {
    LIST_ENTRY  Link;
    ULONG       AdapterIndex;
    BOOLEAN     Started;
    LONG        IoCount;
} VHBA_EXTENSION, *PVHBA_EXTENSION;

extern PVHBA_GLOBALS g_Vhba;

/* globals.c */
NTSTATUS VhbaGlobalsCreate(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);
VOID     VhbaGlobalsDestroy(VOID);

/* hba.c */
VIRTUAL_HW_FIND_ADAPTER     VhbaFindAdapter;
HW_INITIALIZE               VhbaHwInitialize;
HW_STARTIO                  VhbaStartIo;
HW_RESET_BUS                VhbaResetBus;
HW_ADAPTER_CONTROL          VhbaAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VhbaFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST  VhbaProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP     VhbaCompleteServiceIrp;

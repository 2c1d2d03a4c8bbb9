/*
 * blocker.h - ExtBlock minifilter: refuses write opens of files whose
 * extension is on a list read from the service key at load time.
 */
#pragma once

#include <fltKernel.h>

#define BLK_TAG             'kolB'
#define BLK_MAX_EXTENSIONS  32

typedef struct _BLK_CONFIG {
    ULONG           Count;
    UNICODE_STRING  Extensions[BLK_MAX_EXTENSIONS];
    PWCHAR          Storage;        /* one pool block, all strings point into it */
} BLK_CONFIG, *PBLK_CONFIG;

typedef struct _BLK_GLOBALS {
    PFLT_FILTER     Filter;
    BLK_CONFIG      Config;
    volatile LONG   Blocked;
} BLK_GLOBALS;

extern BLK_GLOBALS g_Blk;
extern const FLT_REGISTRATION g_FilterRegistration;

/* config.c */
NTSTATUS BlkLoadConfig(_In_ PUNICODE_STRING RegistryPath, _Out_ PBLK_CONFIG Config);
VOID BlkFreeConfig(_Inout_ PBLK_CONFIG Config);
BOOLEAN BlkIsBlockedExtension(_In_ PCUNICODE_STRING Extension);

/* ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI BlkPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                       PVOID* CompletionContext);
NTSTATUS FLTAPI BlkInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                          DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FLTAPI BlkQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
NTSTATUS FLTAPI BlkUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

/*
 * volnames - per-volume policy minifilter.
 *
 * Each instance reads "Volumes\<volume name>" under the service key to
 * decide whether creates on that volume are audited.  Recently seen
 * names are cached in a small global list guarded by an ERESOURCE.
 */
#pragma once

#include <fltKernel.h>
#include <ntstrsafe.h>

#define VN_POOL_TAG         'nmoV'
#define VN_CTX_TAG          'cmoV'
#define VN_CACHE_MAX        64

#define LOG(fmt, ...)   DbgPrint("volnames: " fmt "\n", __VA_ARGS__)
#define LOGERR(fmt, ...) DbgPrint("volnames: ERROR " fmt "\n", __VA_ARGS__)

typedef struct _VN_INSTANCE_CONTEXT {
    UNICODE_STRING VolumeName;      /* buffer from VN_POOL_TAG pool */
    ULONG          Policy;          /* VN_POLICY_xxx */
} VN_INSTANCE_CONTEXT, *PVN_INSTANCE_CONTEXT;

#define VN_POLICY_NONE      0
#define VN_POLICY_AUDIT     1

typedef struct _VN_CACHE_ENTRY {
    LIST_ENTRY     Link;
    UNICODE_STRING Name;
    WCHAR          Buffer[1];
} VN_CACHE_ENTRY, *PVN_CACHE_ENTRY;

typedef struct _VN_GLOBALS {
    PFLT_FILTER    Filter;
    UNICODE_STRING RegistryPath;
    ERESOURCE      CacheLock;
    LIST_ENTRY     CacheList;
    ULONG          CacheCount;
    BOOLEAN        CacheLockInit;
} VN_GLOBALS;

extern VN_GLOBALS VnGlobals;

/* config.c */
NTSTATUS VnReadVolumePolicy(_In_ PCUNICODE_STRING ServiceKey,
                            _In_ PCUNICODE_STRING VolumeName,
                            _Out_ PULONG Policy);

/* instance.c */
extern const FLT_CONTEXT_REGISTRATION VnContextRegistration[];
NTSTATUS FLTAPI VnInstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS,
                                DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
VOID VnCacheInsert(_In_ PCUNICODE_STRING Name);
VOID VnCacheFlush(VOID);

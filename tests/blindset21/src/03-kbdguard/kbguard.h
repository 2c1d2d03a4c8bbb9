/*++
Module Name:
    kbguard.h

Abstract:
    Keyboard class upper filter that remaps or suppresses scan codes
    according to a per-machine policy table.

Environment:
    Kernel mode, WDM
--*/
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KG_POOL_TAG         'dGbK'
#define KG_MAX_REMAP        128
#define KG_REMOVE_LOCK_MIN  1
#define KG_REMOVE_LOCK_HWM  100

#ifndef KG_TRACE_ENABLED
#if DBG
#define KG_TRACE_ENABLED 1
#else
#define KG_TRACE_ENABLED 0
#endif
#endif

#if KG_TRACE_ENABLED
#define KgTrace(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "kbguard: " _fmt "\n", __VA_ARGS__)
#else
#define KgTrace(_fmt, ...) ((void)0)
#endif

#define KgError(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbguard: " _fmt "\n", __VA_ARGS__)

#define RETURN_IF_NT_FAILED(_s)                                             \
    do {                                                                    \
        NTSTATUS __s = (_s);                                                \
        if (!NT_SUCCESS(__s)) {                                             \
            KgError("%s:%d 0x%08X", __FUNCTION__, __LINE__, __s);           \
            return __s;                                                     \
        }                                                                   \
    } while (0)

typedef struct _KG_REMAP_ENTRY {
    USHORT From;
    USHORT To;          // 0 = suppress
} KG_REMAP_ENTRY, *PKG_REMAP_ENTRY;

typedef struct _KG_REMAP_TABLE {
    ULONG          Count;
    KG_REMAP_ENTRY Entries[ANYSIZE_ARRAY];
} KG_REMAP_TABLE, *PKG_REMAP_TABLE;

typedef struct _KG_GLOBALS {
    UNICODE_STRING  RegistryPath;       // deep copy
    PKG_REMAP_TABLE RemapTable;         // NULL = pass everything through
    FAST_MUTEX      DeviceListLock;
    LIST_ENTRY      DeviceList;
    ULONG           DeviceCount;
} KG_GLOBALS, *PKG_GLOBALS;

extern KG_GLOBALS g_Kg;

typedef enum _KG_PNP_STATE {
    KgStopped = 0,
    KgStarted,
    KgSurpriseRemoved,
    KgDeleted
} KG_PNP_STATE;

typedef struct _KG_DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    IO_REMOVE_LOCK  RemoveLock;
    KG_PNP_STATE    PnpState;
    LIST_ENTRY      Link;
    volatile LONG   KeysSuppressed;
    volatile LONG   KeysRemapped;
} KG_DEVICE_EXTENSION, *PKG_DEVICE_EXTENSION;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KgUnload;
DRIVER_DISPATCH KgDispatchPassThrough;

//
// pnp.c
//
DRIVER_ADD_DEVICE KgAddDevice;
DRIVER_DISPATCH KgDispatchPnp;
DRIVER_DISPATCH KgDispatchPower;

//
// read.c
//
DRIVER_DISPATCH KgDispatchRead;

_IRQL_requires_(PASSIVE_LEVEL)
BOOLEAN
KgLoadRemapTable(
    _In_ PCUNICODE_STRING ServiceKey,
    _Outptr_result_maybenull_ PKG_REMAP_TABLE *Table
    );

VOID
KgFreeRemapTable(
    _In_opt_ _Post_invalid_ PKG_REMAP_TABLE Table
    );

/*
 * xorvol.h - keyed XOR volume filter (Volume class UpperFilters)
 */
#ifndef _XORVOL_H_
#define _XORVOL_H_

#include <ntddk.h>

#define XV_TAG          'lVoX'
#define XV_KEY_TAG      'kVoX'
#define XV_CTX_TAG      'cVoX'
#define XV_MIN_KEY      16
#define XV_MAX_KEY      64

#define XV_INFO(...)    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "xorvol: " __VA_ARGS__))
#define XV_ERROR(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "xorvol: " __VA_ARGS__))

typedef struct _XV_GLOBALS {
    PUCHAR                  Key;
    ULONG                   KeyLength;
    NPAGED_LOOKASIDE_LIST   ContextList;
    BOOLEAN                 ContextListReady;
} XV_GLOBALS;

extern XV_GLOBALS g_Xv;

typedef struct _XV_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
} XV_EXTENSION, *PXV_EXTENSION;

/* one per encrypted write in flight */
typedef struct _XV_WRITE_CTX {
    PMDL    OriginalMdl;
    PMDL    ShadowMdl;
    PVOID   Shadow;
} XV_WRITE_CTX, *PXV_WRITE_CTX;

/* key.c */
NTSTATUS XvLoadKey(_In_ PUNICODE_STRING RegistryPath);
VOID     XvFreeKey(VOID);
VOID     XvTransform(_Inout_updates_bytes_(Length) PUCHAR Data, _In_ ULONG Length, _In_ ULONGLONG Offset);
BOOLEAN  XvSelfTest(VOID);

/* filter.c */
DRIVER_ADD_DEVICE XvAddDevice;
DRIVER_DISPATCH   XvPassThrough;
DRIVER_DISPATCH   XvRead;
DRIVER_DISPATCH   XvWrite;
DRIVER_DISPATCH   XvPnp;

#endif

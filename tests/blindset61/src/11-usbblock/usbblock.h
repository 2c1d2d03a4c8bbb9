/*
 * usbblock.h - make removable volumes read-only (or hide them entirely)
 *
 * HKLM\...\Services\usbblock\Parameters
 *     Mode (REG_DWORD)  0 = off, 1 = read-only, 2 = deny everything
 */
#ifndef USBBLOCK_H
#define USBBLOCK_H

#include <fltKernel.h>
#include <ntstrsafe.h>

#define UB_TAG          'kBbU'
#define UB_CTX_TAG      'cBbU'

#define UB_MODE_OFF       0
#define UB_MODE_READONLY  1
#define UB_MODE_DENY      2

#define UB_DBG(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "usbblock: " fmt "\n", __VA_ARGS__))
#define UB_ERR(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "usbblock: " fmt "\n", __VA_ARGS__))

typedef struct _UB_INSTANCE_CONTEXT {
    ULONG   Mode;                   /* snapshot at attach time */
    BOOLEAN Removable;
    volatile LONG Denied;
} UB_INSTANCE_CONTEXT, *PUB_INSTANCE_CONTEXT;

typedef struct _UB_POLICY {
    UNICODE_STRING ParametersKey;   /* our own copy, see UbPolicyInit */
    ERESOURCE      Lock;
    ULONG          Mode;
    BOOLEAN        LockInitialized;
} UB_POLICY;

extern UB_POLICY   UbPolicy;
extern PFLT_FILTER UbFilter;

/* policy.c */
NTSTATUS UbPolicyInit(_In_ PCUNICODE_STRING RegistryPath);
VOID     UbPolicyFree(VOID);
NTSTATUS UbPolicyRefresh(VOID);
ULONG    UbPolicyMode(VOID);

#endif

/*
 * cryptflt.h - CryptFlt, a minifilter that marks files with protected
 * extensions and hands them to the encryption service on close.
 * (Encryption itself happens in user mode; this driver only tracks and
 * blocks unauthorized raw writes to marked files.)
 */
#pragma once

#include <fltKernel.h>
#include <ntstrsafe.h>

#define CF_TAG                  'tlFC'
#define CF_POLICY_TAG           'lPfC'
#define CF_MAX_EXTENSIONS       32
#define CF_MAX_EXT_CHARS        15

#define CF_LOG_ERROR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "cryptflt!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define CF_LOG_INFO(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "cryptflt!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

typedef enum _CF_MODE {
    CfModeAudit = 0,        /* log only */
    CfModeEnforce = 1       /* deny raw writes from unknown processes */
} CF_MODE;

typedef struct _CF_EXTENSION {
    USHORT  Length;                         /* bytes */
    WCHAR   Text[CF_MAX_EXT_CHARS + 1];
} CF_EXTENSION, *PCF_EXTENSION;

typedef struct _CF_POLICY {
    CF_MODE         Mode;
    ULONG           ExtensionCount;
    PCF_EXTENSION   Extensions;             /* pool, CF_POLICY_TAG */
} CF_POLICY, *PCF_POLICY;

typedef struct _CF_STREAM_CONTEXT {
    BOOLEAN Protected;
    BOOLEAN Dirty;
} CF_STREAM_CONTEXT, *PCF_STREAM_CONTEXT;

typedef struct _CF_GLOBALS {
    PFLT_FILTER     Filter;
    CF_POLICY       Policy;
    EX_PUSH_LOCK    PolicyLock;
    volatile LONG   DeniedWrites;
} CF_GLOBALS, *PCF_GLOBALS;

extern CF_GLOBALS g_Cf;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI CfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

/* policy.c */
NTSTATUS CfInitializeGlobals(_In_ PUNICODE_STRING RegistryPath);
VOID CfFreeGlobals(VOID);
BOOLEAN CfIsProtectedExtension(_In_ PCUNICODE_STRING Extension);

/* ops.c */
FLT_POSTOP_CALLBACK_STATUS FLTAPI CfPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI CfPreWrite(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_PREOP_CALLBACK_STATUS FLTAPI CfPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

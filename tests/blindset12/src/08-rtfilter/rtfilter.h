#pragma once
//
// NoWrite: minifilter that denies writes to files whose extension is on a
// block list. Which operations are hooked depends on the "Mode" value under
// the service key, so the FLT_REGISTRATION is assembled at run time.
//
#include <fltKernel.h>
#include <ntstrsafe.h>

#define NW_TAG 'tWoN'

#define NW_MODE_WRITE_ONLY   0
#define NW_MODE_WRITE_RENAME 1

#define DBG_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "nowrite!" __FUNCTION__ ": " fmt "\n", __VA_ARGS__)

typedef struct _NW_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    ULONG       Mode;
    LONG        Denied;
} NW_GLOBALS;

extern NW_GLOBALS g_Nw;

// registration.c
VOID NwBuildRegistration(_Out_ FLT_REGISTRATION* Reg, _In_ ULONG Mode);
ULONG NwReadMode(_In_ PUNICODE_STRING RegistryPath);

// ops.c
FLT_PREOP_CALLBACK_STATUS FLTAPI NwPreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*);
FLT_PREOP_CALLBACK_STATUS FLTAPI NwPreSetInfo(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*);
NTSTATUS FLTAPI NwUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI NwQueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS);
NTSTATUS NwOpenPort(VOID);

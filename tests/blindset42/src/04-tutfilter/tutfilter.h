/*
 * tutfilter.h
 *
 * Started from the "write your first minifilter" tutorial, then added an
 * instance context so we know which volume a create came from.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define TF_TAG_CTX          'xCfT'
#define TF_TAG_NAME         'nNfT'
#define TF_TAG_REC          'rRfT'

#define TF_MAX_NAME_CB      (512 * sizeof(WCHAR))

#define TF_TRACE_CREATE     0x00000001
#define TF_TRACE_SETUP      0x00000002
#define TF_TRACE_ALL        0xFFFFFFFF

extern ULONG gTraceFlags;

#define PT_DBG_PRINT(_lvl, _str)                \
    ((FlagOn(gTraceFlags, (_lvl))) ? DbgPrint _str : ((int)0))

typedef struct _TF_INSTANCE_CONTEXT {
    PFLT_INSTANCE       Instance;
    FLT_FILESYSTEM_TYPE FsType;
    DEVICE_TYPE         DeviceType;
    UNICODE_STRING      VolumeName;
    volatile LONG       Creates;
} TF_INSTANCE_CONTEXT, *PTF_INSTANCE_CONTEXT;

/* one per create we report, kept on a lookaside list to avoid pool churn */
typedef struct _TF_CREATE_RECORD {
    ULONG           ProcessId;
    ULONG           Disposition;
    NTSTATUS        Status;
    USHORT          NameLength;
    WCHAR           Name[260];
} TF_CREATE_RECORD, *PTF_CREATE_RECORD;

typedef struct _TF_GLOBALS {
    PFLT_FILTER             Filter;
    NPAGED_LOOKASIDE_LIST   RecordList;
    volatile LONG           TotalCreates;
} TF_GLOBALS;

extern TF_GLOBALS gTf;

/* context.c */
extern const FLT_CONTEXT_REGISTRATION TfContexts[];

NTSTATUS
TfInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

NTSTATUS
TfInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

VOID
TfInstanceContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType);

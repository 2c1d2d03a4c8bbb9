/*
 * ctxfilter.h - counts writes per stream using a stream context
 */
#pragma once

#include <fltKernel.h>

#define CF_TAG_INST         'iFtC'
#define CF_TAG_STREAM       'sFtC'
#define CF_TAG_NAME         'nFtC'
#define CF_TAG_EVENT        'eFtC'

#define CF_EVENT_NAME_CHARS 200

#define CF_LOG(_fmt, ...)   DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "ctxfilter: " _fmt, __VA_ARGS__)

typedef struct _CF_INSTANCE_CONTEXT {
    FLT_FILESYSTEM_TYPE FsType;
    volatile LONG       Streams;
} CF_INSTANCE_CONTEXT, *PCF_INSTANCE_CONTEXT;

typedef struct _CF_STREAM_CONTEXT {
    UNICODE_STRING      Name;           /* pool, CF_TAG_NAME */
    volatile LONG       Writes;
    volatile LONG64     Bytes;
} CF_STREAM_CONTEXT, *PCF_STREAM_CONTEXT;

/* what we emit when a written stream goes away */
typedef struct _CF_EVENT {
    LONG    Writes;
    LONG64  Bytes;
    WCHAR   Name[CF_EVENT_NAME_CHARS];
} CF_EVENT, *PCF_EVENT;

typedef struct _CF_DATA {
    PFLT_FILTER             Filter;
    NPAGED_LOOKASIDE_LIST   EventLookaside;
    volatile LONG           Events;
} CF_DATA;

extern CF_DATA CfData;
extern const FLT_OPERATION_REGISTRATION CfCallbacks[];
extern const FLT_CONTEXT_REGISTRATION CfContexts[];

/* ops.c */
NTSTATUS CfInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                         _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                         _In_ DEVICE_TYPE VolumeDeviceType,
                         _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

VOID CfStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

FLT_POSTOP_CALLBACK_STATUS
CfPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS
CfPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

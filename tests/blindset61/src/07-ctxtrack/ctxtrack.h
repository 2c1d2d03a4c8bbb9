/*
 * ctxtrack.h
 *
 * ctxtrack keeps a per-open (stream handle) record of how many bytes each
 * handle read and wrote and prints a line when the handle is cleaned up.
 * Per-volume totals live in the instance context.
 */
#pragma once
#include <fltKernel.h>

#define CT_INSTANCE_TAG     'iCtC'
#define CT_HANDLE_TAG       'hCtC'
#define CT_NAME_TAG         'nCtC'
#define CT_VOLNAME_MAX      (128 * sizeof(WCHAR))

#define CT_PRINT(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "ctxtrack!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#define CT_TRACE(_fmt, ...) CT_PRINT(DPFLTR_TRACE_LEVEL, _fmt, __VA_ARGS__)
#define CT_ERROR(_fmt, ...) CT_PRINT(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)

typedef struct _CT_INSTANCE_CONTEXT {
    UNICODE_STRING  VolumeName;
    volatile LONG64 TotalRead;
    volatile LONG64 TotalWritten;
    volatile LONG   OpenHandles;
} CT_INSTANCE_CONTEXT, *PCT_INSTANCE_CONTEXT;

typedef struct _CT_STREAMHANDLE_CONTEXT {
    HANDLE          ProcessId;
    LARGE_INTEGER   OpenTime;
    volatile LONG64 BytesRead;
    volatile LONG64 BytesWritten;
    PFLT_FILE_NAME_INFORMATION NameInfo;
} CT_STREAMHANDLE_CONTEXT, *PCT_STREAMHANDLE_CONTEXT;

typedef struct _CT_GLOBALS {
    PFLT_FILTER Filter;
    ULONG       DebugFlags;
} CT_GLOBALS;

extern CT_GLOBALS Globals;
extern const FLT_CONTEXT_REGISTRATION CtContextRegistration[];

/* context.c */
NTSTATUS FLTAPI CtInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS CtCreateStreamHandleContext(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects);
VOID     CtAccount(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ BOOLEAN Write, _In_ ULONG_PTR Bytes);

/*
 * mflog.h - internal declarations for the MfLog minifilter.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include "../inc/mflog_shared.h"

#define MFLOG_TAG     'golM'
#define MFLOG_CTX_TAG 'xtCM'

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "MfLog: " fmt "\n", __VA_ARGS__)

/* jump to the common exit if a call failed */
#define CHECK_STATUS(s, what)                                   \
    do {                                                        \
        if (!NT_SUCCESS(s)) {                                   \
            LOG("%s failed 0x%08X", (what), (s));               \
            goto Exit;                                          \
        }                                                       \
    } while (0)

typedef struct _MFLOG_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    volatile LONG Connected;
} MFLOG_GLOBALS;

extern MFLOG_GLOBALS g;

/* per-volume context */
typedef struct _MFLOG_INSTANCE_CONTEXT {
    ULONG   VolumeSerial;
    BOOLEAN IsNetwork;
} MFLOG_INSTANCE_CONTEXT, *PMFLOG_INSTANCE_CONTEXT;

/* callbacks.c */
extern const FLT_OPERATION_REGISTRATION MfCallbacks[];
extern const FLT_CONTEXT_REGISTRATION MfContexts[];

NTSTATUS MfInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                         DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS MfInstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

/* comm.c */
NTSTATUS CommCreatePort(PFLT_FILTER Filter);
VOID     CommClosePort(VOID);
VOID     CommSend(const MFLOG_MESSAGE *Message);

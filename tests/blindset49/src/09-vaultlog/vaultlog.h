/*
 * vaultlog.h - audits creates/renames/deletes under any "\Vault\" dir;
 * the VaultLog service pulls the records through a port.
 */
#ifndef VAULTLOG_H
#define VAULTLOG_H

#include <fltKernel.h>

#define VL_TAG          'gLlV'
#define VL_REC_TAG      'rLlV'
#define VL_CTX_TAG      'cLlV'
#define VL_PORT_NAME    L"\\VaultLogPort"
#define VL_VAULT_DIR    L"\\Vault\\"
#define VL_MAX_QUEUED   512
#define VL_PATH_CCH     260

#define VL_DBG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "VaultLog: " fmt "\n", __VA_ARGS__)

typedef enum _VL_OP { VlOpCreate = 1, VlOpRename = 2, VlOpDelete = 3 } VL_OP;

/* what the service receives */
typedef struct _VL_WIRE_RECORD {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    VL_OP         Op;
    USHORT        VolumeBytes;
    USHORT        PathBytes;
    WCHAR         Volume[50];
    WCHAR         Path[VL_PATH_CCH];
} VL_WIRE_RECORD, *PVL_WIRE_RECORD;

typedef struct _VL_RECORD {
    LIST_ENTRY     Link;
    VL_WIRE_RECORD Wire;
} VL_RECORD, *PVL_RECORD;

typedef struct _VL_INSTANCE_CONTEXT {
    UNICODE_STRING VolumeName;      /* buffer from VL_CTX_TAG pool */
} VL_INSTANCE_CONTEXT, *PVL_INSTANCE_CONTEXT;

typedef struct _VL_GLOBALS {
    PFLT_FILTER           Filter;
    PFLT_PORT             ServerPort;
    PFLT_PORT             ClientPort;
    NPAGED_LOOKASIDE_LIST RecordPool;
    KSPIN_LOCK            QueueLock;
    LIST_ENTRY            Queue;
    ULONG                 Queued;
} VL_GLOBALS;

extern VL_GLOBALS g_Vl;

/* instctx.c */
NTSTATUS VlInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                         _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
VOID     VlInstanceContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

/* logq.c */
NTSTATUS VlPortCreate(VOID);
VOID     VlPortClose(VOID);
VOID     VlQueueRecord(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ VL_OP Op);
VOID     VlQueueFlush(VOID);

#endif

/*
 * logq.c - record queue and the VaultLog service port
 */
#include "vaultlog.h"

static NTSTATUS VlConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie);
static VOID VlDisconnect(_In_opt_ PVOID ConnectionCookie);
static NTSTATUS VlMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InLen) PVOID In,
    _In_ ULONG InLen, _Out_writes_bytes_to_opt_(OutLen, *Returned) PVOID Out, _In_ ULONG OutLen,
    _Out_ PULONG Returned);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VlPortCreate)
#pragma alloc_text(PAGE, VlPortClose)
#pragma alloc_text(PAGE, VlConnect)
#pragma alloc_text(PAGE, VlDisconnect)
#endif

NTSTATUS
VlPortCreate(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(VL_PORT_NAME);

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(g_Vl.Filter, &g_Vl.ServerPort, &oa, NULL,
                                        VlConnect, VlDisconnect, VlMessage, 1);
    /* the port keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        g_Vl.ServerPort = NULL;
    }
    return status;
}

VOID
VlPortClose(VOID)
{
    PAGED_CODE();

    if (g_Vl.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Vl.ServerPort);
        g_Vl.ServerPort = NULL;
    }
}

static NTSTATUS
VlConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    g_Vl.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID
VlDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Vl.Filter, &g_Vl.ClientPort);
}

static PVL_RECORD
VlDequeue(VOID)
{
    PVL_RECORD rec = NULL;
    KIRQL irql;
    KeAcquireSpinLock(&g_Vl.QueueLock, &irql);
    if (!IsListEmpty(&g_Vl.Queue)) {
        rec = CONTAINING_RECORD(RemoveHeadList(&g_Vl.Queue), VL_RECORD, Link);
        g_Vl.Queued--;
    }
    KeReleaseSpinLock(&g_Vl.QueueLock, irql);
    return rec;
}

static NTSTATUS
VlMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InLen) PVOID In, _In_ ULONG InLen,
          _Out_writes_bytes_to_opt_(OutLen, *Returned) PVOID Out, _In_ ULONG OutLen,
          _Out_ PULONG Returned)
{
    PVL_RECORD rec;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(InLen);
    *Returned = 0;
    if (Out == NULL || OutLen < sizeof(VL_WIRE_RECORD)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    /* one record per request keeps this simple; the service loops */
    rec = VlDequeue();
    if (rec == NULL) {
        return STATUS_NO_MORE_ENTRIES;
    }

    __try {
        RtlCopyMemory(Out, &rec->Wire, sizeof(VL_WIRE_RECORD));
        *Returned = sizeof(VL_WIRE_RECORD);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    ExFreeToNPagedLookasideList(&g_Vl.RecordPool, rec);
    return status;
}

VOID
VlQueueRecord(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ VL_OP Op
    )
{
    PFLT_FILE_NAME_INFORMATION ni = NULL;
    PVL_INSTANCE_CONTEXT ictx = NULL;
    UNICODE_STRING vaultDir = RTL_CONSTANT_STRING(VL_VAULT_DIR);
    PVL_RECORD rec, evicted = NULL;
    KIRQL irql;

    if (KeGetCurrentIrql() > APC_LEVEL || g_Vl.ClientPort == NULL) {
        return;
    }

    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ni)))
        return;
    if (!NT_SUCCESS(FltParseFileNameInformation(ni)) ||
        !RtlPrefixUnicodeString(&vaultDir, &ni->ParentDir, TRUE)) {
        goto done;
    }

    rec = ExAllocateFromNPagedLookasideList(&g_Vl.RecordPool);
    if (rec == NULL) {
        goto done;
    }
    RtlZeroMemory(rec, sizeof(*rec));
    KeQuerySystemTimePrecise(&rec->Wire.Time);
    rec->Wire.ProcessId = FltGetRequestorProcessId(Data);
    rec->Wire.Op = Op;
    rec->Wire.PathBytes = (USHORT)min(ni->Name.Length, sizeof(rec->Wire.Path));
    RtlCopyMemory(rec->Wire.Path, ni->Name.Buffer, rec->Wire.PathBytes);

    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&ictx))) {
        rec->Wire.VolumeBytes = (USHORT)min(ictx->VolumeName.Length, sizeof(rec->Wire.Volume));
        RtlCopyMemory(rec->Wire.Volume, ictx->VolumeName.Buffer, rec->Wire.VolumeBytes);
        FltReleaseContext(ictx);
    }

    KeAcquireSpinLock(&g_Vl.QueueLock, &irql);
    if (g_Vl.Queued >= VL_MAX_QUEUED) {
        evicted = CONTAINING_RECORD(RemoveHeadList(&g_Vl.Queue), VL_RECORD, Link);
        g_Vl.Queued--;
    }
    InsertTailList(&g_Vl.Queue, &rec->Link);
    g_Vl.Queued++;
    KeReleaseSpinLock(&g_Vl.QueueLock, irql);

    if (evicted != NULL) {
        ExFreeToNPagedLookasideList(&g_Vl.RecordPool, evicted);
    }

done:
    FltReleaseFileNameInformation(ni);
}

VOID
VlQueueFlush(VOID)
{
    PVL_RECORD rec;
    while ((rec = VlDequeue()) != NULL) {
        ExFreeToNPagedLookasideList(&g_Vl.RecordPool, rec);
    }
}

// callbacks.cpp - write logging and the port to writelogctl.exe
#include "writelog.h"

namespace wlog {

FLT_PREOP_CALLBACK_STATUS PreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* Ctx)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *Ctx = nullptr;

    if (Data->RequestorMode == KernelMode || g.ClientPort == nullptr) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto q = static_cast<QueuedRecord*>(ExAllocateFromNPagedLookasideList(&g.Records));
    if (q != nullptr) {
        RtlZeroMemory(q, sizeof(*q));
        q->Rec.ProcessId = FltGetRequestorProcessId(Data);
        q->Rec.Length = Data->Iopb->Parameters.Write.Length;
        q->Rec.Offset = Data->Iopb->Parameters.Write.ByteOffset.QuadPart;
        auto chars = info->Name.Length / sizeof(WCHAR);
        if (chars >= NameChars) {
            chars = NameChars - 1;
        }
        RtlCopyMemory(q->Rec.Name, info->Name.Buffer, chars * sizeof(WCHAR));

        KIRQL irql;
        KeAcquireSpinLock(&g.QueueLock, &irql);
        if (g.Queued < MaxQueued) {
            InsertTailList(&g.Queue, &q->Link);
            g.Queued++;
            q = nullptr;
        }
        KeReleaseSpinLock(&g.QueueLock, irql);

        if (q != nullptr) {
            ExFreeToNPagedLookasideList(&g.Records, q);   // queue full, drop it
        }
    }

    FltReleaseFileNameInformation(info);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

void DrainQueue()
{
    KIRQL irql;
    KeAcquireSpinLock(&g.QueueLock, &irql);
    while (!IsListEmpty(&g.Queue)) {
        auto q = CONTAINING_RECORD(RemoveHeadList(&g.Queue), QueuedRecord, Link);
        ExFreeToNPagedLookasideList(&g.Records, q);
    }
    g.Queued = 0;
    KeReleaseSpinLock(&g.QueueLock, irql);
}

NTSTATUS FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    UndoSteps(StepCount());
    KdPrint(("writelog: unloaded\n"));
    return STATUS_SUCCESS;
}

NTSTATUS OnConnect(PFLT_PORT Client, PVOID ServerCookie, PVOID Context, ULONG Size, PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Size);
    g.ClientPort = Client;
    *ConnectionCookie = nullptr;
    return STATUS_SUCCESS;
}

void OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g.Filter, &g.ClientPort);
    DrainQueue();
}

// Output: as many WriteRecord as fit.
NTSTATUS OnMessage(PVOID PortCookie, PVOID In, ULONG InLen, PVOID Out, ULONG OutLen, PULONG Returned)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(InLen);

    *Returned = 0;
    if (Out == nullptr || OutLen < sizeof(WriteRecord)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    auto out = static_cast<WriteRecord*>(Out);
    ULONG room = OutLen / sizeof(WriteRecord);
    ULONG n = 0;

    while (n < room) {
        QueuedRecord* q = nullptr;
        KIRQL irql;
        KeAcquireSpinLock(&g.QueueLock, &irql);
        if (!IsListEmpty(&g.Queue)) {
            q = CONTAINING_RECORD(RemoveHeadList(&g.Queue), QueuedRecord, Link);
            g.Queued--;
        }
        KeReleaseSpinLock(&g.QueueLock, irql);

        if (q == nullptr) {
            break;
        }

        __try {
            out[n] = q->Rec;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            ExFreeToNPagedLookasideList(&g.Records, q);
            return GetExceptionCode();
        }
        ExFreeToNPagedLookasideList(&g.Records, q);
        n++;
    }

    *Returned = n * sizeof(WriteRecord);
    return STATUS_SUCCESS;
}

} // namespace wlog

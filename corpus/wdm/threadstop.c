/*
 * threadstop.c - "pktlog": a legacy driver whose system thread drains
 * capture records into blocks of a lookaside list. The unload routine
 * tells the thread to stop and waits for its object before it deletes the
 * list: until the wait returns, the thread may still be taking a block.
 */

#include <ntddk.h>

#define PL_TAG 'goLP'

typedef struct _PL_BLOCK {
    LIST_ENTRY Link;
    UCHAR Data[128];
} PL_BLOCK, *PPL_BLOCK;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;
KSTART_ROUTINE PlDrain;

static NPAGED_LOOKASIDE_LIST g_PlBlocks;
static KEVENT g_PlStop;
static PVOID g_PlThread;

VOID
PlDrain(_In_ PVOID Context)
{
    LARGE_INTEGER tick;
    PPL_BLOCK block;

    UNREFERENCED_PARAMETER(Context);
    tick.QuadPart = -10 * 1000 * 100;
    while (KeWaitForSingleObject(&g_PlStop, Executive, KernelMode, FALSE, &tick) == STATUS_TIMEOUT) {
        block = (PPL_BLOCK)ExAllocateFromNPagedLookasideList(&g_PlBlocks);
        if (block != NULL) {
            RtlZeroMemory(block->Data, sizeof(block->Data));
            ExFreeToNPagedLookasideList(&g_PlBlocks, block);
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
PlUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&g_PlStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_PlThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_PlThread);
    ExDeleteNPagedLookasideList(&g_PlBlocks);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&g_PlStop, NotificationEvent, FALSE);
    ExInitializeNPagedLookasideList(&g_PlBlocks, NULL, NULL, POOL_NX_ALLOCATION, sizeof(PL_BLOCK), PL_TAG, 0);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, PlDrain, NULL);
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&g_PlBlocks);
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode, &g_PlThread, NULL);
    ZwClose(thread);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = PlUnload;
    return STATUS_SUCCESS;
}

// injectdetect: heuristics for DLL injection
//  - image load notify: remember last dll loaded per process (only count)
//  - thread notify: thread start in a process other than the creator
// output is only DbgPrint for now

#include <ntddk.h>

static volatile LONG64 g_ImageLoads;
static volatile LONG64 g_RemoteThreads;

static VOID IdImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ProcessId);

    if (ImageInfo->SystemModeImage)
        return;

    InterlockedIncrement64(&g_ImageLoads);
    if (FullImageName && FullImageName->Length > 0) {
        KdPrint(("injectdetect: image %wZ\n", FullImageName));
    }
}

static VOID IdThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (!Create)
        return;
    if (PsGetCurrentProcessId() != ProcessId && PsGetCurrentProcessId() != (HANDLE)4) {
        InterlockedIncrement64(&g_RemoteThreads);
        KdPrint(("injectdetect: remote thread %p into pid %p from pid %p\n",
                 ThreadId, ProcessId, PsGetCurrentProcessId()));
    }
}

static VOID IdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsRemoveLoadImageNotifyRoutine(IdImageNotify);

    KdPrint(("injectdetect: %lld image loads, %lld remote threads\n",
             g_ImageLoads, g_RemoteThreads));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = PsSetLoadImageNotifyRoutine(IdImageNotify);
    if (status == STATUS_SUCCESS) {
        status = PsSetCreateThreadNotifyRoutine(IdThreadNotify);
        if (status == STATUS_SUCCESS) {
            DriverObject->DriverUnload = IdUnload;
            KdPrint(("injectdetect: loaded\n"));
            return STATUS_SUCCESS;
        }
        PsRemoveLoadImageNotifyRoutine(IdImageNotify);
    }

    KdPrint(("injectdetect: init failed %x\n", status));
    return status;
}

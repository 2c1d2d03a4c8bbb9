#include "imgwatch.h"

//
// ---- worker: runs at PASSIVE_LEVEL outside of the loader's locks ----
//
static VOID
IwImageWorker(
    _In_ PVOID Parameter
    )
{
    PIW_IMAGE_WORK work = (PIW_IMAGE_WORK)Parameter;
    FILE_STANDARD_INFORMATION fsi;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING name;
    HANDLE file;
    NTSTATUS status;

    if (InterlockedCompareExchange(&g_Iw.Stopping, 0, 0) != 0) {
        goto done;
    }

    name.Buffer = work->Name;
    name.Length = work->NameLength;
    name.MaximumLength = sizeof(work->Name);

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_READ_ATTRIBUTES | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                          FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (!NT_SUCCESS(status)) {
        IW_LOG("pid %p image %wZ base %p (open failed 0x%08X)", work->ProcessId, &name, work->ImageBase, status);
        goto done;
    }

    status = ZwQueryInformationFile(file, &iosb, &fsi, sizeof(fsi), FileStandardInformation);
    if (NT_SUCCESS(status)) {
        IW_LOG("pid %p image %wZ base %p mapped %Iu file %I64u bytes%s",
               work->ProcessId, &name, work->ImageBase, work->ImageSize,
               fsi.EndOfFile.QuadPart,
               (ULONGLONG)fsi.EndOfFile.QuadPart > work->ImageSize ? " (overlay?)" : "");
    }
    ZwClose(file);

done:
    ExFreePoolWithTag(work, IW_TAG);
}

//
// ---- callbacks ----
//
static VOID
IwImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    PIW_IMAGE_WORK work;
    USHORT bytes;

    InterlockedIncrement(&g_Iw.ImageCount);

    if (FullImageName == NULL || FullImageName->Buffer == NULL) {
        return;
    }
    if (ImageInfo->SystemModeImage && !g_Iw.Config.LogSystemImages) {
        return;
    }
    if (!g_Iw.Config.ResolveFileSize) {
        IW_LOG("pid %p image %wZ base %p", ProcessId, FullImageName, ImageInfo->ImageBase);
        return;
    }
    if (InterlockedCompareExchange(&g_Iw.Stopping, 0, 0) != 0) {
        return;
    }

    work = (PIW_IMAGE_WORK)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*work), IW_TAG);
    if (work == NULL) {
        return;
    }

    bytes = FullImageName->Length;
    if (bytes > sizeof(work->Name)) {
        bytes = sizeof(work->Name);
    }
    RtlCopyMemory(work->Name, FullImageName->Buffer, bytes);
    work->NameLength = bytes;
    work->ProcessId = ProcessId;
    work->ImageBase = ImageInfo->ImageBase;
    work->ImageSize = ImageInfo->ImageSize;

    ExInitializeWorkItem(&work->Item, IwImageWorker, work);
    ExQueueWorkItem(&work->Item, DelayedWorkQueue);
}

static VOID
IwThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    HANDLE creator;

    if (!Create || !g_Iw.Config.LogRemoteThreads) {
        return;
    }

    creator = PsGetCurrentProcessId();
    if (creator == ProcessId || creator == (HANDLE)4) {
        return;
    }

    InterlockedIncrement(&g_Iw.RemoteThreadCount);
    IW_LOG("remote thread: creator pid %p -> target pid %p tid %p", creator, ProcessId, ThreadId);
}

static VOID
IwProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL && CreateInfo->ImageFileName != NULL) {
        IW_LOG("process %p created by %p: %wZ", ProcessId, CreateInfo->ParentProcessId,
               CreateInfo->ImageFileName);
    }
}

//
// ---- registration table ----
//
static NTSTATUS IwRegisterThread(VOID)   { return PsSetCreateThreadNotifyRoutine(IwThreadNotify); }
static VOID     IwUnregisterThread(VOID) { PsRemoveCreateThreadNotifyRoutine(IwThreadNotify); }

static NTSTATUS IwRegisterImage(VOID)
{
    return PsSetLoadImageNotifyRoutineEx(IwImageNotify, PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE);
}
static VOID     IwUnregisterImage(VOID)  { PsRemoveLoadImageNotifyRoutine(IwImageNotify); }

static NTSTATUS IwRegisterProcess(VOID)   { return PsSetCreateProcessNotifyRoutineEx(IwProcessNotify, FALSE); }
static VOID     IwUnregisterProcess(VOID) { PsSetCreateProcessNotifyRoutineEx(IwProcessNotify, TRUE); }

static const IW_NOTIFY g_IwNotifies[] = {
    { "thread",  IwRegisterThread,  IwUnregisterThread  },
    { "image",   IwRegisterImage,   IwUnregisterImage   },
    { "process", IwRegisterProcess, IwUnregisterProcess },
};

NTSTATUS
IwStartNotifications(VOID)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(g_IwNotifies); i++) {
        status = g_IwNotifies[i].Register();
        if (!NT_SUCCESS(status)) {
            IW_ERR("%s notify registration failed 0x%08X", g_IwNotifies[i].Name, status);
            goto rollback;
        }
        IW_LOG("%s notify registered", g_IwNotifies[i].Name);
    }
    return STATUS_SUCCESS;

rollback:
    while (i-- > 0) {
        g_IwNotifies[i].Unregister();
    }
    return status;
}

VOID
IwStopNotifications(VOID)
{
    ULONG i;

    // tear down in reverse order of registration
    for (i = RTL_NUMBER_OF(g_IwNotifies) - 1; i > 0; i--) {
        g_IwNotifies[i].Unregister();
        IW_LOG("%s notify removed", g_IwNotifies[i].Name);
    }
}

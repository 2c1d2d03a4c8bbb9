#include "workpool.h"

namespace wp {

NPAGED_LOOKASIDE_LIST Pool::s_Jobs;
KEVENT                Pool::s_Idle;
volatile LONG         Pool::s_Outstanding = 0;

void Pool::Initialize()
{
    KeInitializeEvent(&s_Idle, NotificationEvent, TRUE);
    s_Outstanding = 0;
    ExInitializeNPagedLookasideList(&s_Jobs, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Job), WP_TAG_JOB, 0);
}

void Pool::WaitIdle()
{
    KeWaitForSingleObject(&s_Idle, Executive, KernelMode, FALSE, nullptr);
}

void Pool::Teardown()
{
    ExDeleteNPagedLookasideList(&s_Jobs);
}

Job* Pool::NewJob()
{
    auto job = static_cast<Job*>(ExAllocateFromNPagedLookasideList(&s_Jobs));
    if (job) {
        RtlZeroMemory(job, sizeof(*job));
        Enter();
    }
    return job;
}

void Pool::FreeJob(Job* job)
{
    if (job->FileObject) {
        ObDereferenceObject(job->FileObject);
    }
    ExFreeToNPagedLookasideList(&s_Jobs, job);
    Leave();
}

namespace {

VOID FLTAPI RenameWorker(PFLT_GENERIC_WORKITEM Item, PVOID, PVOID Context)
{
    auto job = static_cast<Job*>(Context);
    PFLT_FILE_NAME_INFORMATION ni = nullptr;

    NTSTATUS status = FltGetFileNameInformationUnsafe(job->FileObject, job->Instance,
                                                      FLT_FILE_NAME_NORMALIZED |
                                                      FLT_FILE_NAME_QUERY_DEFAULT, &ni);
    if (NT_SUCCESS(status)) {
        WP_PRINT("pid %lu renamed to %wZ", job->Pid, &ni->Name);
        FltReleaseFileNameInformation(ni);
    }

    FltFreeGenericWorkItem(Item);
    Pool::FreeJob(job);
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostSetInfo(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID, FLT_POST_OPERATION_FLAGS Flags)
{
    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    auto cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    if (cls != FileRenameInformation && cls != FileRenameInformationEx) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    StreamContext* sc = nullptr;
    if (KeGetCurrentIrql() <= APC_LEVEL &&
        NT_SUCCESS(GetOrCreateStreamContext(Objects, &sc))) {
        InterlockedIncrement(&sc->Renames);
        FltReleaseContext(sc);
    }

    Job* job = Pool::NewJob();
    if (!job) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    job->Instance = Objects->Instance;
    job->Pid = FltGetRequestorProcessId(Data);
    ObReferenceObject(Objects->FileObject);
    job->FileObject = Objects->FileObject;

    PFLT_GENERIC_WORKITEM item = FltAllocateGenericWorkItem();
    if (!item) {
        Pool::FreeJob(job);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(FltQueueGenericWorkItem(item, Objects->Instance, RenameWorker,
                                            DelayedWorkQueue, job))) {
        FltFreeGenericWorkItem(item);
        Pool::FreeJob(job);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

} // namespace

const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, nullptr, PostSetInfo },
    { IRP_MJ_OPERATION_END }
};

} // namespace wp

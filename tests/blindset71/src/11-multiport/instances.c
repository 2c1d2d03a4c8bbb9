#include "mport.h"

const FLT_CONTEXT_REGISTRATION MpContextRegistration[] = {
    { FLT_INSTANCE_CONTEXT, 0, NULL, sizeof(MP_INSTANCE_CONTEXT), MP_TAG_INST },
    { FLT_CONTEXT_END }
};

NTSTATUS FLTAPI
MpInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE FsType)
{
    NTSTATUS status;
    PMP_INSTANCE_CONTEXT ic = NULL;
    MP_EVENT ev;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(MP_INSTANCE_CONTEXT), NonPagedPoolNx, &ic);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ic->FsType = FsType;
    ic->Creates = 0;

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ic, NULL);
    FltReleaseContext(ic);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&ev, sizeof(ev));
    ev.Kind = MpEventAttach;
    ev.FsType = (ULONG)FsType;
    MpBroadcast(&ev);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
MpInstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

VOID FLTAPI
MpInstanceTeardownStart(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_TEARDOWN_FLAGS Flags)
{
    PMP_INSTANCE_CONTEXT ic;
    MP_EVENT ev;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    RtlZeroMemory(&ev, sizeof(ev));
    ev.Kind = MpEventDetach;

    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, &ic))) {
        ev.FsType = (ULONG)ic->FsType;
        ev.Creates = (ULONG64)ic->Creates;
        FltReleaseContext(ic);
    }
    MpBroadcast(&ev);
}

VOID FLTAPI
MpInstanceTeardownComplete(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    MP_TRACE("instance gone, flags 0x%x", Flags);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
MpPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *Cc)
{
    PMP_INSTANCE_CONTEXT ic;

    UNREFERENCED_PARAMETER(Data);
    *Cc = NULL;

    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, &ic))) {
        InterlockedIncrement64(&ic->Creates);
        FltReleaseContext(ic);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

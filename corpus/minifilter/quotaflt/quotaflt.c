/*
 * quotaflt.c - minifilter of a storage-quota service: it counts the bytes
 * written on each NTFS volume. DriverEntry registers the filter with the
 * FLT_REGISTRATION that quotaflt.h defines, whose FilterUnload,
 * QfUnload, unregisters it.
 */

#include "quotaflt.h"

QF_GLOBALS QfGlobals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, QfUnload)
#pragma alloc_text(PAGE, QfInstanceSetup)
#endif

NTSTATUS FLTAPI
QfInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeDeviceType);
    PAGED_CODE();
    return VolumeFilesystemType == FLT_FSTYPE_NTFS ? STATUS_SUCCESS : STATUS_FLT_DO_NOT_ATTACH;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
QfPostWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    if (NT_SUCCESS(Data->IoStatus.Status)) {
        InterlockedAdd64(&QfGlobals.BytesWritten, (LONG64)Data->IoStatus.Information);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS FLTAPI
QfUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    FltUnregisterFilter(QfGlobals.Filter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &QfGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(QfGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(QfGlobals.Filter);
    }
    return status;
}

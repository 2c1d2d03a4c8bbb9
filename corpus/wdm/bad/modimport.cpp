/*
 * modimport.cpp - a C++20 legacy driver, built with /std:c++latest, that
 * imports the standard library as a module (`import std;`), sizes its table
 * with std::size and clears its pointer with std::exchange. entrycheck reads
 * no C++ modules: it reads the file without the import (a note says so) and
 * assumes what `std` names where the driver uses it, so DriverEntry is
 * analyzed: a failed allocation returns with the device still made (DE006).
 */

#include <ntddk.h>

import std;

#define MI_TAG 'pImM'

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MiUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH MiCreateClose;

struct MI_SAMPLE {
    ULONG Source;
    ULONG Value;
};

static PDEVICE_OBJECT g_MiDevice;
static MI_SAMPLE *g_MiSamples;
static ULONG g_MiSlots[16];

NTSTATUS
MiCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
MiUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(std::exchange(g_MiSamples, nullptr), MI_TAG);
    IoDeleteDevice(g_MiDevice);
}

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_MiDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    for (size_t i = 0; i < std::size(g_MiSlots); i++) {
        g_MiSlots[i] = 0;
    }

    SIZE_T bytes = std::size(g_MiSlots) * sizeof(MI_SAMPLE);
    g_MiSamples = static_cast<MI_SAMPLE *>(ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, MI_TAG));
    if (g_MiSamples == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;               // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = MiCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MiCreateClose;
    DriverObject->DriverUnload = MiUnload;
    return STATUS_SUCCESS;
}

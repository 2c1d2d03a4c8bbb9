/*
 * tonegen.cpp - tone generator for the service buzzer. DriverEntry creates
 * the generator object with the driver's own placement new (which returns
 * nullptr when the pool is exhausted, so the constructor does not run); the
 * constructor sets up a lookaside list of notes and the destructor deletes
 * it.
 * Mistake: the IoCreateDevice failure returns without `delete g_Gen`, so the
 * constructor's lookaside list stays registered after the driver is gone
 * (DE006: the acquisition shown is the constructor's).
 */

#include <ntddk.h>

#define TONE_POOLTAG 'enoT'

void *__cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag)
{
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void *p, size_t)
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, TONE_POOLTAG);
    }
}

struct Note {
    ULONG Frequency;
    ULONG Duration;
};

class ToneGen {
public:
    ToneGen()
    {
        ExInitializePagedLookasideList(&m_Notes, nullptr, nullptr, 0, sizeof(Note), TONE_POOLTAG, 0);
    }
    ~ToneGen()
    {
        ExDeletePagedLookasideList(&m_Notes);
    }

private:
    PAGED_LOOKASIDE_LIST m_Notes;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ToneUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ToneCreateClose;

static ToneGen *g_Gen;

extern "C"
NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Gen = new (POOL_FLAG_PAGED, TONE_POOLTAG) ToneGen;
    if (g_Gen == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ToneGen");
    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;                                          // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ToneCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ToneCreateClose;
    DriverObject->DriverUnload = ToneUnload;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
ToneCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ToneUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    IoDeleteDevice(DriverObject->DeviceObject);
    delete g_Gen;
}

// tmplguard.cpp - a process-audit driver in C++ whose setup is undone by a
// scope guard template, in the version that declares the guard too late.
//
// BUG (DE006): contextGuard is declared after IoCreateDevice, so when the
// device cannot be created no guard is in scope and the audit context's
// buffer stays allocated.

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PaUnload;

template <typename T>
class DestroyGuard {
public:
    explicit DestroyGuard(T* object) : m_object(object) {}
    ~DestroyGuard() { if (m_object != nullptr) { m_object->Destroy(); } }
    DestroyGuard(const DestroyGuard&) = delete;
    DestroyGuard& operator=(const DestroyGuard&) = delete;
    void Release() { m_object = nullptr; }

private:
    T* m_object;
};

namespace audit {

constexpr ULONG Tag = 'tduA';

struct Context {
    PVOID Records;
    ULONG Count;

    NTSTATUS Init()
    {
        Records = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64 * 1024, Tag);
        Count = 0;
        return Records != nullptr ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    }

    void Destroy()
    {
        if (Records != nullptr) {
            ExFreePoolWithTag(Records, Tag);
            Records = nullptr;
        }
    }
};

Context g_Context;
PDEVICE_OBJECT g_Device;

} // namespace audit

VOID PaUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(audit::g_Device);
    audit::g_Context.Destroy();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = audit::g_Context.Init();
    if (!NT_SUCCESS(status)) {
        audit::g_Context.Destroy();
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ProcAudit");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &audit::g_Device);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006
    }
    DestroyGuard<audit::Context> contextGuard(&audit::g_Context);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = [](PDEVICE_OBJECT, PIRP Irp) -> NTSTATUS {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    };
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DriverObject->MajorFunction[IRP_MJ_CREATE];
    DriverObject->DriverUnload = PaUnload;
    contextGuard.Release();
    return STATUS_SUCCESS;
}

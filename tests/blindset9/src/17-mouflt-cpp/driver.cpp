// mouflt - counts mouse button presses. PointerClass0 is required,
// a second pointer device (touchpad + USB mouse setups) is optional.
#include "mouflt.h"

using mflt::MouseFilter;

namespace {

struct Target {
    const wchar_t* Name;
    bool Required;
};

constexpr Target kTargets[] = {
    { L"\\Device\\PointerClass0", true },
    { L"\\Device\\PointerClass1", false },
};

void Unload(PDRIVER_OBJECT DriverObject)
{
    MouseFilter::DetachAll(DriverObject);
    MouseFilter::Report();
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    MouseFilter::Init();

    for (auto& major : DriverObject->MajorFunction) {
        major = MouseFilter::PassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = MouseFilter::Read;
    DriverObject->MajorFunction[IRP_MJ_POWER] = MouseFilter::Power;
    DriverObject->DriverUnload = Unload;

    ULONG slot = 0;
    for (const auto& target : kTargets) {
        const auto status = MouseFilter::AttachTo(DriverObject, target.Name, slot);
        if (NT_SUCCESS(status)) {
            slot++;
            continue;
        }
        if (target.Required) {
            MF_LOG("cannot attach to %ws: 0x%08X", target.Name, status);
            MouseFilter::DetachAll(DriverObject);
            return status;
        }
        MF_LOG("optional %ws not attached (0x%08X)", target.Name, status);
    }

    MF_LOG("attached to %lu pointer device(s)", slot);
    return STATUS_SUCCESS;
}

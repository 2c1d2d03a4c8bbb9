/*
 * devmon.cpp - C++ legacy filter that attaches itself to devices the service
 * names: every MajorFunction slot gets the pass-through routine through a
 * range-based for over the table (no AddDevice: it is not a PnP driver), and
 * the global manager's Init creates the control device. Two classes have a
 * method named Init; the call on the manager reaches the manager's.
 *
 * Conforming: WDM001 and WDM002 (the range-for fills every slot), DE006 (the
 * manager's Init is followed: its device is deleted when the link fails).
 */

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DmUnload;
DRIVER_DISPATCH DmPassThrough;

class DmLock {
public:
    void Init() { ExInitializeFastMutex(&m_Mutex); }

private:
    FAST_MUTEX m_Mutex;
};

class DmManager {
public:
    NTSTATUS Init(PDRIVER_OBJECT DriverObject);
    void Teardown();
    PDEVICE_OBJECT Control;
    DmLock Lock;
};

static DmManager g_Manager;
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\??\\DevMonX");

NTSTATUS DmManager::Init(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\DevMonX");
    Lock.Init();
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, TRUE, &Control);
}

void DmManager::Teardown()
{
    IoDeleteDevice(Control);
}

_Use_decl_annotations_
NTSTATUS DmPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
void DmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_Link);
    g_Manager.Teardown();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto status = g_Manager.Init(DriverObject);
    if (!NT_SUCCESS(status))
        return status;

    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\DevMonX");
    status = IoCreateSymbolicLink(&g_Link, &name);
    if (!NT_SUCCESS(status)) {
        g_Manager.Teardown();
        return status;
    }

    for (auto& dispatch : DriverObject->MajorFunction)
        dispatch = DmPassThrough;
    DriverObject->DriverUnload = DmUnload;
    return STATUS_SUCCESS;
}

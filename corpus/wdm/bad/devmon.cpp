/*
 * devmon.cpp - C++ legacy filter that attaches itself to devices the service
 * names: every MajorFunction slot gets the pass-through routine through a
 * range-based for over the table (no AddDevice: it is not a PnP driver), and
 * the global manager's Init creates the control device. Two classes have a
 * method named Init; the call on the manager reaches the manager's.
 *
 * WDM001 and WDM002 hold (the range-for fills every slot).
 *
 * BUG (DE006): when the symbolic link fails, DriverEntry returns without
 * deleting the control device the manager's Init created; only following
 * DmManager::Init (not DmLock::Init) shows it.
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
        return status;                                  // expect: DE006
    }

    for (auto& dispatch : DriverObject->MajorFunction)
        dispatch = DmPassThrough;
    DriverObject->DriverUnload = DmUnload;
    return STATUS_SUCCESS;
}
